import EmulatorKit
import Foundation
import TestSupport
import Testing

@Suite struct WebhookDelivererTests {
    @Test func deliversAndRetriesUntilTheReceiverAccepts() async throws {
        let receiver = WebhookRecorder()
        try await receiver.start()
        receiver.script([(500, "{}"), (503, "{}"), (200, #"{"ok":true}"#)])
        let deliverer = WebhookDeliverer(transport: TestTransport.shared, attempts: 3, backoff: .milliseconds(10))
        let outcome = await deliverer.deliver(WebhookDelivery(url: receiver.url, json: ["event": "message"],
                                                              headers: [("X-Test", "1")], event: "message"))
        await receiver.stop()
        #expect(outcome.delivered)
        #expect(outcome.attempts == 3)
        #expect(outcome.responseJSON == ["ok": true])
        #expect(receiver.received.count == 3)
        #expect(receiver.received.allSatisfy { $0.json == ["event": "message"] && $0.header("X-Test") == "1" })
        #expect(receiver.received.first?.header("Content-Type") == "application/json")
        #expect(deliverer.log.count == 1)
    }

    @Test func givesUpAfterItsAttemptsAndDoesNotRetryClientErrors() async throws {
        let receiver = WebhookRecorder()
        try await receiver.start()
        receiver.script([(500, ""), (500, ""), (500, ""), (400, "")])
        let deliverer = WebhookDeliverer(transport: TestTransport.shared, attempts: 3, backoff: .milliseconds(1))
        let failed = await deliverer.deliver(WebhookDelivery(url: receiver.url, json: [:]))
        let refused = await deliverer.deliver(WebhookDelivery(url: receiver.url, json: [:]))
        await receiver.stop()
        #expect(!failed.delivered)
        #expect(failed.attempts == 3)
        #expect(failed.response?.status == 500)
        #expect(refused.attempts == 1)
        #expect(refused.response?.status == 400)
    }

    @Test func reportsATransportErrorWhenNothingListens() async throws {
        let receiver = WebhookRecorder()
        try await receiver.start()
        let url = receiver.url
        await receiver.stop()
        let deliverer = WebhookDeliverer(transport: TestTransport.shared, attempts: 2, backoff: .milliseconds(1))
        let outcome = await deliverer.deliver(WebhookDelivery(url: url, json: [:]))
        #expect(!outcome.delivered)
        #expect(outcome.attempts == 2)
        #expect(outcome.error != nil)
    }

    @Test func providerWebhooksAppearInTheControlLog() async throws {
        let receiver = WebhookRecorder()
        try await receiver.start()
        let deliverer = WebhookDeliverer(transport: TestTransport.shared, backoff: .milliseconds(1))
        let server = EmulatorServer(provider: try TinyProvider(webhooks: deliverer), configuration: EmulatorConfiguration(logRequests: false))
        let client = TestClient(port: try await server.start())
        _ = try await client.json("POST", "/__emulator/webhook", json: ["url": .string(receiver.url)])
        let inbound = try await client.json("POST", "/__emulator/instances/i1/inbound", json: ["from": "447700900123", "text": "hi"])
        let log = try await client.json("GET", "/__emulator/webhooks")
        await server.stop()
        await receiver.stop()
        #expect(inbound.body["webhook"]?["delivered"] == true)
        #expect(receiver.received.map(\.json) == [["text": "hi"]])
        #expect(log.body["webhooks"]?.arrayValue?.first?["status"] == 200)
    }
}
