import Foundation
import Switchboard

/// The demo's pacing step: one number's caps, random gaps and new-conversation cap, and a Wasup
/// anti-ban refusal, through a second client on the same emulators whose clock is virtual.
extension DemoScript {
    static let newContacts = [ChatID.person(Phone(e164Digits: "447700900801")), ChatID.person(Phone(e164Digits: "447700900802"))]

    func playPacing(wasup provider: any MessagingProvider) async throws {
        step("Pacing per sending number, the same on every provider (virtual time: no waiting)")
        let start = Date(timeIntervalSince1970: 1_800_000_000)
        let clock = ManualTimeSource(start)
        var layer = PacingLayer(preset: "off")
        layer.perMinute = .some(3)
        layer.newConversationsPerDay = .some(1)
        layer.minGapSeconds = 2
        layer.maxGapSeconds = 6
        layer.typingMsPerCharacter = 40
        layer.minTypingMs = 500
        layer.maxTypingMs = 3000
        var configuration = client.configuration
        configuration.pacing = PacingConfiguration(defaults: PacingLayer(preset: "off"), numbers: [Self.wasupPhone: layer])
        var options = SwitchboardClient.Options()
        options.clock = clock
        options.pacingSeed = 18
        options.logger = client.options.logger
        let paced = try SwitchboardClient(configuration: configuration, kinds: providerKinds, transport: transport, options: options)
        do {
            try await playPacing(paced, clock: clock, start: start, provider: provider)
        } catch {
            await paced.shutdown()
            throw error
        }
        await paced.shutdown()
    }

    private func playPacing(_ paced: SwitchboardClient, clock: ManualTimeSource, start: Date, provider: any MessagingProvider) async throws {
        _ = try await paced.refreshRoutes()
        let pacer = try paced.outbox.pacer.orThrow("a pacer")
        try await pacer.recordReply(to: Self.wasupPhone, in: Self.customer)  // the customer wrote: sends to them are replies
        print("  \(Self.wasupPhone): at most 3 a minute, 1 new conversation a day, 2-6 s apart, typing 40 ms a character")
        let recipients = [Self.customer, Self.newContacts[0], Self.customer, Self.newContacts[1], Self.customer, Self.customer]
        for (index, chat) in recipients.enumerated() {
            _ = try await paced.enqueue(.text(index == 0 ? "Thanks, your order ships today" : "Message \(index + 1)", to: chat),
                                        from: Self.wasupPhone, idempotencyKey: "pacing-\(index)")
        }
        func offset(_ date: Date) -> String {
            let seconds = date.timeIntervalSince(start)
            return seconds >= 3600 ? String(format: "t+%.1fh", seconds / 3600) : String(format: "t+%.1fs", seconds)
        }
        var shown = Set<Int64>()
        func drain(until limit: Date) async throws {
            while true {
                await paced.outbox.dispatchDue()
                for entry in try await paced.outbox.entries(state: .sent) where shown.insert(entry.id).inserted {
                    let kind = entry.message.to == Self.customer ? "reply to" : "new conversation with"
                    print("  \(offset(entry.updatedAt))\t\(kind) \(entry.message.to.phone?.e164 ?? "?")")
                }
                guard let due = try await paced.store.nextOutboxDue(), due <= limit else { return }
                if due > clock.now() { clock.advance(by: .nanoseconds(Int64((due.timeIntervalSince(clock.now()) * 1e9).rounded(.up)))) }
            }
        }
        try await drain(until: start.addingTimeInterval(3600))
        let held = try await paced.outbox.entries(state: .queued)
        try expect(held.count == 1 && held.first?.message.to == Self.newContacts[1], "the second new conversation held, got \(held.count) queued")
        print("  the second new conversation waits until \(offset(held[0].nextAttemptAt)); the replies went on")

        let harness = harnesses[provider.name]!
        try await harness.addFault(method: "POST", path: "/api/instances/{instanceId}/send", status: 200,
                                   body: #"{"success":true,"messageType":"text","result":{"sent":false,"reason":"Hourly message limit reached (30/hour)","waitTime":600000}}"#,
                                   contentType: "application/json")
        _ = try await paced.enqueue(.text("One more reply", to: Self.customer), from: Self.wasupPhone, idempotencyKey: "pacing-refused")
        clock.advance(by: .seconds(60))
        await paced.outbox.dispatchDue()
        let status = try await paced.pacing().first { $0.phone == Self.wasupPhone }
        try expect(status?.next?.reason.contains("refused") == true, "the number paused by the refusal, got \(String(describing: status))")
        print("  Wasup's anti-ban answered sent: false, waitTime 600000 ms: the number pauses, the message waits, nothing is counted")
        print("  pacing \(status!)")
        try await drain(until: start.addingTimeInterval(7200))
        let after = try await paced.outbox.entry(idempotencyKey: "pacing-refused")
        try expect(after?.state == .sent, "the refused message sent after the pause")
    }
}

extension Optional {
    func orThrow(_ what: String) throws -> Wrapped {
        guard let self else { throw SwitchboardError.invalidResponse("the demo expected \(what)") }
        return self
    }
}
