import EmulatorKit
import Foundation
import Testing

@Suite struct WasupWebhookTests {
    @Test func postsTheWebhookPayloadAndSendsTheReply() async throws {
        try await WasupHarness.with { h in
            try await h.connected("main", phone: "447700900001", webhook: h.receiver.url)
            h.receiver.script([(200, #"{"reply":"Thanks, we got it"}"#)])
            let inbound = try await h.client.json("POST", "/__emulator/instances/main/inbound",
                                                  json: ["from": "447700900002", "text": "Hello", "fromMe": false, "mediaUrl": nil, "mimeType": nil])
            #expect(inbound.status == 200)
            let messageId = try #require(inbound.body["messageId"]?.stringValue)
            #expect(inbound.body["reply"]?["sent"] == true)

            let payload = try #require(h.receiver.received.first?.json?.objectValue)
            #expect(payload.keys == ["message_id", "created_at", "from_phone", "to_phone", "message", "media_type", "media_url",
                                     "mime_type", "file_name", "status", "webhook_id", "event", "quoted_message"])
            #expect(payload["message_id"] == .string(messageId))
            #expect(payload["from_phone"] == "447700900002")
            #expect(payload["to_phone"] == "447700900001")
            #expect(payload["message"] == "Hello")
            #expect(payload["media_type"] == "text")
            #expect(payload["webhook_id"] == "main")
            #expect(payload["event"] == "message")
            #expect(payload["status"] == "received")

            let sent = try await h.sent("main")
            #expect(sent.count == 1)
            #expect(sent.first?["text"] == "Thanks, we got it")
            #expect(sent.first?["to"] == "447700900002")
            #expect(sent.first?["origin"] == "webhook-reply")
            let inboundHistory = try await h.client.json("GET", "/api/instances/main/messages?direction=inbound").body
            #expect(inboundHistory["messages"]?.arrayValue?.first?["text"] == "Hello")
        }
    }

    @Test func skipSendsNothingAndMediaIsDescribed() async throws {
        try await WasupHarness.with { h in
            try await h.connected("main", phone: "447700900001", webhook: h.receiver.url)
            h.receiver.script([(200, #"{"skip":true,"reply":"ignored"}"#)])
            let inbound = try await h.client.json("POST", "/__emulator/instances/main/inbound",
                                                  json: ["from": "447700900002", "text": "pic", "mediaUrl": "https://example.com/a.jpg", "mimeType": "image/jpeg"])
            #expect(inbound.body["skipped"] == true)
            #expect(try await h.sent("main").isEmpty)
            let payload = try #require(h.receiver.received.first?.json)
            #expect(payload["media_type"] == "image")
            #expect(payload["media_url"] == "https://example.com/a.jpg")
            #expect(payload["mime_type"] == "image/jpeg")
        }
    }

    @Test func retriesUntilTheReceiverAcceptsThenReplies() async throws {
        try await WasupHarness.with { h in
            try await h.connected("main", phone: "447700900001", webhook: h.receiver.url)
            h.receiver.script([(500, "{}"), (503, "{}"), (200, #"{"reply":"third time"}"#)])
            let inbound = try await h.client.json("POST", "/__emulator/instances/main/inbound", json: ["from": "447700900002", "text": "hi"])
            #expect(inbound.body["webhook"]?["attempts"] == 3)
            #expect(inbound.body["webhook"]?["delivered"] == true)
            #expect(h.receiver.received.count == 3)
            #expect(Set(h.receiver.received.compactMap { $0.json?["message_id"]?.stringValue }).count == 1)
            #expect(try await h.sent("main").first?["text"] == "third time")
            let log = try await h.client.json("GET", "/__emulator/webhooks").body["webhooks"]?.arrayValue
            #expect(log?.first?["status"] == 200)
        }
    }

    @Test func usesTheGlobalDefaultWhenTheInstanceHasNone() async throws {
        try await WasupHarness.with { h in
            try await h.connected("main", phone: "447700900001")
            let none = try await h.client.json("POST", "/__emulator/instances/main/inbound", json: ["from": "447700900002", "text": "lost"])
            #expect(none.body["webhook"] == nil)
            let test = try await h.client.json("POST", "/api/instances/main/webhook/test")
            #expect(test.status == 400)
            #expect(test.body == ["error": "No webhook URL configured for this instance",
                                  "hint": "Set webhookUrl via PUT /api/instances/:id or during onboarding"])

            _ = try await h.client.json("POST", "/__emulator/webhook", json: ["url": .string(h.receiver.url)])
            #expect(try await h.client.json("GET", "/api/webhook").body["defaultWebhookUrl"] == .string(h.receiver.url))
            let config = try await h.client.json("GET", "/api/instances/main/webhook").body
            #expect(config["usingGlobalDefault"] == true)
            #expect(config["effectiveWebhookUrl"] == .string(h.receiver.url))
            _ = try await h.client.json("POST", "/__emulator/instances/main/inbound", json: ["from": "447700900002", "text": "found"])
            #expect(h.receiver.received.last?.json?["message"] == "found")

            h.receiver.script([(200, #"{"ok":true}"#)])
            let tested = try await h.client.json("POST", "/api/instances/main/webhook/test")
            #expect(tested.body == ["success": true, "webhookUrl": .string(h.receiver.url), "responseStatus": 200,
                                    "responseBody": ["ok": true], "message": "Webhook test delivered successfully"])
        }
    }

    @Test func handoffSuppressesRepliesUntilTheOperatorTypesAResumeKeyword() async throws {
        try await WasupHarness.with { h in
            try await h.connected("main", phone: "447700900001", webhook: h.receiver.url)
            _ = try await h.client.json("PUT", "/api/instances/main/handoff/settings",
                                        json: ["resumeKeywords": ["#bot"], "resumeMessage": "The assistant is back"])
            let tagged = try await h.client.json("POST", "/api/instances/main/handoff", json: ["phone": "447700900002", "active": true])
            #expect(tagged.body == ["success": true, "chatId": "447700900002@s.whatsapp.net", "active": true])

            h.receiver.script([(200, #"{"reply":"bot answer"}"#)])
            let during = try await h.client.json("POST", "/__emulator/instances/main/inbound", json: ["from": "447700900002", "text": "help"])
            #expect(during.body["reply"] == ["sent": false, "reason": "handoff"])
            #expect(try await h.sent("main").isEmpty)

            let chatter = try await h.client.json("POST", "/__emulator/instances/main/inbound", json: ["from": "447700900002", "text": "I'm on it", "fromMe": true])
            #expect(chatter.body["handoffCleared"] == false)
            let resume = try await h.client.json("POST", "/__emulator/instances/main/inbound", json: ["from": "447700900002", "text": "#BOT take over", "fromMe": true])
            #expect(resume.body["handoffCleared"] == true)
            #expect(try await h.client.json("GET", "/api/instances/main/handoff").body["chats"] == [])
            #expect(h.receiver.received.count == 1)

            let sent = try await h.sent("main")
            #expect(sent.map { $0["origin"]?.stringValue } == ["phone", "phone", "handoff-resume"])
            #expect(sent.last?["text"] == "The assistant is back")

            h.receiver.script([(200, #"{"reply":"bot again"}"#)])
            _ = try await h.client.json("POST", "/__emulator/instances/main/inbound", json: ["from": "447700900002", "text": "thanks"])
            #expect(try await h.sent("main").last?["text"] == "bot again")
        }
    }
}
