import Foundation
import Switchboard
import Testing

@Suite("SQLiteStore: schema, dedup, LIDs")
struct SQLiteStoreTests {
    let now = Date(timeIntervalSince1970: 1_800_000_000.25)

    /// Every migration this build ships, in order.
    static let migrations = ["v1: instances, outbox, seen events, handoffs, LIDs", "v2: leases, inbox, aliases, sent ids",
                             "v3: delivery receipts, inbox activity", "v4: pacing ledgers and replied conversations"]

    @Test("opening migrates to the current schema, once", arguments: StoreLocation.allCases)
    func migrates(_ location: StoreLocation) async throws {
        let test = try TestStore(location)
        defer { test.remove() }
        let applied = try await test.store.appliedMigrations()
        #expect(applied == Self.migrations)
        #expect(try await test.reopen().appliedMigrations() == applied)
    }

    @Test("eight connections opening one new file at once all migrate it, once")
    func concurrentOpen() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.path("shared.sqlite")
        let opened = await withTaskGroup(of: [String]?.self) { group in
            for _ in 0..<8 {
                group.addTask { try? await SQLiteStore(path: path).appliedMigrations() }
            }
            return await group.reduce(into: [[String]?]()) { $0.append($1) }
        }
        #expect(opened.count == 8)
        #expect(opened.allSatisfy { $0 == Self.migrations })
    }

    @Test("a file store defaults to switchboard.sqlite and uses WAL")
    func fileDefaults() async throws {
        #expect(SQLiteStore.defaultPath == "switchboard.sqlite")
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.path("routes.sqlite")
        let store = try SQLiteStore(path: path)
        try await store.saveInstance(Instance(provider: "wasup", id: "a", status: .connected), at: now)
        #expect(store.path == path)
        #expect(FileManager.default.fileExists(atPath: path + "-wal"))
    }

    @Test("an unopenable path is a storage error naming it")
    func unopenable() async {
        #expect {
            try SQLiteStore(path: "/nonexistent-dir/switchboard.sqlite")
        } throws: { error in
            let error = error as? SwitchboardError
            return error?.kind == .storage && error?.message.contains("/nonexistent-dir/switchboard.sqlite") == true
        }
    }

    @Test("markSeen is true once per event id", arguments: StoreLocation.allCases)
    func markSeenOnce(_ location: StoreLocation) async throws {
        let test = try TestStore(location)
        defer { test.remove() }
        #expect(try await test.store.markSeen("evt-1", at: now))
        #expect(try await test.store.markSeen("evt-1", at: now) == false)
        #expect(try await test.store.markSeen("evt-2", at: now))
        #expect(try await test.reopen().markSeen("evt-1", at: now) == false)
    }

    @Test("markSeen under a race of 64 tasks on one file says true exactly once")
    func markSeenRace() async throws {
        let test = try TestStore(.file)
        defer { test.remove() }
        let second = try test.reopen()  // a second connection pool, as another process would have
        let stores = [test.store, second]
        let firsts = await withTaskGroup(of: Bool.self) { group in
            for index in 0..<64 {
                group.addTask { (try? await stores[index % 2].markSeen("wasup/evt-race", at: Date())) ?? false }
            }
            return await group.reduce(0) { $0 + ($1 ? 1 : 0) }
        }
        #expect(firsts == 1)
    }

    @Test("an inbound event is keyed by its provider and id", arguments: StoreLocation.allCases)
    func markSeenEvent(_ location: StoreLocation) async throws {
        let test = try TestStore(location)
        defer { test.remove() }
        let event = InboundEvent(provider: "wasup", instance: "a", id: "E1", body: .other(type: "x", raw: "{}"))
        var other = event
        other.provider = "wawp"
        #expect(try await test.store.markSeen(WebhookIngress.deduplicationKey(event), at: now))
        #expect(try await test.store.markSeen(WebhookIngress.deduplicationKey(other), at: now))
        #expect(try await test.store.markSeen(WebhookIngress.deduplicationKey(event), at: now) == false)
    }

    @Test("LIDs map to phones and back, the latest winning", arguments: StoreLocation.allCases)
    func lids(_ location: StoreLocation) async throws {
        let test = try TestStore(location)
        defer { test.remove() }
        let lid = try ChatID("123456789012345@lid")
        let newer = try ChatID("999999999999999@lid")
        try await test.store.rememberLID(lid, phone: Fixture.customer, at: now)
        try await test.store.rememberLID(newer, phone: Fixture.customer, at: now.addingTimeInterval(1))
        let reopened = try test.reopen()
        #expect(try await reopened.phone(forLID: lid) == Fixture.customer)
        #expect(try await reopened.lid(forPhone: Fixture.customer) == newer)
        #expect(try await reopened.phone(forLID: ChatID("111111111111111@lid")) == nil)
        #expect(try await reopened.lid(forPhone: Fixture.unknown) == nil)
        await #expect(throws: SwitchboardError.self) { try await test.store.rememberLID(.person(Fixture.shop), phone: Fixture.shop, at: now) }
    }
}

extension SQLiteStore {
    /// Records a bare event under `key` in the inbox: `true` the first time the key is seen.
    func markSeen(_ key: String, at date: Date) async throws -> Bool {
        let event = InboundEvent(provider: "test", instance: "i", id: key, body: .other(type: "test", raw: "{}"))
        return try await recordInbound([(event, key)], at: date).count == 1
    }
}
