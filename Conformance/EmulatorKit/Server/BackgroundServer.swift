import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle
import Switchboard

/// A Hummingbird application served in the background (an emulator in a test, a test's own
/// server), stopped gracefully: ``stop(grace:)`` stops accepting, lets the requests in progress
/// finish for up to a grace period, then cancels what is left.
///
/// Cancelling a Hummingbird server while an accepted connection is still buffered traps in NIO
/// ("Deinited NIOAsyncWriter without calling finish()", apple/swift-nio#3481), so a server run in
/// a task must not be stopped by cancelling that task alone; this type runs it in a
/// `ServiceGroup` and shuts that down first.
///
/// ```swift
/// let server = try await BackgroundServer.start { onServerRunning in
///     Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
///                 onServerRunning: onServerRunning)
/// }
/// // ... http://127.0.0.1:\(server.port) ...
/// await server.stop()
/// ```
public final class BackgroundServer: Sendable {
    /// The port the server listens on.
    public let port: Int
    private let group: ServiceGroup
    private let task: Task<Void, any Error>
    private let logger: Logger

    private init(port: Int, group: ServiceGroup, task: Task<Void, any Error>, logger: Logger) {
        self.port = port
        self.group = group
        self.task = task
        self.logger = logger
    }

    /// Starts the application `application` builds and returns once it listens. `application`
    /// gets the callback to pass as the application's `onServerRunning`, which reports the bound
    /// port (so a configuration with port 0 works). Throws what the server threw when it could not
    /// listen.
    ///
    /// - Parameter logger: for the service group's own lines (debug level), silent by default, and
    ///   for a server that does not stop (error level, see ``stop(grace:)``).
    public static func start<App: ApplicationProtocol>(
        logger: Logger? = nil,
        _ application: (_ onServerRunning: @escaping @Sendable (any Channel) async -> Void) throws -> App
    ) async throws -> BackgroundServer {
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        let app = try application { channel in
            continuation.yield(channel.localAddress?.port ?? 0)
            continuation.finish()
        }
        let group = ServiceGroup(configuration: .init(services: [app], logger: logger ?? Self.silent))
        let task = Task {
            defer { continuation.finish() }
            try await group.run()
        }
        var bound: Int?
        for await port in ports {
            bound = port
            break
        }
        guard let bound, bound > 0 else {
            if case .failure(let error) = await task.result { throw error }
            throw EmulatorServerError.notStarted
        }
        return BackgroundServer(port: bound, group: group, task: task, logger: logger ?? Self.warnings)
    }

    /// Serves the application `application` builds (as ``start(logger:_:)`` does) while `body`
    /// runs, then stops it gracefully, whether `body` returned or threw; what `body` returned.
    public static func run<App: ApplicationProtocol, T>(
        logger: Logger? = nil,
        _ application: (_ onServerRunning: @escaping @Sendable (any Channel) async -> Void) throws -> App,
        while body: (BackgroundServer) async throws -> T
    ) async throws -> T {
        let server = try await start(logger: logger, application)
        return try await withCleanup { try await body(server) } cleanup: { await server.stop() }
    }

    /// Stops the server and waits until it has closed its port: it stops accepting, lets the
    /// requests in progress finish for up to `grace`, then cancels what is left. Calling it again
    /// waits for the same end.
    ///
    /// It waits at most `grace` plus 30 s. A server task that has not ended by then (a full test
    /// run once sat there for good, its port long closed) is logged at error level and left to end
    /// on its own, so that stopping a server never stalls its caller.
    public func stop(grace: Duration = .seconds(5)) async {
        await group.triggerGracefulShutdown()
        let task = self.task
        let deadline = Task {
            try await Task.sleep(for: grace)
            task.cancel()
        }
        if await !waitForEnd(of: task, atMost: grace + .seconds(30)) {
            logger.error("background server on port \(port): its task did not end within \(grace + .seconds(30)) of being stopped; left to end on its own")
        }
        deadline.cancel()
    }

    /// Where a server that will not stop is reported when the caller gave no logger.
    private static let warnings = Logger(label: "emulatorkit.background-server")

    private static let silent: Logger = {
        var logger = Logger(label: "emulatorkit.background-server")
        logger.logLevel = .critical
        return logger
    }()
}
