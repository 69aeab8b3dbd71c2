import Foundation
import Switchboard
import Synchronization
import Testing

/// The inbox part of the store contract, against every store.
@Suite("Store behaviour: inbox")
struct StoreInboxTests {
    let now = Fixture.now

    @Test("a delivery is recorded once; a half-new one records its new half; a key repeated in one call counts once", arguments: StoreUnderTest.allCases)
    func recordAndDeduplicate(_ kind: StoreUnderTest) async throws {
        try await StoreHarness.with(kind) { harness in
            let store = harness.store
            let first = try await store.recordInbound(Fixture.delivery(["e1", "e2"]), at: now)
            #expect(first.map(\.key) == ["wasup/e1", "wasup/e2"])
            #expect(first.allSatisfy { $0.state == .pending && $0.attempts == 0 && $0.receivedAt == now && $0.nextAttemptAt == now })
            #expect(first[0].id < first[1].id)
            #expect(first[0].chatKey == "wasup/a/\(ChatID.person(Fixture.customer).jid)")
            #expect(first[0].event == Fixture.event("e1"))

            #expect(try await store.recordInbound(Fixture.delivery(["e1", "e2"]), at: now).isEmpty)
            let half = try await store.recordInbound(Fixture.delivery(["e2", "e3", "e3", "e4"]), at: now)
            #expect(half.map(\.key) == ["wasup/e3", "wasup/e4"])
            // Another replica recording the same delivery records nothing.
            let other = try await harness.reopen()
            #expect(try await other.recordInbound(Fixture.delivery(["e1", "e4"]), at: now).isEmpty)
            #expect(try await store.inboxCounts() == [.pending: 4])
            #expect(try await store.inboxEntries(state: nil, limit: 10).map(\.key) == ["wasup/e1", "wasup/e2", "wasup/e3", "wasup/e4"])
            #expect(try await store.inboxEntry(id: half[0].id) == half[0])
            #expect(try await store.recordInbound([], at: now).isEmpty)
        }
    }

    @Test("one chat is handed over in order: a newer entry waits while an older one is pending or handling", arguments: StoreUnderTest.allCases)
    func perChatOrder(_ kind: StoreUnderTest) async throws {
        try await StoreHarness.with(kind) { harness in
            let store = harness.store
            _ = try await store.recordInbound(Fixture.delivery(["a1", "a2"], from: Fixture.customer), at: now)
            _ = try await store.recordInbound(Fixture.delivery(["b1"], from: Fixture.unknown), at: now)
            let lease = now.addingTimeInterval(3600)

            var a1 = try #require(try await store.claimNextInbound(at: now, leaseUntil: lease))
            #expect(a1.key == "wasup/a1")
            #expect(a1.state == .handling)
            #expect(a1.attempts == 1)
            #expect(a1.leaseExpiresAt == lease)
            // a2 waits for a1; b1 (another chat) does not. Another replica sees the same.
            let other = try await harness.reopen()
            #expect(try await other.claimNextInbound(at: now, leaseUntil: lease)?.key == "wasup/b1")
            #expect(try await other.claimNextInbound(at: now, leaseUntil: lease) == nil)

            // The handler threw: a1 is pending again, due later, and still holds a2 back.
            a1.state = .pending
            a1.nextAttemptAt = now.addingTimeInterval(60)
            a1.leaseExpiresAt = nil
            a1.lastError = "handler failed"
            try await store.updateInbound(a1)
            #expect(try await store.nextInboxDue() == now)  // a2 is due, though held back
            #expect(try await store.claimNextInbound(at: now.addingTimeInterval(1), leaseUntil: lease) == nil)

            a1 = try #require(try await store.claimNextInbound(at: now.addingTimeInterval(60), leaseUntil: lease))
            #expect(a1.key == "wasup/a1")
            #expect(a1.attempts == 2)
            #expect(a1.lastError == "handler failed")
            a1.state = .handled
            a1.handledAt = now.addingTimeInterval(61)
            a1.leaseExpiresAt = nil
            try await store.updateInbound(a1)
            #expect(try await store.inboxEntry(id: a1.id) == a1)
            #expect(try await other.claimNextInbound(at: now.addingTimeInterval(61), leaseUntil: lease)?.key == "wasup/a2")
            #expect(try await store.inboxCounts() == [.handled: 1, .handling: 2])
            #expect(try await store.inboxEntries(state: .handling, limit: 10).map(\.key) == ["wasup/a2", "wasup/b1"])
        }
    }

    @Test("a failed entry no longer holds its chat back", arguments: StoreUnderTest.allCases)
    func failedReleasesChat(_ kind: StoreUnderTest) async throws {
        try await StoreHarness.with(kind) { harness in
            let store = harness.store
            _ = try await store.recordInbound(Fixture.delivery(["x1", "x2"]), at: now)
            var x1 = try #require(try await store.claimNextInbound(at: now, leaseUntil: now.addingTimeInterval(30)))
            x1.state = .failed
            x1.leaseExpiresAt = nil
            x1.lastError = "out of attempts"
            try await store.updateInbound(x1)
            #expect(try await store.claimNextInbound(at: now, leaseUntil: now.addingTimeInterval(30))?.key == "wasup/x2")
            #expect(try await store.inboxEntries(state: .failed, limit: 10).map(\.lastError) == ["out of attempts"])
        }
    }

    @Test("a handling entry whose lease expired is taken over, by another replica too", arguments: StoreUnderTest.allCases)
    func leaseTakeover(_ kind: StoreUnderTest) async throws {
        try await StoreHarness.with(kind) { harness in
            let store = harness.store
            _ = try await store.recordInbound(Fixture.delivery(["t1", "t2"]), at: now)
            let claimed = try #require(try await store.claimNextInbound(at: now, leaseUntil: now.addingTimeInterval(30)))
            let other = try await harness.reopen()
            #expect(try await other.claimNextInbound(at: now.addingTimeInterval(29), leaseUntil: now.addingTimeInterval(59)) == nil)
            let taken = try #require(try await other.claimNextInbound(at: now.addingTimeInterval(31), leaseUntil: now.addingTimeInterval(61)))
            #expect(taken.id == claimed.id)
            #expect(taken.state == .handling)
            #expect(taken.attempts == 2)
            #expect(taken.leaseExpiresAt == now.addingTimeInterval(61))
            // t2 still waits behind the taken-over t1.
            #expect(try await store.claimNextInbound(at: now.addingTimeInterval(32), leaseUntil: now.addingTimeInterval(62)) == nil)
        }
    }

    @Test("pruning forgets old handled entries and old keys, but not the key of an unfinished entry", arguments: StoreUnderTest.allCases)
    func prune(_ kind: StoreUnderTest) async throws {
        try await StoreHarness.with(kind) { harness in
            let store = harness.store
            _ = try await store.recordInbound(Fixture.delivery(["p1"], from: Fixture.customer), at: now)
            _ = try await store.recordInbound(Fixture.delivery(["p2"], from: Fixture.unknown), at: now)
            _ = try await store.recordInbound(Fixture.delivery(["p3"], from: Fixture.support), at: now.addingTimeInterval(3600))
            var p1 = try #require(try await store.claimNextInbound(at: now, leaseUntil: now.addingTimeInterval(30)))
            p1.state = .handled
            p1.handledAt = now.addingTimeInterval(1)
            p1.leaseExpiresAt = nil
            try await store.updateInbound(p1)

            // p1's entry and key go; p2 is unfinished, so its key stays; p3 is recent.
            #expect(try await store.pruneInbox(handledBefore: now.addingTimeInterval(60), seenBefore: now.addingTimeInterval(60)) == 2)
            #expect(try await store.inboxEntry(id: p1.id) == nil)
            #expect(try await store.inboxCounts() == [.pending: 2])
            #expect(try await store.recordInbound(Fixture.delivery(["p1"]), at: now).map(\.key) == ["wasup/p1"])
            #expect(try await store.recordInbound(Fixture.delivery(["p2"], from: Fixture.unknown), at: now).isEmpty)
            #expect(try await store.recordInbound(Fixture.delivery(["p3"], from: Fixture.support), at: now).isEmpty)
            #expect(try await store.pruneInbox(handledBefore: now, seenBefore: now) == 0)
        }
    }

    @Test("two stores claiming the same inbox at once never get the same entry, and keep each chat in order", arguments: StoreUnderTest.allCases)
    func racingClaims(_ kind: StoreUnderTest) async throws {
        try await StoreHarness.with(kind) { harness in
            let phones = (0..<10).map { Phone(e164Digits: "4477009004\(String(format: "%02d", $0))") }
            for round in 0..<10 {
                for phone in phones {
                    _ = try await harness.store.recordInbound(Fixture.delivery(["\(phone.digits)-\(round)"], from: phone), at: now)
                }
            }
            let stores = [harness.store, try await harness.reopen()]
            let now = now
            // Each worker claims, records what it took, and marks it handled; the shared log is the
            // order in which handling finished.
            let log = HandledLog()
            try await withThrowingTaskGroup(of: Void.self) { group in
                for worker in 0..<6 {
                    let store = stores[worker % 2]
                    group.addTask {
                        var idle = 0
                        while idle < 50 {
                            guard var entry = try await store.claimNextInbound(at: now, leaseUntil: now.addingTimeInterval(3600)) else {
                                idle += 1
                                await Task.yield()
                                continue
                            }
                            idle = 0
                            log.append(entry.key)
                            entry.state = .handled
                            entry.handledAt = now
                            entry.leaseExpiresAt = nil
                            try await store.updateInbound(entry)
                        }
                    }
                }
                try await group.waitForAll()
            }
            let handled = log.keys()
            #expect(handled.count == 100)
            #expect(Set(handled).count == 100)
            for phone in phones {
                let order = handled.filter { $0.hasPrefix("wasup/\(phone.digits)-") }
                #expect(order == (0..<10).map { "wasup/\(phone.digits)-\($0)" })
            }
            #expect(try await harness.store.inboxCounts() == [.handled: 100])
        }
    }
}

/// Keys in the order handlers took them.
final class HandledLog: Sendable {
    private let entries = Mutex<[String]>([])
    func append(_ key: String) { entries.withLock { $0.append(key) } }
    func keys() -> [String] { entries.withLock { $0 } }
}
