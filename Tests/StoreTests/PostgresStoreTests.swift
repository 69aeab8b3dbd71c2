import Foundation
import PostgresTestServer
import Switchboard
import SwitchboardPostgres
import Testing

/// What only the PostgreSQL store does: its URL and secret, its failures at start, its schema
/// versions, its wake-ups and its recovery from dropped connections.
@Suite("PostgresStore")
struct PostgresStoreTests {
    func environment(_ server: PostgresTestServer) -> [String: String] {
        [PostgresStoreLocation.passwordVariable: server.password]
    }

    @Test("the URL names user, host, port and database; the password comes from the environment and is never shown")
    func location() throws {
        let location = try PostgresStoreLocation(url: "postgres://app@db.internal:6543/switchboard",
                                                 environment: [PostgresStoreLocation.passwordVariable: "s3cret"])
        #expect(location.user == "app")
        #expect(location.host == "db.internal")
        #expect(location.port == 6543)
        #expect(location.database == "switchboard")
        #expect(location.password == "s3cret")
        #expect(location.description == "postgres://app@db.internal:6543/switchboard")
        let inURL = try PostgresStoreLocation(url: "postgresql://app:inline@db/switchboard?sslmode=disable", environment: [:])
        #expect(inURL.password == "inline")
        #expect(inURL.port == 5432)
        #expect(inURL.tls == .disable)
        #expect(!inURL.description.contains("inline"))

        for bad in ["mysql://app@db/x", "postgres://db/x", "postgres://app@db", "postgres://app:pw@/x", "postgres://app@db/x?sslmode=verify-full"] {
            #expect {
                try PostgresStoreLocation(url: bad, environment: [:])
            } throws: { error in
                let error = error as? SwitchboardError
                return error?.kind == .invalidRequest && error?.message.contains("pw") == false
            }
        }
    }

    @Test("a wrong password fails at connect with one line naming the URL, not the password")
    func wrongPassword() async throws {
        let server = try await PostgresTestServer.shared()
        let url = try await server.createDatabase()
        let wrong = "wrong-\(UUID().uuidString)"
        let error = try #require(await connectError(url, [PostgresStoreLocation.passwordVariable: wrong]))
        #expect(error.kind == .storage)
        #expect(error.message.hasPrefix("cannot connect to the store at \(url):"))
        #expect(error.message.contains("password authentication failed"))
        #expect(!error.message.contains(wrong))
        #expect(!error.message.contains("\n"))
    }

    @Test("an unreachable server fails at connect with one line naming the URL")
    func unreachable() async throws {
        let port = try PostgresTestServer.freeLoopbackPort()
        let url = "postgres://app:secret-in-url@127.0.0.1:\(port)/switchboard"
        let error = try #require(await connectError(url, [:]))
        #expect(error.kind == .storage)
        #expect(error.message.hasPrefix("cannot connect to the store at postgres://app@127.0.0.1:\(port)/switchboard:"))
        #expect(!error.message.contains("secret-in-url"))
        #expect(!error.message.contains("\n"))
    }

    @Test("a store opened without waiting throws the same line from its first call")
    func openedLazily() async throws {
        let server = try await PostgresTestServer.shared()
        let url = try await server.createDatabase()
        let store = PostgresStore.open(try PostgresStoreLocation(url: url, environment: [PostgresStoreLocation.passwordVariable: "wrong"]))
        await #expect {
            try await store.instances()
        } throws: { error in
            (error as? SwitchboardError)?.message.hasPrefix("cannot connect to the store at \(url):") == true
        }
        await store.close()
        let good = PostgresStore.open(try PostgresStoreLocation(url: url, environment: environment(server)))
        #expect(try await good.instances().isEmpty)
        await good.close()
    }

    @Test("migrations run once, also when several replicas start together; a newer schema refuses to start")
    func schemaVersions() async throws {
        let server = try await PostgresTestServer.shared()
        let url = try await server.createDatabase()
        let environment = environment(server)
        let stores = try await withThrowingTaskGroup(of: PostgresStore.self) { group in
            for _ in 0..<4 { group.addTask { try await PostgresStore.connect(url: url, environment: environment) } }
            return try await group.reduce(into: [PostgresStore]()) { $0.append($1) }
        }
        for store in stores {
            #expect(try await store.appliedSchemaVersions() == Array(1...PostgresStore.schemaVersion))
            await store.close()
        }

        let database = String(url.split(separator: "/").last!)
        try await server.psql("INSERT INTO switchboard_schema (version, description) VALUES (\(PostgresStore.schemaVersion + 1), 'from the future')",
                              database: database)
        let error = try #require(await connectError(url, environment))
        #expect(error.message.contains("newer than this Switchboard knows"))
        #expect(error.message.contains(url))
    }

    @Test("after close, calls throw and change sequences end")
    func closed() async throws {
        let server = try await PostgresTestServer.shared()
        let store = try await PostgresStore.connect(url: try await server.createDatabase(), environment: environment(server))
        let changes = store.changes()
        await store.close()
        await store.close()
        for await _ in changes {}
        await #expect(throws: SwitchboardError.self) { try await store.instances() }
    }

    @Test("an insert by another replica wakes this one's change sequence (LISTEN/NOTIFY)")
    func notifications() async throws {
        let server = try await PostgresTestServer.shared()
        let url = try await server.createDatabase()
        let listener = try await PostgresStore.connect(url: url, environment: environment(server))
        let writer = try await PostgresStore.connect(url: url, environment: environment(server))
        defer { Task { await listener.close(); await writer.close() } }
        let changes = listener.changes()
        // The LISTEN connection may not be up yet: enqueue until a wake-up arrives (bounded).
        let seen = try await firstChange(changes, while: {
            for attempt in 0..<200 {
                _ = try await writer.insertOutbox(Fixture.entry("wake-\(attempt)"))
                try await Task.sleep(for: .milliseconds(50))
            }
        })
        #expect(seen == .outbox)
        _ = try await writer.recordInbound(Fixture.delivery(["n1"]), at: Fixture.now)
        var iterator = changes.makeAsyncIterator()
        var kinds: Set<StoreChange> = []
        while !kinds.contains(.inbox), let change = await iterator.next() { kinds.insert(change) }
        #expect(kinds.contains(.inbox))
    }

    @Test("connections killed by the server are replaced: the next calls succeed and no claimed row is lost")
    func droppedConnections() async throws {
        let server = try await PostgresTestServer.shared()
        let url = try await server.createDatabase()
        let database = String(url.split(separator: "/").last!)
        let store = try await PostgresStore.connect(url: url, environment: environment(server))
        defer { Task { await store.close() } }
        _ = try await store.insertOutbox(contentsOf: (0..<20).map { Fixture.entry("drop-\($0)") })
        let now = Fixture.now
        var claimed: [Int64] = []
        for round in 0..<4 {
            for _ in 0..<5 {
                if let entry = try await store.claimNextDue(at: now, leaseUntil: now.addingTimeInterval(30)) { claimed.append(entry.id) }
            }
            // Every connection of the store's pool (and its LISTEN connection) is cut.
            try await server.psql("""
                SELECT pg_terminate_backend(pid) FROM pg_stat_activity
                WHERE datname = '\(database)' AND pid <> pg_backend_pid()
                """)
            let counts = try await store.outboxCounts()
            #expect(counts == [.queued: 20 - 5 * (round + 1), .sending: 5 * (round + 1)].filter { $0.value > 0 })
        }
        #expect(Set(claimed).count == 20)
        #expect(try await store.outboxCounts() == [.sending: 20])
        #expect(try await store.reclaimExpiredOutbox(to: .ambiguous, note: "expired", at: now.addingTimeInterval(31)) == 20)
    }

    /// Why connecting to `url` failed, or `nil` (closing the store) when it did not.
    func connectError(_ url: String, _ environment: [String: String]) async -> SwitchboardError? {
        let result: Result<PostgresStore, SwitchboardError>
        do { result = .success(try await PostgresStore.connect(url: url, environment: environment)) } catch {
            result = .failure(error)
        }
        switch result {
        case .success(let store):
            await store.close()
            return nil
        case .failure(let error):
            return error
        }
    }

    /// The first change `changes` yields while `work` runs; fails the test if `work` ends first.
    func firstChange(_ changes: AsyncStream<StoreChange>, while work: @escaping @Sendable () async throws -> Void) async throws -> StoreChange? {
        try await withThrowingTaskGroup(of: StoreChange?.self) { group in
            group.addTask {
                var iterator = changes.makeAsyncIterator()
                return await iterator.next()
            }
            group.addTask {
                try await work()
                Issue.record("no wake-up while the writer enqueued")
                return nil
            }
            let first = try await group.next() ?? nil
            group.cancelAll()
            return first
        }
    }
}
