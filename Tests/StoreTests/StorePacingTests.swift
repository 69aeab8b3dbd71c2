import Foundation
import Switchboard
import Testing

/// The pacing part of the store contract, against every store: ledgers shared by replicas, the
/// contacts who replied, and holding a number's queue.
@Suite("Store behaviour: pacing")
struct StorePacingTests {
    let now = Fixture.now

    @Test("two replicas reserving from one number at once never pass its cap; the ledger survives a restart", arguments: StoreUnderTest.allCases)
    func replicasShareTheCap(_ kind: StoreUnderTest) async throws {
        try await StoreHarness.with(kind) { harness in
            let other = try await harness.reopen()
            let clock = ManualTimeSource(now)
            let configuration = PacingConfiguration(defaults: PacingLayer(preset: "off"), numbers: [Fixture.shop: {
                var layer = PacingLayer()
                layer.perMinute = .some(5)
                return layer
            }()])
            let pacers = [harness.store, other].map { Pacer(configuration: configuration, store: $0, clock: clock) }
            let decisions = try await withThrowingTaskGroup(of: Pacer.Decision.self) { group in
                for index in 0..<20 {
                    group.addTask { try await pacers[index % 2].reserve(from: Fixture.shop, to: .person(Fixture.customer)) }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            let granted = decisions.filter { if case .go = $0 { true } else { false } }
            #expect(granted.count == 5)
            #expect(decisions.count == 20)
            let restarted = try await harness.reopen()
            let ledgers = try await restarted.pacingLedgers()
            #expect(ledgers.map(\.phone) == [Fixture.shop])
            #expect(ledgers.first?.sends.count == 5)
            #expect(ledgers.first?.sends.allSatisfy(\.newConversation) == true)
        }
    }

    @Test("a contact who wrote makes sends to it replies; a released reservation is uncounted", arguments: StoreUnderTest.allCases)
    func repliesAndReleases(_ kind: StoreUnderTest) async throws {
        try await StoreHarness.with(kind) { harness in
            let store = harness.store
            let chat = ChatID.person(Fixture.customer).jid
            #expect(try await !store.hasConversationReply(phone: Fixture.shop, chat: chat))
            try await store.recordConversationReply(phone: Fixture.shop, chat: chat, at: now)
            try await store.recordConversationReply(phone: Fixture.shop, chat: chat, at: now.addingTimeInterval(5))
            #expect(try await store.hasConversationReply(phone: Fixture.shop, chat: chat))
            #expect(try await !store.hasConversationReply(phone: Fixture.support, chat: chat))

            let pacer = Pacer(configuration: PacingConfiguration(), store: store, clock: ManualTimeSource(now))
            guard case .go(let reservation) = try await pacer.reserve(from: Fixture.shop, to: .person(Fixture.customer)) else {
                Issue.record("the first send was held")
                return
            }
            #expect(!reservation.newConversation)
            #expect(try await store.pacingLedgers().first?.sends.count == 1)
            try await pacer.release(reservation)
            #expect(try await store.pacingLedgers().first?.sends.isEmpty == true)
        }
    }

    @Test("holding a number's queue moves only its queued entries due earlier, keeping their order", arguments: StoreUnderTest.allCases)
    func deferOutbox(_ kind: StoreUnderTest) async throws {
        try await StoreHarness.with(kind) { harness in
            let store = harness.store
            let until = now.addingTimeInterval(60)
            _ = try await store.insertOutbox(contentsOf: [Fixture.entry("a1"), Fixture.entry("a2"),
                                                          Fixture.entry("late", due: now.addingTimeInterval(120))])
            var other = Fixture.entry("b1")
            other.from = Fixture.support
            _ = try await store.insertOutbox(other)
            #expect(try await store.deferOutbox(from: Fixture.shop, until: until) == 2)
            #expect(try await store.outboxEntry(idempotencyKey: "a1")?.nextAttemptAt == until)
            #expect(try await store.outboxEntry(idempotencyKey: "late")?.nextAttemptAt == now.addingTimeInterval(120))
            #expect(try await store.outboxEntry(idempotencyKey: "b1")?.nextAttemptAt == now)
            #expect(try await store.claimNextDue(at: now, leaseUntil: until)?.idempotencyKey == "b1")
            #expect(try await store.claimNextDue(at: until, leaseUntil: until)?.idempotencyKey == "a1")
            #expect(try await store.claimNextDue(at: until, leaseUntil: until)?.idempotencyKey == "a2")
        }
    }
}
