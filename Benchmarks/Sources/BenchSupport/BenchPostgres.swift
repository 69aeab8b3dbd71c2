import Foundation
import PostgresTestServer
import Switchboard
import SwitchboardPostgres

/// The benchmarks' own PostgreSQL server, started on first use the way the tests start theirs
/// (`PostgresTestServer`: `initdb` into a temporary directory, a free loopback port, as the
/// `postgres` user when run as root; `make deps` installs Debian's postgresql), but durable: fsync
/// and synchronous commit stay on, as production runs, so a commit costs what it costs there. Its
/// watchdog stops it and removes its directory when the benchmark process exits.
public enum BenchPostgres {
    private static let once = ServerOnce()

    /// A fresh, empty database on the benchmarks' server: its store URL and the environment
    /// carrying its password.
    public static func database() async throws -> (url: String, environment: [String: String]) {
        let server = try await once.server()
        return (try await server.createDatabase(), [PostgresStoreLocation.passwordVariable: server.password])
    }

    /// `count` stores (each with its own connection pool, as replicas have) on one fresh database.
    public static func stores(_ count: Int) async throws -> [PostgresStore] {
        let (url, environment) = try await database()
        var stores: [PostgresStore] = []
        for _ in 0..<count { stores.append(try await PostgresStore.connect(url: url, environment: environment)) }
        return stores
    }
}

private actor ServerOnce {
    private var task: Task<PostgresTestServer, any Error>?

    func server() async throws -> PostgresTestServer {
        if let task { return try await task.value }
        let task = Task { try await PostgresTestServer.start(durable: true) }
        self.task = task
        return try await task.value
    }
}
