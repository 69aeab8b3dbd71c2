import Foundation
import TestSupport

/// Answers in the shapes (and mostly with the example values) of Wasup's OpenAPI document, for
/// tests that check what the adapter sends and how it reads the answer.
enum SpecAnswers {
    static let instance = #"""
    {"id":"wa_lxyz123_abc45","name":"Customer Support","status":"connected","qrCode":null,"pairingCode":null,
     "connectedPhone":"60123456789","connectedAt":"2026-01-29T12:00:00.000Z","webhookUrl":"https://your-api.com/webhook",
     "createdAt":"2026-01-29T11:00:00.000Z"}
    """#

    /// The answer to a request, by method and path.
    static func answer(_ request: StubServer.Request) -> StubServer.Answer {
        let parts = request.path.split(separator: "/").map(String.init)  // ["api", "instances", id, ...]
        let id = parts.count > 2 ? parts[2] : ""
        let tail = parts.count > 3 ? parts[3...].joined(separator: "/") : ""
        switch (request.method, parts.count > 2 ? "instances/:id/" + tail : request.path) {
        case ("GET", "/api/instances"):
            return .init(200, #"{"success":true,"count":1,"instances":[\#(instance)]}"#)
        case ("POST", "/api/instances"):
            let webhook = request.json?["webhookUrl"] as? String
            let custom = request.json?["id"] as? String ?? "wa_generated_1"
            let name = request.json?["name"] as? String ?? ""
            return .init(201, #"{"success":true,"instance":{"id":"\#(custom)","name":"\#(name)","status":"disconnected","webhookUrl":\#(webhook.map { "\"\($0)\"" } ?? "null")}}"#)
        case ("GET", "instances/:id/"), ("PUT", "instances/:id/"):
            return .init(200, #"{"success":true,"instance":\#(instance)}"#)
        case ("DELETE", "instances/:id/"):
            return .init(200, #"{"success":true,"message":"Instance \#(id) deleted"}"#)
        case ("POST", "instances/:id/disconnect"):
            return .init(200, #"{"success":true,"message":"Disconnected"}"#)
        case ("POST", "instances/:id/clear-auth"):
            return .init(200, #"{"success":true,"message":"Auth cleared"}"#)
        case ("POST", "instances/:id/send"):
            return .init(200, #"{"success":true,"messageType":"\#(request.json?["messageType"] as? String ?? "text")","result":{"sent":true,"delay":3500,"typingSimulation":true,"delayEnabled":true}}"#)
        case ("POST", "instances/:id/react"):
            return .init(200, #"{"success":true,"emoji":"🔥","messageId":"3EB0DAC5F4A2E1B7"}"#)
        case ("GET", "instances/:id/connection"):
            return .init(200, #"{"success":true,"status":"connected","phone":"447393002183","connectedAt":"2026-01-29T12:00:00.000Z","uptime":3600,"pairingCode":null,"qrCode":null}"#)
        case ("GET", "instances/:id/handoff"):
            return .init(200, #"{"success":true,"chats":[{"chatId":"447835156367@s.whatsapp.net","since":"2026-01-29T12:00:00.000Z"}]}"#)
        case ("POST", "instances/:id/handoff"):
            return .init(200, #"{"success":true,"chatId":"447835156367@s.whatsapp.net","active":true}"#)
        case ("DELETE", "instances/:id/handoff"):
            return .init(200, #"{"success":true,"cleared":3}"#)
        case ("GET", "instances/:id/handoff/settings"), ("PUT", "instances/:id/handoff/settings"):
            return .init(200, ##"{"success":true,"settings":{"resumeKeywords":["#ai","#assistant","#bot","#resume"],"resumeMessage":"AI assistant is back online. How can I help?"}}"##)
        case ("GET", "instances/:id/profile"):
            return .init(200, #"{"success":true,"profile":{"phone":"447393002183","connected":true}}"#)
        case ("PUT", "instances/:id/profile/name"):
            return .init(200, #"{"success":true,"message":"Display name updated to \"Acme Support\""}"#)
        case ("PUT", "instances/:id/profile/status"):
            return .init(200, #"{"success":true,"message":"About text updated"}"#)
        case ("PUT", "instances/:id/profile/picture"):
            return .init(200, #"{"success":true,"message":"Profile picture updated"}"#)
        case ("DELETE", "instances/:id/profile/picture"):
            return .init(200, #"{"success":true,"message":"Profile picture removed"}"#)
        case ("PUT", "instances/:id/webhook"):
            let url = request.json?["webhookUrl"] as? String ?? ""
            return .init(200, #"{"success":true,"instanceWebhookUrl":"\#(url)","effectiveWebhookUrl":"\#(url)","usingGlobalDefault":false,"message":"Webhook updated"}"#)
        case ("POST", "instances/:id/webhook/test"):
            return .init(200, #"{"success":true,"webhookUrl":"https://acme.com/webhook","responseStatus":200,"responseBody":{"ok":true},"message":"Webhook test delivered successfully"}"#)
        case ("GET", "instances/:id/messages"):
            return .init(200, #"""
            {"success":true,"count":3,"messages":[
             {"id":"3EB0B430A7F9B1D3","direction":"outbound","from":"447393002183","to":"60123456789","text":"Sure, one moment","timestamp":"2026-01-29T12:01:00.000Z","status":"delivered"},
             {"id":"3EB0B430A7F9B1D2","direction":"inbound","from":"60123456789","to":"447393002183","text":"Hello, I need help with my order","timestamp":"2026-01-29T12:00:00.000Z","status":"delivered"},
             {"id":"3EB0B430A7F9B1D4","direction":"inbound","from":"447700900123","to":"447393002183","text":"Other chat","mediaUrl":"https://whatsappmediastore.blob.core.windows.net/whatsapp-media/wa_abc/image/1706000000-a1b2c3d4.jpg","mediaType":"image","mimeType":"image/jpeg","timestamp":"2026-01-29T12:02:00.000Z"}
            ]}
            """#)
        case ("POST", "/api/send"):
            let to = request.json?["to"] as? String ?? ""
            let from = request.json?["from_phone"] as? String ?? ""
            return .init(200, #"[{"message_id":"6f1c1c4e-3f7a-4b5e-9a61-0c2f1d8e9b10","created_at":"2026-01-29T12:00:00.000Z","from_phone":"\#(from)","to_phone":"\#(to)","message":"hi","message_type":"text","status":"sent"}]"#)
        default:
            return .init(404, #"{"error":"Not found: \#(request.method) \#(request.path)"}"#)
        }
    }
}
