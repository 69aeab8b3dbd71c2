import Foundation
import Switchboard

extension WawpProvider {
    /// Unsupported: Wawp sets webhook URLs in its dashboard only.
    public func setWebhook(_ id: String, url: String) async throws(SwitchboardError) {
        try require(.webhookSet)
    }

    /// Unsupported: Wawp has no test delivery.
    public func testWebhook(_ id: String) async throws(SwitchboardError) {
        try require(.webhookTest)
    }

    /// Accepts a delivery only when it is signed (with a webhook secret configured) and fresh (sent
    /// within 5 minutes); see `WawpWebhookVerifier`. Throws `SwitchboardError/Kind/unauthorized`.
    /// A replayed delivery passes here and is dropped as a duplicate by `WebhookIngress`.
    public func verifyWebhook(_ delivery: WebhookDelivery) throws(SwitchboardError) {
        try webhookVerifier.verify(delivery)
    }

    /// The neutral events in a delivery; see `WawpWebhookDecoder`. A `fromMe` message with
    /// `source: "api"` was sent by an API client, not typed by an operator on the phone
    /// (`Message/sentThroughAPI`); the client's ingress applies handoff resume keywords to the
    /// operator's messages. A session name the adapter has not learned in this process is left as
    /// the event's instance; the client's ingress resolves it through the store's aliases.
    public func decodeWebhook(_ delivery: WebhookDelivery) throws(SwitchboardError) -> [InboundEvent] {
        let decoded = try WawpWebhookDecoder(provider: name, instanceForSession: known.instance(forSession:)).decode(delivery.body)
        return decoded.map { item in
            guard case .message(var message) = item.event.body, message.fromMe, item.payload["source"]?.string == "api" else {
                return item.event
            }
            message.sentThroughAPI = true
            var event = item.event
            event.body = .message(message)
            return event
        }
    }
}
