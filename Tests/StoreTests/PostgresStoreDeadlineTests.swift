import Foundation
import PostgresTestServer
import Switchboard
import SwitchboardPostgres
import Synchronization
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// The store's statement deadline (issue 16: "a connection dropped mid-run is retried; no claimed
/// row is lost, and none is sent twice because of the drop"). A statement whose answer does not come
/// (here: its server backend stopped with SIGSTOP, or its COMMIT stalled) ends at its deadline
/// instead of waiting forever, and runs again only when that cannot double its effect.
///
/// The tests run as root and the server as `postgres`, so the test can stop and continue a backend.
/// Without the deadline each stalled call here waits until the test gives up (120 s) and fails it.
@Suite("PostgresStore deadlines")
struct PostgresStoreDeadlineTests {
    /// A store on a fresh database whose pool holds one connection (so the test knows its backend),
    /// without a LISTEN connection; with its database's name.
    func makeStore(_ server: PostgresTestServer, timeout: Duration, attempts: Int) async throws -> (PostgresStore, String) {
        let url = try await server.createDatabase()
        var options = PostgresStore.Options()
        options.maximumConnections = 1
        options.listens = false
        options.statementTimeout = timeout
        options.connectionAttempts = attempts
        let store = try await PostgresStore.connect(
            url: url, environment: [PostgresStoreLocation.passwordVariable: server.password], options: options)
        return (store, String(url.split(separator: "/").last!))
    }

    /// The server processes of `database`'s connections (psql's own excepted).
    func backends(_ database: String, on server: PostgresTestServer) async throws -> [pid_t] {
        try await server.psqlRows("""
            SELECT pid FROM pg_stat_activity WHERE datname = '\(database)' AND pid <> pg_backend_pid()
            """).compactMap { pid_t($0) }
    }

    /// Waits (polling) until `condition` holds; records an issue after two minutes.
    func waitUntil(_ what: String, _ condition: () async throws -> Bool) async throws {
        let clock = ContinuousClock()
        let end = clock.now.advanced(by: .seconds(120))
        while try await !condition() {
            guard clock.now < end else {
                Issue.record("gave up waiting until \(what)")
                return
            }
            try await Task.sleep(for: .milliseconds(100))
        }
    }

    /// The backend of the one connection the store's pool holds: idle, its last statement the
    /// store's read. Not "the database's only backend": the connection the store checked the server
    /// with (its last statement the migration's) closes in the background, and the pool closes an
    /// idle connection after a while; under a full test run's load either once kept the count off
    /// one for two minutes. So each look reads through the store first.
    func pooledBackend(_ store: PostgresStore, _ database: String, on server: PostgresTestServer) async throws -> pid_t {
        var pids: [pid_t] = []
        try await waitUntil("the store holds one connection") {
            _ = try? await store.outboxCounts()
            pids = try await server.psqlRows("""
                SELECT pid FROM pg_stat_activity WHERE datname = '\(database)' AND pid <> pg_backend_pid()
                  AND state = 'idle' AND query LIKE '%switchboard_outbox%'
                """).compactMap { pid_t($0) }
            return pids.count == 1
        }
        try #require(pids.count == 1, "the store's backends: \(pids)")
        return try #require(pids.first)
    }

    /// `body`'s result, or `nil` (recording an issue, then calling `giveUp` so that `body` can end)
    /// when it has not ended within two minutes: a hang fails the test rather than stalling it.
    func ending<T: Sendable>(_ what: String, giveUp: @escaping @Sendable () -> Void,
                             _ body: @escaping @Sendable () async throws -> T) async -> Result<T, any Error>? {
        await withTaskGroup(of: Result<T, any Error>?.self) { group in
            group.addTask {
                do { return .success(try await body()) } catch { return .failure(error) }
            }
            group.addTask {
                try? await Task.sleep(for: .seconds(120))
                return nil
            }
            let first = await group.next() ?? nil
            if case .none = first {
                Issue.record("\(what) did not end")
                giveUp()
            }
            group.cancelAll()
            return first
        }
    }

    @Test("connecting to a server that accepts the connection but never answers fails at the connect timeout, with one line naming the URL and not the password")
    func silentServerAtStart() async throws {
        let (listener, port) = try Self.silentListener()
        defer { close(listener) }
        var options = PostgresStore.Options()
        options.connectTimeout = .seconds(2)   // postgres-nio's: the TCP connection and the startup exchange
        options.listens = false
        let url = "postgres://app@127.0.0.1:\(port)/switchboard"
        let password = "pw-\(UUID().uuidString)"
        // Shutting the listener down resets the connection it never accepted, so a connect still
        // waiting (with no timeout) ends and the test fails instead of hanging.
        let result = await ending("connecting to a silent server", giveUp: { shutdown(listener, Int32(SHUT_RDWR)) }) { [options] in
            try await PostgresStore.connect(url: url, environment: [PostgresStoreLocation.passwordVariable: password], options: options)
        }
        if case .success(let store) = result { await store.close() }
        #expect(throws: SwitchboardError.self) { try result?.get() }
        if case .failure(let error as SwitchboardError) = result {
            #expect(error.kind == .storage)
            #expect(error.message.contains("postgres://app@127.0.0.1:\(port)/switchboard"), "\(error.message)")
            #expect(error.message.contains("Connect timeout (2 s)"), "\(error.message)")
            #expect(!error.message.contains(password))
        }
    }

    /// A socket listening on a loopback port that never accepts: connections complete (the kernel's
    /// backlog) and nothing ever answers them. Its descriptor and port.
    static func silentListener() throws -> (Int32, Int) {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        try #require(fd >= 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0 }
        }
        try #require(bound && listen(fd, 16) == 0, "cannot listen on a loopback port: errno \(errno)")
        return (fd, Int(UInt16(bigEndian: address.sin_port)))
    }

    @Test("a read sent to a stopped backend ends at its deadline with a clear storage error, and a later call succeeds")
    func stalledRead() async throws {
        let server = try await PostgresTestServer.shared()
        let (store, database) = try await makeStore(server, timeout: .seconds(5), attempts: 1)
        defer { Task { await store.close() } }
        // One try only, so a busy machine may miss the deadline here: asked until it answers (by key,
        // so once). The first call also opens the pool's one connection.
        try await waitUntil("the store answers") { (try? await store.insertOutbox(Fixture.entry("before"))) != nil }
        let pid = try await pooledBackend(store, database, on: server)
        #expect(kill(pid, SIGSTOP) == 0)
        defer { kill(pid, SIGCONT) }

        let result = await ending("a read on a stopped backend", giveUp: { kill(pid, SIGCONT) }) {
            try await store.outboxCounts()
        }
        #expect(throws: SwitchboardError.self) { try result?.get() }
        if case .failure(let error as SwitchboardError) = result {
            #expect(error.kind == .storage)
            #expect(error.message.contains("no answer within 5s"))
            #expect(!error.isAmbiguous)   // a read has no effect to be unsure about
            #expect(!error.message.contains(server.password))
        }
        // The stalled connection was closed; the pool opens another.
        var counts: [OutboxState: Int]?
        try await waitUntil("a later call succeeds") {
            counts = try? await store.outboxCounts()
            return counts != nil
        }
        #expect(counts == [.queued: 1])
    }

    @Test("an insert sent to a stopped backend runs again on a fresh connection, and the stalled one, run late, doubles nothing")
    func stalledInsert() async throws {
        let server = try await PostgresTestServer.shared()
        let (store, database) = try await makeStore(server, timeout: .seconds(5), attempts: 3)
        defer { Task { await store.close() } }
        _ = try await store.outboxCounts()
        let pid = try await pooledBackend(store, database, on: server)
        #expect(kill(pid, SIGSTOP) == 0)
        var stopped = true
        defer { if stopped { kill(pid, SIGCONT) } }

        let result = await ending("an insert on a stopped backend", giveUp: { kill(pid, SIGCONT) }) {
            try await store.insertOutbox(Fixture.entry("stalled")).inserted
        }
        #expect(try result?.get() == true)
        // Continued, the stopped backend reads the INSERT it was sent before the socket closed and
        // runs it (its key is taken: nothing happens), then exits. Done with the INSERT is enough:
        // gone, or idle (twice in five full runs it stayed, idle or not, for two minutes).
        kill(pid, SIGCONT)
        stopped = false
        var state = ""
        func ranItsInsert() -> Bool { state == "gone" || (state.hasPrefix("idle ") && !state.hasPrefix("idle in")) }
        try await waitUntil("the stalled backend has run its INSERT") {
            state = try await server.psqlRows("SELECT state || ' ' || coalesce(wait_event, '') FROM pg_stat_activity WHERE pid = \(pid)").first ?? "gone"
            return ranItsInsert()
        }
        #expect(ranItsInsert(), "the stalled backend: \(state)")
        if state != "gone" { try await server.psql("SELECT pg_terminate_backend(\(pid))") }
        #expect(try await store.outboxCounts() == [.queued: 1])
        #expect(try await store.outboxEntries(state: nil, limit: 10).map(\.idempotencyKey) == ["stalled"])
    }

    @Test("a ledger update whose COMMIT gets no answer throws an ambiguous storage error at its deadline and does not run again")
    func unansweredCommit() async throws {
        let server = try await PostgresTestServer.shared()
        let (store, database) = try await makeStore(server, timeout: .seconds(5), attempts: 3)
        defer { Task { await store.close() } }
        // Each row the transaction writes makes its COMMIT wait 8 s (a deferred constraint
        // trigger): the COMMIT is sent, and its answer comes after the deadline.
        try await server.psql("""
            CREATE FUNCTION slow_commit() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN PERFORM pg_sleep(8); RETURN NULL; END $$;
            CREATE CONSTRAINT TRIGGER slow_commit AFTER INSERT OR UPDATE ON switchboard_pacing_ledger
                DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION slow_commit();
            """, database: database)

        let result = await ending("a transaction with a stalled COMMIT", giveUp: {}) {
            try await store.updatePacingLedger(for: Fixture.shop) { ledger in
                ledger.record(newConversation: true, at: Fixture.now, gap: .zero)
            }
        }
        #expect(throws: SwitchboardError.self) { try result?.get() }
        if case .failure(let error as SwitchboardError) = result {
            #expect(error.kind == .storage)
            #expect(error.isAmbiguous)
            #expect(error.message.contains("may have been committed"))
        }
        // It did commit, after the deadline: the send is counted once, not once per try.
        var sends = 0
        try await waitUntil("the stalled COMMIT lands") {
            sends = (try? await store.pacingLedgers().first?.sends.count) ?? 0
            return sends > 0
        }
        #expect(sends == 1)

        try await server.psql("DROP TRIGGER slow_commit ON switchboard_pacing_ledger", database: database)
        try await store.updatePacingLedger(for: Fixture.shop) { $0.record(newConversation: false, at: Fixture.now, gap: .zero) }
        #expect(try await store.pacingLedgers().first?.sends.count == 2)
    }
}
