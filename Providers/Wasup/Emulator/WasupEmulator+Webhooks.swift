import EmulatorKit
import Foundation

extension WasupEmulator {
    /// The spec's `WebhookPayload` for an inbound message.
    func webhookPayload(for message: WasupMessage, instanceId: String) -> JSONValue {
        ["message_id": .string(message.id), "created_at": .string(WasupClock.iso(message.timestamp)),
         "from_phone": .string(message.from), "to_phone": .string(message.to), "message": .string(message.text ?? ""),
         "media_type": .string(message.messageType), "media_url": JSONValue(message.mediaUrl),
         "mime_type": JSONValue(message.mimeType), "file_name": JSONValue(message.fileName), "status": "received",
         "webhook_id": .string(instanceId), "event": "message", "quoted_message": nil]
    }

    /// `POST .../webhook/test`: one sample payload to the effective webhook, and what it answered.
    func testWebhook(_ request: EmulatorRequest) async -> EmulatorResponse {
        let id = instanceId(request)
        let lookup = state.withLock { state -> (instance: WasupInstance, url: String?)? in
            state.instances[id].map { ($0, state.effectiveWebhook(for: $0)) }
        }
        guard let lookup else { return instanceNotFound(request) }
        guard let url = lookup.url else {
            return .json(["error": "No webhook URL configured for this instance",
                          "hint": "Set webhookUrl via PUT /api/instances/:id or during onboarding"], status: 400)
        }
        let phone = lookup.instance.connectedPhone ?? lookup.instance.savedPhone ?? ""
        let sample = WasupMessage(
            id: "TEST" + WasupIdentifiers.random(12, from: "0123456789ABCDEF"), uuid: UUID().uuidString.lowercased(),
            direction: "inbound", from: "10000000000",
            body: WasupMessageBody(to: phone, chatId: "10000000000@s.whatsapp.net", messageType: "text",
                                   text: "This is a test webhook from Wasup", content: JSONObject(), mediaUrl: nil, mimeType: nil, fileName: nil),
            timestamp: Date(), status: "received", origin: "test")
        var payload = webhookPayload(for: sample, instanceId: id).objectValue ?? JSONObject()
        payload["test"] = true
        let outcome = await deliverer.deliver(WebhookDelivery(url: url, json: .object(payload), event: "webhook.test"), attempts: 1)
        state.withLock { state in
            state.instances[id]?.log(outcome.delivered ? "Webhook test delivered" : "Webhook test failed", level: outcome.delivered ? "success" : "error")
        }
        guard let response = outcome.response else {
            return .json(["success": false, "webhookUrl": .string(url), "error": .string(outcome.error ?? "delivery failed"),
                          "message": "Failed to deliver test webhook"])
        }
        let text = String(decoding: response.body, as: UTF8.self)
        let body: JSONValue = outcome.responseJSON ?? .string(String(text.prefix(500)))
        return .json(["success": .bool(outcome.delivered), "webhookUrl": .string(url), "responseStatus": .int(response.status.code),
                      "responseBody": body,
                      "message": .string(outcome.delivered ? "Webhook test delivered successfully" : "Webhook returned HTTP \(response.status.code)")])
    }
}
