import Foundation
import Switchboard
import Testing

@Suite("Outbox: restarts and the running dispatcher")
struct OutboxRecoveryTests {
    let clock = ManualTimeSource()

    /// A process that enqueued ten messages and died with three of them on the wire.
    func crashedStore(clock: any TimeSource) async throws -> (TestStore, [OutboxEntry]) {
        let test = try TestStore(.file)
        let router = try MessageRouter(providers: [], clock: clock)
        let outbox = Outbox(store: test.store, sender: router, clock: clock)
        var entries: [OutboxEntry] = []
        for index in 0..<10 {
            entries.append(try await outbox.enqueue(Fixture.text("m\(index)"), from: Fixture.shop, idempotencyKey: "m\(index)"))
        }
        for _ in 0..<3 { _ = try await test.store.claimNextDue(at: clock.now(), leaseUntil: clock.now().addingTimeInterval(120)) }
        return (test, entries)
    }

    func restart(_ test: TestStore, _ policy: InterruptedSendPolicy) async throws -> (Outbox, FakeProvider) {
        let provider = FakeProvider(name: "wasup", instances: [("a", Fixture.shop.digits, .connected)])
        let store = try test.reopen()
        let router = try MessageRouter(providers: [provider], store: store, clock: clock)
        await router.refresh()
        return (Outbox(store: store, sender: router, interrupted: policy, clock: clock), provider)
    }

    @Test("resend (the default): messages left sending are sent again after a restart; none is lost")
    func resumeResend() async throws {
        let (test, _) = try await crashedStore(clock: clock)
        defer { test.remove() }
        #expect(try await test.store.outboxCounts() == [.sending: 3, .queued: 7])

        let (outbox, provider) = try await restart(test, .resend)
        #expect(outbox.interrupted == .resend)
        #expect(try await outbox.recoverInterrupted() == 3)
        await outbox.dispatchDue()

        #expect(try await outbox.counts() == [.sent: 10])
        #expect(Set(provider.sent.map(\.message)) == Set((0..<10).map { Fixture.text("m\($0)") }))
        #expect(try await outbox.entry(idempotencyKey: "m0")?.attempts == 2)
    }

    @Test("markAmbiguous: messages left sending are parked for an operator; the rest are sent")
    func resumeMarkAmbiguous() async throws {
        let (test, entries) = try await crashedStore(clock: clock)
        defer { test.remove() }
        let (outbox, provider) = try await restart(test, .markAmbiguous)
        #expect(try await outbox.recoverInterrupted() == 3)
        await outbox.dispatchDue()

        #expect(try await outbox.counts() == [.sent: 7, .ambiguous: 3])
        #expect(try await outbox.entries(state: .ambiguous).map(\.id) == entries[0..<3].map(\.id))
        #expect(try await outbox.entries(state: .ambiguous).first?.lastError?.contains("interrupted") == true)
        #expect(provider.sent.count == 7)
    }

    @Test("run() recovers, sends what is queued and what is enqueued while it runs, and stops when cancelled")
    func run() async throws {
        let (test, _) = try await crashedStore(clock: SystemTimeSource())  // run() waits in real time
        defer { test.remove() }
        let provider = FakeProvider(name: "wasup", instances: [("a", Fixture.shop.digits, .connected)])
        let store = try test.reopen()
        let router = try MessageRouter(providers: [provider], store: store)
        await router.refresh()
        let outbox = Outbox(store: store, sender: router)

        let dispatcher = Task { await outbox.run(pollInterval: .seconds(30)) }
        try await waitUntil { try await outbox.counts() == [.sent: 10] }
        try await outbox.enqueue(Fixture.text("late"), from: Fixture.shop, idempotencyKey: "late")
        // The poll interval is 30 s: only the enqueue's wake-up can send this in time.
        try await waitUntil { try await outbox.entry(idempotencyKey: "late")?.state == .sent }
        dispatcher.cancel()
        await dispatcher.value

        #expect(provider.sent.count == 11)
    }

    /// Polls `condition` until it holds; fails the test after 10 s (a hang, not a timing claim).
    func waitUntil(_ condition: () async throws -> Bool, sourceLocation: SourceLocation = #_sourceLocation) async throws {
        for _ in 0..<1000 {
            if try await condition() { return }
            try await Task.sleep(for: .milliseconds(10))
        }
        Issue.record("condition not met within 10 s", sourceLocation: sourceLocation)
    }
}
