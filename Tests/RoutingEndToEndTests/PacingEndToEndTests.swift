import Foundation
import Switchboard
import SwitchboardWasup
import SwitchboardWawp
import Testing

/// Pacing per sending number through the real outbox, adapters and both emulators, in virtual time
/// (a ``ManualTimeSource`` moved to the next due message; nothing waits for the wall clock).
@Suite struct PacingEndToEndTests {
    static let shop = Phone(e164Digits: "447700900111")    // on Wasup
    static let sales = Phone(e164Digits: "447700900333")   // on Wawp
    static let perMinute = 6, perHour = 100, perDay = 600, newPerDay = 30
    static let minGap: TimeInterval = 2, maxGap: TimeInterval = 7

    static func client(_ d: Deployments, wawp: String, clock: ManualTimeSource) throws -> SwitchboardClient {
        var layer = PacingLayer(preset: "off")
        layer.perMinute = .some(perMinute)
        layer.perHour = .some(perHour)
        layer.perDay = .some(perDay)
        layer.newConversationsPerDay = .some(newPerDay)
        layer.minGapSeconds = minGap
        layer.maxGapSeconds = maxGap
        var options = SwitchboardClient.Options()
        options.clock = clock
        options.pacingSeed = 18
        return try d.client(d.configuration(wawp: [wawp], pacing: PacingConfiguration(defaults: layer)), options: options)
    }

    /// Known contacts (they wrote to the number) and, every tenth message, a contact never written to.
    static func messages(from phone: Phone, count: Int) -> [(message: OutboundMessage, from: Phone?, idempotencyKey: String?)] {
        (0..<count).map { index in
            let contact = index % 10 == 0 ? "3361000\(phone.digits.suffix(1))\(String(format: "%04d", index))" : "336200000\(String(format: "%02d", index % 20))"
            return (.text("message \(index)", to: .person(Phone(e164Digits: contact))), phone, "\(phone.digits)-\(index)")
        }
    }

    @Test("1,000 messages across two numbers on two providers: no cap exceeded, gaps within bounds, a Wasup anti-ban refusal pauses only that number")
    func thousandMessages() async throws {
        try await Deployments.run { d in
            let wasupID = try await d.connectedWasup(Self.shop)
            let wawpID = try await d.connectedWawp(Self.sales)
            let clock = ManualTimeSource()
            let client = try Self.client(d, wawp: wawpID, clock: clock)
            try await client.refreshRoutes()
            let pacer = try #require(client.outbox.pacer)
            for phone in [Self.shop, Self.sales] {
                for known in 0..<20 { try await pacer.recordReply(to: phone, in: .person(Phone(e164Digits: "336200000\(String(format: "%02d", known))"))) }
            }
            for phone in [Self.shop, Self.sales] {
                try await client.outbox.enqueue(contentsOf: Self.messages(from: phone, count: 500))
            }

            var refusal: (at: Date, until: Date)?
            var refusing = false
            var rounds = 0
            while true {
                rounds += 1
                await client.outbox.dispatchDue()
                if !refusing, refusal == nil, try await client.outbox.counts()[.sent] ?? 0 >= 300 {
                    // Wasup's own anti-ban (legacy limits): one message an hour, so its next send is refused
                    // with `sent: false` and a `waitTime` (the spec's SendResult).
                    try await d.call(d.wasupBase, .put, "/api/instances/\(wasupID)/anti-ban", ["messagesPerHour": 1],
                                     headers: [("X-API-Key", Deployments.wasupKey)])
                    refusing = true
                } else if refusing, let status = try await client.pacing().first(where: { $0.phone == Self.shop }),
                          let hold = status.next, hold.reason.contains("refused by wasup") {
                    refusal = (clock.now(), hold.until)
                    refusing = false
                    try await d.call(d.wasupBase, .put, "/api/instances/\(wasupID)/anti-ban", ["messagesPerHour": 100_000],
                                     headers: [("X-API-Key", Deployments.wasupKey)])
                }
                guard let due = try await client.store.nextOutboxDue() else { break }
                if due > clock.now() { clock.advance(by: .nanoseconds(Int64((due.timeIntervalSince(clock.now()) * 1e9).rounded(.up)))) }
                #expect(rounds < 20_000)
                if rounds >= 20_000 { break }
            }

            let entries = try await client.outbox.entries(limit: 2000)
            #expect(entries.count == 1000)
            #expect(entries.allSatisfy { $0.state == .sent })
            #expect(try await d.sentTexts(d.wasupBase, wasupID).count == 500)
            #expect(try await d.sentTexts(d.wawpBase, wawpID).count == 500)

            for phone in [Self.shop, Self.sales] {
                let mine = entries.filter { $0.from == phone }
                let times = mine.map(\.updatedAt).sorted()
                let newTimes = mine.filter { $0.message.to.user.hasPrefix("3361000") }.map(\.updatedAt).sorted()
                #expect(Self.most(in: times, window: 60) <= Self.perMinute)
                #expect(Self.most(in: times, window: 3600) <= Self.perHour)
                #expect(Self.most(in: times, window: 86_400) <= Self.perDay)
                #expect(Self.most(in: newTimes, window: 86_400) <= Self.newPerDay)
                #expect(newTimes.count == 50)
                let gaps = zip(times.dropFirst(), times).map { $0.timeIntervalSince($1) }
                #expect(gaps.allSatisfy { $0 >= Self.minGap - 0.000_1 })
                // Gaps the caps did not stretch are the random ones: within bounds, and not all alike.
                let free = gaps.filter { $0 <= Self.maxGap + 0.000_1 }
                #expect(free.count > 200)
                #expect(Set(free.map { ($0 * 1000).rounded() }).count > 20)
            }

            let paused = try #require(refusal)
            #expect(paused.until.timeIntervalSince(paused.at) > 3000)   // Wasup's waitTime: until its oldest send is an hour old
            let shopDuring = entries.filter { $0.from == Self.shop && $0.updatedAt >= paused.at && $0.updatedAt < paused.until }
            let salesDuring = entries.filter { $0.from == Self.sales && $0.updatedAt >= paused.at && $0.updatedAt < paused.until }
            #expect(shopDuring.isEmpty)
            #expect(salesDuring.count >= Self.perHour / 2)
            #expect(entries.contains { $0.from == Self.shop && $0.updatedAt >= paused.until })
            // The refusal was neither counted as sent nor retried elsewhere: Wawp sent only its own number's messages.
            #expect(entries.filter { $0.from == Self.shop }.allSatisfy { $0.provider == "wasup" })
            await client.shutdown()
        }
    }

    /// The most timestamps in any window of `window` seconds (`times` sorted).
    static func most(in times: [Date], window: TimeInterval) -> Int {
        var most = 0, start = 0
        for end in times.indices {
            while times[end].timeIntervalSince(times[start]) >= window { start += 1 }
            most = max(most, end - start + 1)
        }
        return most
    }
}
