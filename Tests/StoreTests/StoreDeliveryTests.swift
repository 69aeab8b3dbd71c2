import Foundation
import Switchboard
import Testing

/// Delivery receipts and instance activity (issue 18), against every store.
@Suite("Store behaviour: delivery receipts and activity")
struct StoreDeliveryTests {
    let now = Fixture.now

    /// An entry marked sent through `provider` as `messageID`, `at` the time it was sent.
    static func sent(_ store: any Store, _ key: String, _ messageID: MessageID, at date: Date) async throws -> OutboxEntry {
        var entry = try await store.insertOutbox(Fixture.entry(key, at: date)).entry
        entry.state = .sent
        entry.provider = "wasup"
        entry.instance = "a"
        entry.messageID = messageID
        entry.updatedAt = date
        try await store.updateOutbox(entry)
        return entry
    }

    @Test("receipts only move forward; a failed one does not undo a delivery", arguments: StoreUnderTest.allCases)
    func receiptsAdvance(_ kind: StoreUnderTest) async throws {
        try await StoreHarness.with(kind) { harness in
            let store = harness.store
            let entry = try await Self.sent(store, "r1", "3EB0AAA", at: now)
            #expect(try await store.deliveries(outboxIDs: [entry.id]).isEmpty)
            #expect(try await store.advanceDelivery(outboxID: entry.id, to: .delivered, at: now))
            #expect(!(try await store.advanceDelivery(outboxID: entry.id, to: .delivered, at: now)))
            #expect(!(try await store.advanceDelivery(outboxID: entry.id, to: .failed, at: now)))
            #expect(!(try await store.advanceDelivery(outboxID: entry.id, to: .sent, at: now)))
            #expect(try await store.advanceDelivery(outboxID: entry.id, to: .read, at: now.addingTimeInterval(5)))
            #expect(!(try await store.advanceDelivery(outboxID: entry.id, to: .delivered, at: now.addingTimeInterval(9))))
            let record = try #require(try await store.deliveries(outboxIDs: [entry.id, 999])[entry.id])
            #expect(record == DeliveryRecord(outboxID: entry.id, status: .read, updatedAt: now.addingTimeInterval(5)))
            // A receipt for an entry that does not exist records nothing.
            #expect(!(try await store.advanceDelivery(outboxID: 999_999, to: .read, at: now)))
            #expect(try await harness.reopen().deliveries(outboxIDs: [entry.id])[entry.id]?.status == .read)
        }
    }

    @Test("undelivered: sent in the window with no receipt beyond sent (or delivered, when asked)", arguments: StoreUnderTest.allCases)
    func undelivered(_ kind: StoreUnderTest) async throws {
        try await StoreHarness.with(kind) { harness in
            let store = harness.store
            let old = try await Self.sent(store, "old", "3EB0OLD", at: now.addingTimeInterval(-100))
            let delivered = try await Self.sent(store, "delivered", "3EB0DEL", at: now.addingTimeInterval(-90))
            let failed = try await Self.sent(store, "failed", "3EB0FAIL", at: now.addingTimeInterval(-80))
            let recent = try await Self.sent(store, "recent", "3EB0NEW", at: now.addingTimeInterval(-10))
            _ = try await store.insertOutbox(Fixture.entry("queued", at: now.addingTimeInterval(-200)))
            try await store.advanceDelivery(outboxID: delivered.id, to: .delivered, at: now)
            try await store.advanceDelivery(outboxID: failed.id, to: .failed, at: now)
            try await store.advanceDelivery(outboxID: recent.id, to: .sent, at: now)

            let before = now.addingTimeInterval(-60)
            #expect(try await store.undeliveredOutbox(sentAfter: nil, sentBefore: before, unread: false, limit: 10) == [old.id])
            #expect(try await store.undeliveredOutbox(sentAfter: nil, sentBefore: before, unread: true, limit: 10) == [old.id, delivered.id])
            #expect(try await store.undeliveredOutbox(sentAfter: now.addingTimeInterval(-95), sentBefore: now, unread: true, limit: 10)
                    == [delivered.id, recent.id])
            #expect(try await store.undeliveredOutbox(sentAfter: nil, sentBefore: now, unread: false, limit: 1) == [old.id])
        }
    }

    @Test("the last event of an instance is its latest inbox row, by instance, not by prefix", arguments: StoreUnderTest.allCases)
    func lastInbound(_ kind: StoreUnderTest) async throws {
        try await StoreHarness.with(kind) { harness in
            let store = harness.store
            #expect(try await store.lastInbound(provider: "wasup", instance: "a") == nil)
            _ = try await store.recordInbound([(Fixture.event("e1", instance: "a"), "k1")], at: now)
            _ = try await store.recordInbound([(Fixture.event("e2", instance: "a"), "k2")], at: now.addingTimeInterval(30))
            _ = try await store.recordInbound([(Fixture.event("e3", instance: "ab"), "k3")], at: now.addingTimeInterval(60))
            let status = InboundEvent(provider: "wasup", instance: "b", id: "s1", body: .instanceStatus(.connected, phone: nil))
            _ = try await store.recordInbound([(status, "k4")], at: now.addingTimeInterval(90))
            #expect(try await store.lastInbound(provider: "wasup", instance: "a") == now.addingTimeInterval(30))
            #expect(try await store.lastInbound(provider: "wasup", instance: "ab") == now.addingTimeInterval(60))
            #expect(try await store.lastInbound(provider: "wasup", instance: "b") == now.addingTimeInterval(90))
            #expect(try await store.lastInbound(provider: "wawp", instance: "a") == nil)
        }
    }
}
