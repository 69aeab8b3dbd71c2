import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// A throwaway PostgreSQL server for tests and benchmarks: `initdb` into a temporary directory and
/// `pg_ctl start` on a free loopback port, with password (SCRAM) authentication for one role.
///
/// PostgreSQL refuses to run as root, so when this process is root the server runs as the
/// unprivileged `postgres` user that Debian's package creates (`runuser -u postgres -- ...`).
/// ``start(durable:)`` also starts a watchdog process that stops the server and removes its
/// directory once this process exits, however it exits (a crash or SIGKILL included), so no test
/// leaves a server behind. ``stop()`` does the same at once.
///
/// ```swift
/// let server = try await PostgresTestServer.shared()   // one per test process
/// let url = try await server.createDatabase()          // a fresh, empty database
/// ```
public final class PostgresTestServer: Sendable {
    /// The role the tests connect as (a superuser of this server only).
    public let user: String
    /// Its password.
    public let password: String
    /// The loopback address and port the server listens on.
    public let host: String
    /// The port.
    public let port: Int
    /// The temporary directory holding the data directory, the log and the socket.
    public let directory: URL
    private let binaries: URL
    private let runAsPostgres: Bool
    private let counter = Counter()

    /// `postgres://user@127.0.0.1:port/database`: the store URL of `database`, without the password.
    public func url(database: String) -> String { "postgres://\(user)@\(host):\(port)/\(database)" }

    /// The server this test process shares, started on first use.
    public static func shared() async throws -> PostgresTestServer {
        try await SharedServer.instance.server()
    }

    /// Starts a new server. `durable` keeps PostgreSQL's defaults (fsync on, as production runs);
    /// otherwise fsync and synchronous commit are off, which tests do not need and which slow them.
    public static func start(durable: Bool = false) async throws -> PostgresTestServer {
        let binaries = try findBinaries()
        let runAsPostgres = geteuid() == 0
        // The `postgres` user must reach the directory: /tmp, not a TMPDIR under root's home.
        let base = runAsPostgres ? URL(fileURLWithPath: "/tmp") : FileManager.default.temporaryDirectory
        let directory = base.appendingPathComponent("switchboard-pg-\(getpid())-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let password = "pw-" + UUID().uuidString
        let user = "switchboard_test"
        let passwordFile = directory.appendingPathComponent("pwfile")
        try Data(password.utf8).write(to: passwordFile)
        if runAsPostgres {
            try await run("/bin/chown", ["-R", "postgres:", directory.path])
        }
        let data = directory.appendingPathComponent("data")
        do {
            try await runServerTool(binaries.appendingPathComponent("initdb").path, [
                "-D", data.path, "-U", user, "--pwfile=\(passwordFile.path)", "-E", "UTF8", "--locale=C",
                "--auth-host=scram-sha-256", "--auth-local=scram-sha-256", "--no-sync", "--no-instructions",
            ], asPostgres: runAsPostgres)
            try? FileManager.default.removeItem(at: passwordFile)
            var options = [
                "-c listen_addresses=127.0.0.1", "-c unix_socket_directories='\(directory.path)'",
                "-c max_connections=1000", "-c shared_buffers=64MB",
            ]
            if !durable {
                options += ["-c fsync=off", "-c synchronous_commit=off", "-c full_page_writes=off"]
            }
            var lastError: (any Error)?
            for _ in 0..<5 {
                let port = try freeLoopbackPort()
                do {
                    try await runServerTool(binaries.appendingPathComponent("pg_ctl").path, [
                        "-D", data.path, "-l", directory.appendingPathComponent("server.log").path,
                        "-o", (["-p \(port)"] + options).joined(separator: " "), "-w", "-t", "60", "start",
                    ], asPostgres: runAsPostgres)
                    let server = PostgresTestServer(user: user, password: password, host: "127.0.0.1", port: port,
                                                    directory: directory, binaries: binaries, runAsPostgres: runAsPostgres)
                    try server.startWatchdog()
                    return server
                } catch {
                    lastError = error
                }
            }
            throw lastError ?? PostgresTestServerError("pg_ctl start failed")
        } catch {
            try? FileManager.default.removeItem(at: directory)
            throw error
        }
    }

    private init(user: String, password: String, host: String, port: Int, directory: URL, binaries: URL,
                 runAsPostgres: Bool) {
        self.user = user
        self.password = password
        self.host = host
        self.port = port
        self.directory = directory
        self.binaries = binaries
        self.runAsPostgres = runAsPostgres
    }

    /// Creates an empty database (`test_<n>` unless named) and returns its store URL (no password).
    public func createDatabase(named name: String? = nil) async throws -> String {
        let name = name ?? "test_\(counter.next())"
        try await psql("CREATE DATABASE \(name)")
        return url(database: name)
    }

    /// Runs SQL through `psql` as the test role (in `database`, `postgres` by default), with the
    /// role's password unless another is given.
    public func psql(_ sql: String, database: String = "postgres", password: String? = nil) async throws {
        try await Self.run(binaries.appendingPathComponent("psql").path, [
            "-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", host, "-p", String(port), "-U", user, "-d", database, "-c", sql,
        ], environment: ["PGPASSWORD": password ?? self.password, "PGCONNECT_TIMEOUT": "10"])
    }

    /// Runs a query through `psql` as the test role (in `database`) and returns its rows, one line
    /// each, columns separated by `|` (unaligned, without headers).
    public func psqlRows(_ sql: String, database: String = "postgres") async throws -> [String] {
        try await Self.run(binaries.appendingPathComponent("psql").path, [
            "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-h", host, "-p", String(port), "-U", user, "-d", database, "-c", sql,
        ], environment: ["PGPASSWORD": password, "PGCONNECT_TIMEOUT": "10"])
        .split(separator: "\n").map(String.init).filter { !$0.isEmpty }
    }

    /// Stops the server at once and removes its directory.
    public func stop() async {
        try? await Self.runServerTool(binaries.appendingPathComponent("pg_ctl").path, [
            "-D", directory.appendingPathComponent("data").path, "-m", "immediate", "-w", "stop",
        ], asPostgres: runAsPostgres)
        try? FileManager.default.removeItem(at: directory)
    }

    // MARK: - Processes

    /// A shell that waits for this process to exit, then stops the server and removes its directory.
    private func startWatchdog() throws {
        let pidFile = directory.appendingPathComponent("data/postmaster.pid").path
        let script = """
            while kill -0 \(getpid()) 2>/dev/null; do sleep 1; done
            if [ -f '\(pidFile)' ]; then
              pid=$(head -n 1 '\(pidFile)'); kill -QUIT "$pid" 2>/dev/null
              for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
            fi
            rm -rf '\(directory.path)'
            """
        // Closes inherited descriptors first, so that it holds none of this process's pipes open.
        _ = try Spawn.start("/bin/bash", ["-c", Self.closeDescriptors + script], output: nil)
    }

    /// Runs a server tool (as `postgres` when root), under a bash that closes every descriptor above
    /// 2 first, so that the server `pg_ctl start` leaves running holds none of this process's open.
    private static func runServerTool(_ tool: String, _ arguments: [String], asPostgres: Bool) async throws {
        let command = asPostgres ? ["/usr/sbin/runuser", "-u", "postgres", "--", tool] + arguments : [tool] + arguments
        try await run("/bin/bash", ["-c", closeDescriptors + #"exec "$@""#, "bash"] + command)
    }

    /// Bash that closes every descriptor above 2.
    private static let closeDescriptors = #"for fd in /proc/$$/fd/*; do fd=${fd##*/}; [ "$fd" -gt 2 ] && eval "exec $fd>&-"; done; "#

    /// Runs a program to its end without blocking a thread of the cooperative pool and returns its
    /// output (stdout and stderr); throws with its output when it fails.
    @discardableResult
    static func run(_ path: String, _ arguments: [String], environment: [String: String] = [:]) async throws -> String {
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("switchboard-pg-out-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: output) }
        let pid = try Spawn.start(path, arguments, environment: environment, output: output.path)
        let status = await Spawn.exitStatus(of: pid)
        guard status == 0 else {
            let text = (try? String(contentsOf: output, encoding: .utf8)) ?? ""
            throw PostgresTestServerError("\((path as NSString).lastPathComponent) \(arguments.first ?? "") exited with \(status): \(text.suffix(2000))")
        }
        return (try? String(contentsOf: output, encoding: .utf8)) ?? ""
    }

    /// `/usr/lib/postgresql/<newest>/bin`, where Debian's `postgresql` package puts the server.
    static func findBinaries() throws -> URL {
        let root = URL(fileURLWithPath: "/usr/lib/postgresql")
        let versions = (try? FileManager.default.contentsOfDirectory(atPath: root.path)) ?? []
        let newest = versions
            .filter { FileManager.default.isExecutableFile(atPath: root.appendingPathComponent("\($0)/bin/initdb").path) }
            .max { (Int($0) ?? 0) < (Int($1) ?? 0) }
        guard let newest else {
            throw PostgresTestServerError("no PostgreSQL server under /usr/lib/postgresql: run `make deps` (installs Debian's postgresql)")
        }
        return root.appendingPathComponent("\(newest)/bin")
    }

    /// A loopback port nobody listens on now (the kernel's pick for port 0).
    public static func freeLoopbackPort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw PostgresTestServerError("socket() failed: errno \(errno)") }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) }
        }
        guard bound == 0 else { throw PostgresTestServerError("bind() failed: errno \(errno)") }
        let named = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        guard named == 0 else { throw PostgresTestServerError("getsockname() failed: errno \(errno)") }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}

/// Why the test server could not start or run a command.
public struct PostgresTestServerError: Error, CustomStringConvertible {
    /// What went wrong.
    public let description: String
    init(_ description: String) { self.description = description }
}

/// Numbers databases within one server.
private final class Counter: Sendable {
    private let value = Mutex(0)
    func next() -> Int { value.withLock { $0 += 1; return $0 } }
}

/// The one server of this test process, started by the first test that asks.
private actor SharedServer {
    static let instance = SharedServer()
    private var starting: Task<PostgresTestServer, any Error>?

    func server() async throws -> PostgresTestServer {
        if let starting { return try await starting.value }
        let task = Task { try await PostgresTestServer.start() }
        starting = task
        return try await task.value
    }
}
