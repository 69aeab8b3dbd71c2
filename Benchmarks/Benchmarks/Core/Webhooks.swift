import Benchmark
import BenchSupport
import Foundation
import Switchboard
import SwitchboardWasup

/// Deliveries prepared in setup, shared by the webhook benchmarks.
final class DeliveryBox: @unchecked Sendable {
    var wasup: [WebhookDelivery] = []
}

/// Webhook decode on one thread: Wasup message deliveries through `WasupProvider.decodeWebhook`,
/// and the same with `verifyWebhook` first (the per-instance URL token, HMAC-SHA256).
func webhookBenchmarks() {
    let box = DeliveryBox()
    let wasup = WasupFixtures.provider(baseURL: "http://127.0.0.1:9", transport: CapturingTransport(body: "{}"))
    let prepare: @Sendable () async throws -> Void = {
        guard box.wasup.isEmpty else { return }
        let target = try await WasupFixtures.webhookTarget(instance: BenchTarget.instanceID)
        box.wasup = (0..<batch).map { WebhookDelivery(target: target, body: WasupFixtures.messageDelivery($0)) }
        try wasup.verifyWebhook(box.wasup[0])
        guard case .message = try wasup.decodeWebhook(box.wasup[0]).first?.body else {
            throw BenchError("the Wasup delivery did not decode to a message")
        }
    }

    Benchmark("Webhook Wasup decode x\(batch)", configuration: settings(), closure: { benchmark in
        for delivery in box.wasup { blackHole(try wasup.decodeWebhook(delivery)) }
    }, setup: prepare)

    Benchmark("Webhook Wasup verify+decode x\(batch)", configuration: settings(), closure: { benchmark in
        for delivery in box.wasup {
            try wasup.verifyWebhook(delivery)
            blackHole(try wasup.decodeWebhook(delivery))
        }
    }, setup: prepare)
}
