import EmulatorKit
import Foundation
import Switchboard
import SwitchboardWawp
import Testing

/// Wawp events name the right instance after a restart (issue 14.5). Wawp's spec puts no
/// `instance_id` in a webhook, only WAHA's session name (`wawp-84729105`); the emulator adds
/// `metadata.instance_id`, so a proxy strips it (and signs the body again with the webhook
/// secret), as a spec-literal deployment sends it. Deliveries go emulator → proxy → the ingress
/// of a client started fresh on the store of the client that created the instance.
@Suite("Wawp attribution: events carry the instance id after a restart; unknown sessions are kept and flagged")
struct WawpAttributionTests {
    static let customer = Phone(e164Digits: "33612345678")

    static func client(_ d: Deployments, store: String, onEvent: Inbox.Handler? = nil) throws -> SwitchboardClient {
        let configuration = SwitchboardConfiguration(store: store, providers: [
            ProviderConfiguration(name: "wawp", kind: "wawp", baseURL: d.wawpBase,
                                  values: ["accessToken": .string(Deployments.wawpToken), "webhookSecret": .string(Deployments.wawpWebhookSecret)]),
        ])
        var options = SwitchboardClient.Options()
        options.pollInterval = .milliseconds(50)
        options.inboxRetry = InboxRetryPolicy(maxAttempts: 2, initialDelay: .milliseconds(50), maxDelay: .milliseconds(50))
        return try SwitchboardClient(configuration: configuration, kinds: [WawpProvider.providerKind], transport: Deployments.transport,
                                     options: options, onEvent: onEvent)
    }

    /// The envelope without `metadata.instance_id`, its `session` replaced when asked, signed again.
    static func literal(_ body: Data, session: String?, headers: [(name: String, value: String)]) -> (Data, [(String, String)]) {
        guard var envelope = (try? JSONSerialization.jsonObject(with: body)) as? [String: Any] else { return (body, headers) }
        envelope["metadata"] = [String: Any]()
        if let session { envelope["session"] = session }
        let stripped = (try? JSONSerialization.data(withJSONObject: envelope)) ?? body
        let signature = WebhookSignature.hmacSHA512Hex(body: stripped, secret: Deployments.wawpWebhookSecret)
        let resigned = headers.filter { $0.name.lowercased() != "x-webhook-hmac" && $0.name.lowercased() != "content-length" }
            .map { ($0.name, $0.value) } + [("X-Webhook-Hmac", signature)]
        return (stripped, resigned)
    }

    @Test("a fresh client names Wawp events by instance id, never the session name; an unknown session's event is kept, flagged and not handed over")
    func eventsNameTheInstanceAfterARestart() async throws {
        try await Deployments.run { d in
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("switchboard-attribution-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: directory) }
            let store = directory.appendingPathComponent("switchboard.sqlite").path

            // The first process creates and pairs the instance, then stops.
            let first = try Self.client(d, store: store)
            let instance = try await first.createInstance(provider: "wawp")
            _ = try await first.connect(instance.id, provider: "wawp", method: .qr)
            try await d.control(d.wawpBase, .post, "instances/\(instance.id)/scan", ["phone": RoutingEndToEndTests.support.digits])
            await first.shutdown()

            // A new process on the same store: nothing learned in memory.
            let handed = Locked<[InboundEvent]>([])
            let second = try Self.client(d, store: store) { event in handed.withLock { $0.append(event) } }
            let runner = Task { try await second.run() }
            let sessions = Locked<[String]>([])
            let receiver = try await WebhookReceiver.start { target, headers, body in
                let text = String(decoding: body, as: UTF8.self)
                let (literal, signed) = Self.literal(body, session: text.contains("for nobody") ? "wawp-00000000" : nil, headers: headers)
                if let envelope = (try? JSONSerialization.jsonObject(with: literal)) as? [String: Any], let session = envelope["session"] as? String {
                    sessions.withLock { $0.append(session) }
                }
                return await second.receiveWebhook(provider: "wawp", Switchboard.WebhookDelivery(target: target, headers: signed, body: literal)).status
            }
            try await d.wawpWebhook(to: receiver.url)
            try await d.control(d.wawpBase, .post, "instances/\(instance.id)/inbound", ["from": Self.customer.digits, "text": "after a restart"])
            try await d.control(d.wawpBase, .post, "instances/\(instance.id)/inbound", ["from": Self.customer.digits, "text": "for nobody"])

            var flagged: [InboxEntry] = []
            for _ in 0..<3000 {
                flagged = try await second.inbox.entries(state: .failed)
                let got = handled(handed, "after a restart")
                if !got.isEmpty, !flagged.isEmpty { break }
                try await Task.sleep(for: .milliseconds(20))
            }
            await receiver.stop()
            await second.shutdown()
            _ = try? await runner.value

            let delivered = sessions.withLock { $0 }
            #expect(delivered.contains { $0 != instance.id && $0 != "wawp-00000000" }, "the deliveries named no session: \(delivered)")
            let events = handed.withLock { $0 }
            let messages = handled(handed, "after a restart")
            #expect(!messages.isEmpty)
            #expect(messages.allSatisfy { $0.instance == instance.id }, "named \(messages.map(\.instance)), not \(instance.id)")
            #expect(!events.contains { $0.instance == "wawp-00000000" }, "an unknown session's event was handed over")
            #expect(flagged.count == 1 && flagged.first?.event.instance == "wawp-00000000")
            #expect(flagged.first?.lastError?.contains("unattributed") == true, "\(flagged.first?.lastError ?? "no error")")
        }
    }

    /// The messages handed over with that text.
    private func handled(_ handed: Locked<[InboundEvent]>, _ text: String) -> [InboundEvent] {
        handed.withLock { events in
            events.filter { event in
                if case .message(let message) = event.body { return message.text == text }
                return false
            }
        }
    }
}
