import EmulatorKit
import Foundation

extension WawpEmulator {
    /// Queues the envelopes for delivery to the configured URL (nothing when none is set), signed
    /// when a secret is set: `X-Webhook-Hmac` (hex HMAC-SHA512 of the body) and
    /// `X-Webhook-Hmac-Algorithm: sha512`, plus `X-Webhook-Request-Id` and `X-Webhook-Timestamp`
    /// (Unix milliseconds) on every delivery. Returns the request ids, in order.
    @discardableResult
    func deliver(_ events: WawpEvents, state: WawpState) -> [String] {
        guard let url = state.webhookURL else { return [] }
        return events.envelopes.map { envelope in
            guard choices.literal else {
                let delivery = Self.delivery(envelope.body, event: envelope.event, url: url, secret: state.webhookSecret)
                queue.enqueue(delivery)
                return delivery.headers.first { $0.name == "X-Webhook-Request-Id" }?.value ?? ""
            }
            // Spec-literal: the spec names no webhook header, and no `instance_id` in `metadata`.
            var body = envelope.body
            if case .object(var object) = body {
                object["metadata"] = .object(JSONObject())
                body = .object(object)
            }
            let requestId = WawpIdentifiers.requestId()
            queue.enqueue(WebhookDelivery(url: url, body: body.data, headers: [("Content-Type", "application/json")],
                                          event: "\(envelope.event) \(requestId)"))
            return requestId
        }
    }

    /// One signed (or unsigned) delivery of an envelope.
    static func delivery(_ envelope: JSONValue, event: String, url: String, secret: String?) -> WebhookDelivery {
        let body = envelope.data
        var headers: [(name: String, value: String)] = [
            ("Content-Type", "application/json"),
            ("X-Webhook-Request-Id", WawpIdentifiers.requestId()),
            ("X-Webhook-Timestamp", String(EmulatorClock.milliseconds())),
        ]
        if let secret, !secret.isEmpty {
            headers.append(("X-Webhook-Hmac", WebhookSignature.hmacSHA512Hex(body: body, secret: secret)))
            headers.append(("X-Webhook-Hmac-Algorithm", "sha512"))
        }
        return WebhookDelivery(url: url, body: body, headers: headers, event: event)
    }

    /// Waits for the deliveries with these request ids and returns their outcomes, in order.
    func outcomes(of requestIds: [String]) async -> JSONValue {
        guard !requestIds.isEmpty else { return [] }
        await queue.flush()
        let log = deliverer.log
        return .array(requestIds.compactMap { id in
            log.last { outcome in
                outcome.delivery.headers.contains { $0.name == "X-Webhook-Request-Id" && $0.value == id }
                    || outcome.delivery.event.hasSuffix(" " + id)
            }?.json
        })
    }
}
