import Foundation
import Switchboard
import SwitchboardWasup
import SwitchboardWawp
import Testing

/// Wawp's side of pacing through the client, in virtual time: WhatsApp's reach-out timelock as WAHA
/// reports it in `session.status`, and a 429 with `retryAfter`.
@Suite struct PacingWawpTests {
    static let sales = PacingEndToEndTests.sales
    static let known = ChatID.person(Phone(e164Digits: "33620000001"))
    static let cold = ChatID.person(Phone(e164Digits: "33610009999"))

    /// Dispatches and moves the clock to the next due message until none is due before `limit`.
    static func run(_ client: SwitchboardClient, _ clock: ManualTimeSource, until limit: Date) async throws {
        while true {
            await client.outbox.dispatchDue()
            guard let due = try await client.store.nextOutboxDue(), due <= limit else { return }
            if due > clock.now() { clock.advance(by: .nanoseconds(Int64((due.timeIntervalSince(clock.now()) * 1e9).rounded(.up)))) }
        }
    }

    @Test("a reach-out timelock in Wawp's session.status holds new conversations until it ends; replies keep flowing")
    func timelockHoldsNewConversations() async throws {
        try await Deployments.run { d in
            let wawpID = try await d.connectedWawp(Self.sales)
            let clock = ManualTimeSource()
            let client = try PacingEndToEndTests.client(d, wawp: wawpID, clock: clock)
            try await client.refreshRoutes()
            let pacer = try #require(client.outbox.pacer)
            try await pacer.recordReply(to: Self.sales, in: Self.known)
            let start = clock.now()
            let ends = Int(start.timeIntervalSince1970) + 7200
            // The shape WAHA documents (devlikeapro/waha-docs, how-to/events, session.status).
            let body = """
                {"id": "evt_timelock", "event": "session.status", "session": "\(wawpID)", "me": {"id": "\(Self.sales.digits)@c.us"},
                 "payload": {"status": "WORKING", "data": {"reachoutTimelock":
                   {"enforcementType": "RESTRICT_ALL_COMPANIONS", "isActive": true, "timeEnforcementEnds": \(ends)}}}}
                """
            let events = try client.provider(named: "wawp").decodeWebhook(WebhookDelivery(body: Data(body.utf8)))
            let event = try #require(events.first)
            #expect(event.body == .instanceStatus(.connected, phone: Self.sales))
            #expect(event.statusDetails?.newContactsHeldUntil == Date(timeIntervalSince1970: TimeInterval(ends)))
            _ = try await client.inbox.record([(event, "wawp/evt_timelock")], at: start)
            #expect(await client.dispatchInbox { _ in } == 1)

            try await client.outbox.enqueue(contentsOf: [
                (.text("hello, stranger", to: Self.cold), Self.sales, "cold"),
                (.text("your order shipped", to: Self.known), Self.sales, "known"),
            ])
            try await Self.run(client, clock, until: start.addingTimeInterval(3600))
            #expect(try await client.outbox.entry(idempotencyKey: "known")?.state == .sent)
            let held = try #require(try await client.outbox.entry(idempotencyKey: "cold"))
            #expect(held.state == .queued && held.attempts == 0)
            #expect(held.nextAttemptAt == Date(timeIntervalSince1970: TimeInterval(ends)))
            clock.advance(by: .seconds(60))  // past the gap after the reply
            let status = try #require(try await client.pacing().first { $0.phone == Self.sales })
            #expect(status.nextNewConversation?.reason.contains("reach-out timelock") == true)
            #expect(status.next == nil)

            try await Self.run(client, clock, until: start.addingTimeInterval(3 * 3600))
            let sent = try #require(try await client.outbox.entry(idempotencyKey: "cold"))
            #expect(sent.state == .sent && sent.updatedAt >= Date(timeIntervalSince1970: TimeInterval(ends)))
            #expect(try await d.sentTexts(d.wawpBase, wawpID) == ["your order shipped", "hello, stranger"])
            await client.shutdown()
        }
    }

    @Test("a Wawp 429 with retryAfter pauses the number for it, re-queues the message uncounted, then sends it")
    func rateLimitPausesTheNumber() async throws {
        try await Deployments.run { d in
            let wawpID = try await d.connectedWawp(Self.sales)
            let clock = ManualTimeSource()
            let client = try PacingEndToEndTests.client(d, wawp: wawpID, clock: clock)
            try await client.refreshRoutes()
            // The spec's 429 example for the send endpoints.
            try await d.fault(d.wawpBase, path: "/v2/send/text", status: 429, body: """
                {"code": "rate_limit_exceeded", "message": "Too many requests. Please slow down.",
                 "details": {"retryAfter": 60, "recommendation": "Implement a retry strategy with exponential backoff or reduce the frequency of your requests.",
                             "upstream": {"error": "Rate limit", "statusCode": 429}}}
                """)
            let start = clock.now()
            try await client.enqueue(.text("after the pause", to: Self.known), from: Self.sales, idempotencyKey: "paused")
            await client.outbox.dispatchDue()
            let entry = try #require(try await client.outbox.entry(idempotencyKey: "paused"))
            #expect(entry.state == .queued && entry.attempts == 0 && entry.lastErrorKind == .rateLimited)
            #expect(entry.nextAttemptAt == start.addingTimeInterval(60))
            let status = try #require(try await client.pacing().first { $0.phone == Self.sales })
            #expect(status.usedMinute == 0)
            #expect(status.next?.reason.contains("refused by wawp") == true)
            #expect(try await d.sentTexts(d.wawpBase, wawpID).isEmpty)

            try await Self.run(client, clock, until: start.addingTimeInterval(120))
            let sent = try #require(try await client.outbox.entry(idempotencyKey: "paused"))
            #expect(sent.state == .sent && sent.updatedAt == start.addingTimeInterval(60))
            #expect(try await d.sentTexts(d.wawpBase, wawpID) == ["after the pause"])
            await client.shutdown()
        }
    }
}
