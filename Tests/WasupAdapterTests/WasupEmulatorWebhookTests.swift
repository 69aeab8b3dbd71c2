import Foundation
import Switchboard
import SwitchboardWasup
import TestSupport
import Testing

/// Inbound webhooks from the emulator to a real receiver: verified by the URL token, decoded.
@Suite struct WasupEmulatorWebhookTests {
    @Test func inboundMessageIsGenuineAndDecodes() async throws {
        let receiver = StubServer { _ in .init(200, #"{"ok":true}"#) }
        try await receiver.run { receiverBase in
            try await EmulatorHarness.run { harness in
                let provider = harness.provider
                let instance = try await harness.connectedInstance()
                try await provider.setWebhook(instance.id, url: receiverBase + "/webhooks/wasup-test")
                #expect(try await provider.instance(instance.id).webhookURL == receiverBase + "/webhooks/wasup-test")

                try await harness.control("instances/\(instance.id)/inbound", ["from": Fixture.customer.digits, "text": "Hello, I need help"])
                try await harness.control("instances/\(instance.id)/inbound",
                                          ["from": Fixture.customer.digits, "text": "receipt", "mediaUrl": "https://example.com/r.jpg", "mimeType": "image/jpeg"])
                try await provider.testWebhook(instance.id)

                let deliveries = receiver.requests.map { request in
                    WebhookDelivery(target: request.path + (request.rawQuery.isEmpty ? "" : "?" + request.rawQuery),
                                    headers: request.headers.map { (name: $0.key, value: $0.value) }, body: request.body)
                }
                try #require(deliveries.count == 3)
                var events: [InboundEvent] = []
                for delivery in deliveries {
                    try provider.verifyWebhook(delivery)
                    events += try provider.decodeWebhook(delivery)
                }
                #expect(events.allSatisfy { $0.instance == instance.id && $0.provider == "wasup-test" })
                guard case .message(let text) = events[0].body, case .message(let image) = events[1].body else {
                    Issue.record("not messages: \(events.map(\.body))")
                    return
                }
                #expect(text.text == "Hello, I need help")
                #expect(text.chat == .person(Fixture.customer))
                #expect(text.fromMe == false)
                #expect(events[0].id == text.id.rawValue)
                #expect(image.media == InboundMedia(url: "https://example.com/r.jpg", mimeType: "image/jpeg"))
                #expect(image.text == "receipt")

                // A forged delivery: the same body on a URL without the token, or with another instance's.
                var forged = deliveries[0]
                forged.target = "/webhooks/wasup-test"
                #expect(throws: SwitchboardError.self) { try provider.verifyWebhook(forged) }
                forged.target = deliveries[0].target.replacingOccurrences(of: "sb_instance=\(instance.id)", with: "sb_instance=wa_other")
                #expect(throws: SwitchboardError.self) { try provider.verifyWebhook(forged) }
            }
        }
    }
}
