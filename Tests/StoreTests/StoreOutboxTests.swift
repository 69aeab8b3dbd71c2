import Foundation
import Switchboard
import Testing

/// The outbox part of the store contract, against every store.
@Suite("Store behaviour: outbox")
struct StoreOutboxTests {
    let now = Fixture.now

    @Test("an idempotency key enqueues once; a batch with a repeated key inserts it once", arguments: StoreUnderTest.allCases)
    func idempotency(_ kind: StoreUnderTest) async throws {
        try await StoreHarness.with(kind) { harness in
            let store = harness.store
            let first = try await store.insertOutbox(Fixture.entry("k1"))
            #expect(first.inserted)
            #expect(first.entry.id > 0)
            var again = Fixture.entry("k1")
            again.message = Fixture.text("something else")
            let second = try await store.insertOutbox(again)
            #expect(!second.inserted)
            #expect(second.entry == first.entry)

            let batch = try await store.insertOutbox(contentsOf: [Fixture.entry("k2"), Fixture.entry("k1"), Fixture.entry("k2"), Fixture.entry("k3")])
            #expect(batch.map(\.inserted) == [true, false, false, true])
            #expect(batch[2].entry.id == batch[0].entry.id)
            #expect(batch[1].entry.id == first.entry.id)
            #expect(try await store.outboxCounts() == [.queued: 3])
            // Another process sees the same rows.
            let other = try await harness.reopen()
            #expect(try await other.outboxEntry(idempotencyKey: "k3") == batch[3].entry)
            #expect(try await other.insertOutbox(Fixture.entry("k3")).inserted == false)
        }
    }

    @Test("a stored entry reads back whole", arguments: StoreUnderTest.allCases)
    func roundTrip(_ kind: StoreUnderTest) async throws {
        try await StoreHarness.with(kind) { harness in
            var entry = OutboxEntry(idempotencyKey: "full", message: .text("Hi", to: .person(Fixture.customer), replyTo: "3EB0REPLY"),
                                    from: Fixture.shop, origin: .human, createdAt: now, updatedAt: now.addingTimeInterval(1),
                                    nextAttemptAt: now.addingTimeInterval(2))
            let stored = try await harness.store.insertOutbox(entry).entry
            entry.id = stored.id
            #expect(stored == entry)
            #expect(try await harness.store.outboxEntry(id: stored.id) == entry)
            #expect(try await harness.store.outboxEntry(id: stored.id + 1000) == nil)
            #expect(try await harness.store.outboxEntry(idempotencyKey: "none") == nil)
        }
    }

    @Test("claims take the due entry first, mark it sending under a lease and count the attempt", arguments: StoreUnderTest.allCases)
    func claimOrder(_ kind: StoreUnderTest) async throws {
        try await StoreHarness.with(kind) { harness in
            let store = harness.store
            _ = try await store.insertOutbox(Fixture.entry("later", due: now.addingTimeInterval(60)))
            let b = try await store.insertOutbox(Fixture.entry("b", due: now.addingTimeInterval(-5))).entry
            let a = try await store.insertOutbox(Fixture.entry("a", due: now.addingTimeInterval(-10))).entry
            let c = try await store.insertOutbox(Fixture.entry("c", due: now.addingTimeInterval(-5))).entry
            #expect(try await store.nextOutboxDue() == now.addingTimeInterval(-10))

            let lease = now.addingTimeInterval(30)
            let first = try #require(try await store.claimNextDue(at: now, leaseUntil: lease))
            #expect(first.id == a.id)
            #expect(first.state == .sending)
            #expect(first.attempts == 1)
            #expect(first.leaseExpiresAt == lease)
            #expect(first.updatedAt == now)
            #expect(try await store.outboxEntry(id: a.id) == first)
            #expect(try await store.claimNextDue(at: now, leaseUntil: lease)?.id == b.id)
            #expect(try await store.claimNextDue(at: now, leaseUntil: lease)?.id == c.id)
            #expect(try await store.claimNextDue(at: now, leaseUntil: lease) == nil)
            #expect(try await store.nextOutboxDue() == now.addingTimeInterval(60))
            #expect(try await store.outboxCounts() == [.sending: 3, .queued: 1])
            #expect(try await store.claimNextDue(at: now.addingTimeInterval(60), leaseUntil: lease)?.idempotencyKey == "later")
            #expect(try await store.nextOutboxDue() == nil)
        }
    }

    @Test("updates write back state, result and lease; lists and counts follow", arguments: StoreUnderTest.allCases)
    func updates(_ kind: StoreUnderTest) async throws {
        try await StoreHarness.with(kind) { harness in
            let store = harness.store
            for key in ["a", "b", "c"] { _ = try await store.insertOutbox(Fixture.entry(key)) }
            var sent = try #require(try await store.claimNextDue(at: now, leaseUntil: now.addingTimeInterval(30)))
            sent.state = .sent
            sent.provider = "wawp-main"
            sent.instance = "3EB0"
            sent.messageID = "true_33612345678@c.us_3EB0AAAA"
            sent.leaseExpiresAt = nil
            sent.updatedAt = now.addingTimeInterval(1)
            try await store.updateOutbox(sent)
            var failed = try #require(try await store.claimNextDue(at: now, leaseUntil: now.addingTimeInterval(30)))
            failed.state = .queued
            failed.nextAttemptAt = now.addingTimeInterval(120)
            failed.lastError = "HTTP 503"
            failed.lastErrorKind = .upstreamUnavailable
            failed.leaseExpiresAt = nil
            try await store.updateOutbox(failed)

            #expect(try await store.outboxEntry(id: sent.id) == sent)
            #expect(try await store.outboxEntry(id: failed.id) == failed)
            #expect(try await store.outboxCounts() == [.sent: 1, .queued: 2])
            #expect(try await store.outboxEntries(state: .queued, limit: 10).map(\.idempotencyKey) == ["b", "c"])
            #expect(try await store.outboxEntries(state: nil, limit: 2).map(\.idempotencyKey) == ["a", "b"])
            #expect(try await store.outboxEntries(state: .failed, limit: 10).isEmpty)
            // Found by the provider's id, short or serialized.
            #expect(try await store.outboxEntry(provider: "wawp-main", messageID: "3EB0AAAA")?.id == sent.id)
            #expect(try await store.outboxEntry(provider: "wawp-main", messageID: "true_33612345678@c.us_3EB0AAAA")?.id == sent.id)
            #expect(try await store.outboxEntry(provider: "wasup", messageID: "3EB0AAAA") == nil)
            #expect(try await store.outboxEntry(provider: "wawp-main", messageID: "3EB0") == nil)
        }
    }

    @Test("expired leases are taken over, live ones are not; distantFuture takes every send", arguments: StoreUnderTest.allCases)
    func leaseExpiry(_ kind: StoreUnderTest) async throws {
        try await StoreHarness.with(kind) { harness in
            let store = harness.store
            for key in ["a", "b", "c"] { _ = try await store.insertOutbox(Fixture.entry(key)) }
            let short = try #require(try await store.claimNextDue(at: now, leaseUntil: now.addingTimeInterval(10)))
            let long = try #require(try await store.claimNextDue(at: now, leaseUntil: now.addingTimeInterval(100)))

            #expect(try await store.reclaimExpiredOutbox(to: .ambiguous, note: "lease expired", at: now.addingTimeInterval(5)) == 0)
            // Another replica finds the first claim expired.
            let other = try await harness.reopen()
            #expect(try await other.reclaimExpiredOutbox(to: .ambiguous, note: "lease expired", at: now.addingTimeInterval(11)) == 1)
            let reclaimed = try #require(try await store.outboxEntry(id: short.id))
            #expect(reclaimed.state == .ambiguous)
            #expect(reclaimed.lastError == "lease expired")
            #expect(reclaimed.leaseExpiresAt == nil)
            #expect(try await store.outboxEntry(id: long.id)?.state == .sending)

            #expect(try await store.reclaimExpiredOutbox(to: .queued, note: "restarted", at: .distantFuture) == 1)
            let requeued = try #require(try await store.outboxEntry(id: long.id))
            #expect(requeued.state == .queued)
            #expect(requeued.attempts == 1)
            #expect(try await store.outboxCounts() == [.ambiguous: 1, .queued: 2])
            #expect(try await store.claimNextDue(at: Date(), leaseUntil: Date().addingTimeInterval(30)) != nil)
        }
    }

    @Test("two stores claiming the same outbox at once never get the same entry", arguments: StoreUnderTest.allCases)
    func racingClaims(_ kind: StoreUnderTest) async throws {
        try await StoreHarness.with(kind) { harness in
            let count = 200
            _ = try await harness.store.insertOutbox(contentsOf: (0..<count).map { Fixture.entry("race-\($0)") })
            let stores = [harness.store, try await harness.reopen()]
            let now = now
            let claimed = try await withThrowingTaskGroup(of: [Int64].self) { group in
                for worker in 0..<8 {
                    let store = stores[worker % 2]
                    group.addTask {
                        var ids: [Int64] = []
                        while let entry = try await store.claimNextDue(at: now, leaseUntil: now.addingTimeInterval(60)) {
                            ids.append(entry.id)
                        }
                        return ids
                    }
                }
                return try await group.reduce(into: [Int64]()) { $0 += $1 }
            }
            #expect(claimed.count == count)
            #expect(Set(claimed).count == count)
            #expect(try await harness.store.outboxCounts() == [.sending: count])
        }
    }
}
