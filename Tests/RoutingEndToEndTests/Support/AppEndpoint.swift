import Foundation
import Switchboard
import Synchronization

/// The app's webhook endpoint for one provider on loopback: deliveries go to the client's
/// ingress, unless the endpoint is switched off (then it answers 503, as an app that is down).
final class AppEndpoint: Sendable {
    private let receiver: WebhookReceiver
    private let gate: Gate

    final class Gate: Sendable {
        let on = Mutex(true)
    }

    private init(receiver: WebhookReceiver, gate: Gate) {
        self.receiver = receiver
        self.gate = gate
    }

    static func start(_ client: SwitchboardClient, provider: String) async throws -> AppEndpoint {
        let gate = Gate()
        let receiver = try await WebhookReceiver.start { target, headers, body in
            guard gate.on.withLock({ $0 }) else { return 503 }
            return await client.receiveWebhook(provider: provider, WebhookDelivery(target: target, headers: headers, body: body)).status
        }
        return AppEndpoint(receiver: receiver, gate: gate)
    }

    /// `http://127.0.0.1:PORT/webhooks`.
    var url: String { receiver.url }

    /// Switches the endpoint on or off.
    func set(on isOn: Bool) { gate.on.withLock { $0 = isOn } }

    func stop() async { await receiver.stop() }
}
