import EmulatorKit
import Foundation
import Switchboard
import TestSupport
import Testing
import WawpEmulator

/// WAHA-style webhooks to the URL set by the control API, signed with HMAC-SHA512, retried.
@Suite struct WebhookTests {
    /// Runs `body` with a receiver registered as the emulator's webhook URL.
    static func withReceiver(secret: String? = "s3cret", _ body: (WawpHarness, WebhookRecorder) async throws -> Void) async throws {
        try await WawpHarness.with { harness in
            let receiver = WebhookRecorder()
            try await receiver.start()
            let configured = try await harness.control("POST", "/webhook", ["url": .string(receiver.url), "secret": JSONValue(secret)])
            #expect(configured.status == 200)
            do {
                try await body(harness, receiver)
            } catch {
                await receiver.stop()
                throw error
            }
            await receiver.stop()
        }
    }

    @Test func sessionStatusChangesArriveInOrderInTheEnvelope() async throws {
        try await Self.withReceiver { harness, receiver in
            let instance = try await harness.workingInstance()
            _ = try await harness.api("POST", "/v2/session/stop", instance: instance)
            _ = try await harness.control("POST", "/webhooks/flush")
            let statuses = receiver.events("session.status")
            #expect(statuses.compactMap { $0["payload"]?["status"]?.stringValue } == ["STARTING", "SCAN_QR_CODE", "WORKING", "STOPPED"])
            let working = try #require(statuses.dropFirst(2).first)
            #expect(working.objectValue?.keys == ["id", "timestamp", "session", "metadata", "engine", "event", "payload", "me"])
            #expect(working["id"]?.stringValue?.hasPrefix("evt_01") == true)
            #expect(working["engine"] == "WEBJS")
            #expect(working["metadata"]?["instance_id"]?.stringValue == instance)
            #expect(working["session"]?.stringValue?.hasPrefix("wawp-") == true)
            #expect(working["payload"]?["name"] == working["session"])
            #expect(working["me"]?["id"] == "447700900123@c.us")
            #expect(working["timestamp"]?.intValue ?? 0 > 1_600_000_000_000)
        }
    }

    @Test func inboundFiresMessageAndMessageAnySignedWithHMACSHA512() async throws {
        try await Self.withReceiver { harness, receiver in
            let instance = try await harness.workingInstance()
            let inbound = try await harness.control("POST", "/instances/\(instance)/inbound",
                                                    ["from": "447700900321", "text": "Hi there", "name": "Ada",
                                                     "mediaUrl": "https://example.com/a.jpg", "mimeType": "image/jpeg"])
            #expect(inbound.status == 200)
            #expect(inbound.body["webhooks"]?.arrayValue?.map { $0["delivered"] } == [true, true])
            let messageId = try #require(inbound.body["messageId"]?.stringValue)

            let message = try #require(receiver.events("message").first)
            let payload = try #require(message["payload"])
            #expect(payload["id"]?.stringValue == messageId)
            #expect(messageId.hasPrefix("false_447700900321@c.us_"))
            #expect(payload["from"] == "447700900321@c.us")
            #expect(payload["to"] == "447700900123@c.us")
            #expect(payload["fromMe"] == false)
            #expect(payload["body"] == "Hi there")
            #expect(payload["hasMedia"] == true)
            #expect(payload["media"]?["url"] == "https://example.com/a.jpg")
            #expect(payload["media"]?["mimetype"] == "image/jpeg")
            #expect(payload["_data"]?["notifyName"] == "Ada")
            #expect(receiver.events("message.any").first?["payload"]?["id"]?.stringValue == messageId)

            for delivery in receiver.received {
                let signature = try #require(delivery.header("X-Webhook-Hmac"))
                #expect(WebhookSignature.verifySHA512(body: delivery.body, secret: "s3cret", signature: signature))
                #expect(signature == signature.lowercased() && signature.count == 128)
                #expect(delivery.header("X-Webhook-Hmac-Algorithm") == "sha512")
                #expect(delivery.header("X-Webhook-Request-Id")?.isEmpty == false)
                #expect(Int(delivery.header("X-Webhook-Timestamp") ?? "") ?? 0 > 1_600_000_000_000)
            }
            #expect(Set(receiver.received.compactMap { $0.header("X-Webhook-Request-Id") }).count == receiver.received.count)

            _ = try await harness.control("POST", "/instances/\(instance)/inbound", ["from": "447700900321", "text": "typed on the phone", "fromMe": true])
            #expect(receiver.events("message").count == 1)
            #expect(receiver.events("message.any").count == 2)
            #expect(try await harness.sent(instance).first?["origin"] == "phone")
        }
    }

    @Test func acksReactionsRevokesAndEditsHaveTheirEvents() async throws {
        try await Self.withReceiver { harness, receiver in
            let instance = try await harness.workingInstance()
            let sent = try await harness.api("POST", "/v2/send/voice", instance: instance,
                                             [("chatId", "447700900321"), ("file[url]", "https://example.com/v.ogg"),
                                              ("file[filename]", "v.ogg"), ("file[mimetype]", "audio/ogg"), ("convert", "true")])
            let keyId = try #require(sent.json?["key"]?["id"]?.stringValue)
            let serialized = "true_447700900321@c.us_\(keyId)"
            let ack = try await harness.control("POST", "/instances/\(instance)/ack", ["messageId": .string(keyId), "status": "read"])
            #expect(ack.status == 200)
            #expect(ack.body["ackName"] == "READ")
            let ackEvent = try #require(receiver.events("message.ack").first?["payload"])
            #expect(ackEvent["id"]?.stringValue == serialized)
            #expect(ackEvent["ack"] == 3)
            #expect(ackEvent["ackName"] == "READ")
            #expect(ackEvent["chatId"] == "447700900321@c.us")
            #expect(try await harness.sent(instance).first?["status"] == "read")
            #expect(try await harness.control("POST", "/instances/\(instance)/ack", ["messageId": "nope", "status": "read"]).status == 404)
            #expect(try await harness.control("POST", "/instances/\(instance)/ack", ["messageId": .string(keyId), "status": "lost"]).status == 400)

            let inbound = try await harness.control("POST", "/instances/\(instance)/inbound", ["from": "447700900321", "text": "old"])
            let theirs = try #require(inbound.body["messageId"]?.stringValue)
            _ = try await harness.control("POST", "/instances/\(instance)/react", ["messageId": .string(serialized), "reaction": "🔥"])
            _ = try await harness.control("POST", "/instances/\(instance)/edit", ["messageId": .string(theirs), "text": "new"])
            _ = try await harness.control("POST", "/instances/\(instance)/revoke", ["messageId": .string(theirs)])
            _ = try await harness.api("PUT", "/v2/send/reaction", instance: instance,
                                      [("chatId", "447700900321"), ("messageId", theirs), ("reaction", "👍")])
            _ = try await harness.control("POST", "/webhooks/flush")

            let reactions = receiver.events("message.reaction").compactMap { $0["payload"] }
            #expect(reactions.map { $0["reaction"] } == ["🔥", "👍"])
            #expect(reactions.map { $0["messageId"]?.stringValue } == [serialized, theirs])
            #expect(reactions.map { $0["senderId"] } == ["447700900321@c.us", "447700900123@c.us"])
            let edited = try #require(receiver.events("message.edited").first?["payload"])
            #expect(edited["id"]?.stringValue == theirs)
            #expect(edited["newBody"] == "new")
            #expect(edited["prevBody"] == "old")
            let revoked = try #require(receiver.events("message.revoked").first?["payload"])
            #expect(revoked["id"]?.stringValue == theirs)
            #expect(revoked["revokedBy"] == "447700900321@c.us")
        }
    }

    @Test func unsignedWithoutASecretAndRetriedUntilAccepted() async throws {
        try await Self.withReceiver(secret: nil) { harness, receiver in
            let instance = try await harness.workingInstance()
            _ = try await harness.control("POST", "/webhooks/flush")
            let before = receiver.received.count
            receiver.script([500, 503])
            let inbound = try await harness.control("POST", "/instances/\(instance)/inbound", ["from": "447700900321", "text": "retry me"])
            let outcomes = try #require(inbound.body["webhooks"]?.arrayValue)
            #expect(outcomes.first?["attempts"] == 3)
            #expect(outcomes.first?["delivered"] == true)
            #expect(outcomes.last?["attempts"] == 1)
            let deliveries = receiver.received.dropFirst(before)
            #expect(deliveries.count == 4)
            #expect(Set(deliveries.prefix(3).map(\.body)).count == 1)
            #expect(deliveries.allSatisfy { $0.header("X-Webhook-Hmac") == nil })
            let log = try await harness.control("GET", "/webhooks")
            #expect(log.body["webhooks"]?.arrayValue?.contains { $0["attempts"] == 3 } == true)
        }
    }

    @Test func rejectsANonHTTPWebhookURL() async throws {
        try await WawpHarness.with { harness in
            let refused = try await harness.control("POST", "/webhook", ["url": "ftp://example.com"])
            #expect(refused.status == 400)
        }
    }
}
