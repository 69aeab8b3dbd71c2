import Hummingbird
import Logging
import NIOCore
import Synchronization

/// Serves one ``EmulatedProvider`` over HTTP: in-process on a port of the loopback (tests), or as
/// the process's work until SIGINT/SIGTERM.
///
/// ```swift
/// let server = EmulatorServer(provider: provider)
/// let port = try await server.start()          // 127.0.0.1, a free port
/// ...
/// await server.stop()
/// ```
public final class EmulatorServer: Sendable {
    /// The provider served.
    public let provider: any EmulatedProvider
    /// The server's settings.
    public let configuration: EmulatorConfiguration
    /// Every provider API request served, in order.
    public let requestLog = RequestLog()
    /// The injected faults.
    public let faults = FaultStore()
    private let logger: Logger
    private let running = Mutex<(server: BackgroundServer, host: String)?>(nil)

    /// Creates a server; nothing listens until ``start(host:port:)`` or ``run(host:port:)``.
    public init(provider: any EmulatedProvider, configuration: EmulatorConfiguration = EmulatorConfiguration(),
                logger: Logger? = nil) {
        self.provider = provider
        self.configuration = configuration
        self.logger = logger ?? Logger(label: "switchboard.emulator.\(provider.name)")
    }

    /// Starts listening in the background and returns the bound port (pass 0 for a free one).
    /// Throws when the address cannot be bound or the server is already running.
    public func start(host: String = "127.0.0.1", port: Int = 0) async throws -> Int {
        guard running.withLock({ $0 == nil }) else { throw EmulatorServerError.alreadyRunning }
        // A BackgroundServer, so that stop() shuts down gracefully: cancelling a Hummingbird
        // server while an accepted connection is still buffered traps in NIO.
        let server = try await BackgroundServer.start(logger: logger) { onServerRunning in
            application(host: host, port: port, serverLogLevel: .critical, onServerRunning: onServerRunning)
        }
        running.withLock { $0 = (server, host) }
        return server.port
    }

    /// Stops a server started with ``start(host:port:)`` and waits until it has closed its port:
    /// it stops accepting, lets the requests in progress finish for up to `grace`, then cancels
    /// what is left.
    public func stop(grace: Duration = .seconds(5)) async {
        let server = running.withLock { state in
            defer { state = nil }
            return state?.server
        }
        await server?.stop(grace: grace)
    }

    /// The bound port while started in-process.
    public var port: Int? { running.withLock { $0?.server.port } }

    /// `http://host:port` while started in-process.
    public var baseURL: String? {
        running.withLock { state in state.map { "http://\($0.host):\($0.server.port)" } }
    }

    /// Serves in the foreground until SIGINT or SIGTERM, logging the address and each request.
    public func run(host: String = "127.0.0.1", port: Int) async throws {
        let logger = self.logger
        let name = provider.name
        let app = application(host: host, port: port, serverLogLevel: logger.logLevel) { channel in
            logger.notice("\(name) emulator listening on http://\(host):\(channel.localAddress?.port ?? port)")
        }
        try await app.runService()
    }

    /// The Hummingbird application; its own log lines (start, shutdown) go out at `serverLogLevel`.
    private func application(host: String, port: Int, serverLogLevel: Logger.Level,
                             onServerRunning: @escaping @Sendable (any Channel) async -> Void) -> some ApplicationProtocol {
        let responder = EmulatorResponder(provider: provider, log: requestLog, faults: faults,
                                          configuration: configuration, logger: logger)
        var serverLogger = logger
        serverLogger.logLevel = max(serverLogLevel, logger.logLevel)
        return Application(responder: responder,
                           configuration: ApplicationConfiguration(address: .hostname(host, port: port), serverName: nil),
                           onServerRunning: onServerRunning, logger: serverLogger)
    }
}

/// Why an ``EmulatorServer`` could not start.
public enum EmulatorServerError: Error, Sendable {
    /// ``EmulatorServer/start(host:port:)`` was called while it runs.
    case alreadyRunning
    /// The server stopped before it was listening.
    case notStarted
}
