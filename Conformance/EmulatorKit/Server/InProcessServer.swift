import Switchboard
import Synchronization

/// An emulator's one in-process server (tests): started on a port of the loopback, stopped, and
/// its request log read while it runs. Each emulator's `start`/`stop` hands over to it.
public final class InProcessServer: Sendable {
    private let server = Mutex<EmulatorServer?>(nil)

    /// Creates a holder with no server running.
    public init() {}

    /// Starts serving `provider` and returns the bound port (0 picks a free one).
    public func start(_ provider: any EmulatedProvider, host: String, port: Int,
                      configuration: EmulatorConfiguration) async throws -> Int {
        let started = EmulatorServer(provider: provider, configuration: configuration)
        let bound = try await started.start(host: host, port: port)
        server.withLock { $0 = started }
        return bound
    }

    /// Stops the server, if one runs.
    public func stop() async {
        let running = server.withLock { server in
            defer { server = nil }
            return server
        }
        await running?.stop()
    }

    /// The running server's request log.
    public var requestLog: RequestLog? { server.withLock { $0?.requestLog } }

    /// Serves `provider` in the foreground until SIGINT or SIGTERM, logging each request on one
    /// line; then runs `cleanup` (also when serving fails).
    public static func serve(_ provider: any EmulatedProvider, host: String, port: Int, configuration: EmulatorConfiguration,
                             cleanup: () async -> Void) async throws {
        try await withCleanup {
            try await EmulatorServer(provider: provider, configuration: configuration).run(host: host, port: port)
        } cleanup: {
            await cleanup()
        }
    }
}
