import EmulatorKit
import Foundation
import Testing

@Suite struct WasupMessagingTests {
    static let sends: [(type: String, body: JSONValue)] = [
        ("text", ["to": "447700900002", "message": "Hello https://example.com"]),
        ("image", ["to": "447700900002", "messageType": "image", "mediaUrl": "https://example.com/p.jpg", "message": "caption"]),
        ("video", ["to": "447700900002", "messageType": "video", "mediaUrl": "https://example.com/v.mp4"]),
        ("document", ["to": "447700900002", "messageType": "document", "mediaUrl": "https://example.com/r.pdf",
                      "fileName": "r.pdf", "mimeType": "application/pdf"]),
        ("audio", ["to": "447700900002", "messageType": "audio", "mediaUrl": "https://example.com/a.ogg", "mimeType": "audio/ogg"]),
        ("buttons", ["to": "447700900002", "text": "Choose", "buttons": [["id": "yes", "text": "Yes"], ["id": "no", "text": "No"]], "footer": "Wasup"]),
        ("list", ["to": "447700900002", "message": "Menu", "title": "Our Services", "sections": [["title": "S", "rows": [["id": "c", "title": "Consulting"]]]]]),
        ("location", ["to": "447700900002", "messageType": "location", "latitude": 3.1577, "longitude": 101.7117, "locationName": "KLCC"]),
        ("contact", ["to": "447700900002", "messageType": "contact", "contactCard": ["displayName": "John", "phoneNumber": "+60123456789"]]),
    ]

    @Test func everyMessageTypeIsSentAndRecordedWithItsContent() async throws {
        try await WasupHarness.with { h in
            try await h.connected("main", phone: "447700900001")
            var ids: [String] = []
            for (type, body) in Self.sends {
                let answer = try await h.client.json("POST", "/api/instances/main/send", json: body)
                #expect(answer.status == 200, "\(type)")
                #expect(answer.body["messageType"] == .string(type))
                #expect(answer.body["result"]?["sent"] == true)
                ids.append(answer.body["message_id"]?.stringValue ?? "")
            }
            let sent = try await h.sent("main")
            #expect(sent.map { $0["messageType"]?.stringValue } == Self.sends.map(\.type))
            #expect(sent.map { $0["messageId"]?.stringValue ?? "" } == ids)
            #expect(sent.allSatisfy { $0["to"] == "447700900002" && $0["origin"] == "api" })
            #expect(sent[0]["text"] == "Hello https://example.com")
            #expect(sent[3]["content"]?["fileName"] == "r.pdf")
            #expect(sent[4]["content"]?["ptt"] == true)
            #expect(sent[5]["content"]?["buttons"]?.arrayValue?.count == 2)
            #expect(sent[6]["content"]?["buttonText"] == "Menu")
            #expect(sent[7]["content"]?["latitude"] == 3.1577)
            #expect(sent[8]["content"]?["contactCard"]?["displayName"] == "John")

            let history = try await h.client.json("GET", "/api/instances/main/messages?direction=outbound&limit=2").body
            #expect(history["count"] == 2)
            #expect(history["messages"]?.arrayValue?.first?["id"] == .string(ids.last ?? ""))
        }
    }

    static let invalidSends: [(JSONValue, String)] = [
        (["messageType": "text", "to": "447700900002"], "message is required for text messages"),
        (["messageType": "image", "to": "447700900002"], "mediaUrl is required for image messages"),
        (["messageType": "buttons", "to": "447700900002", "text": "x", "buttons": []], "buttons must be a non-empty array for buttons messages"),
        (["messageType": "location", "to": "447700900002", "latitude": 1], "latitude and longitude are required for location messages"),
        (["messageType": "sticker", "to": "447700900002"], "Invalid messageType: sticker. Use one of: text, image, video, document, audio, buttons, list, location, contact"),
        (["to": "12", "message": "x"], "Invalid recipient: 12. Use the phone number with country code, no + or spaces, or a chat id"),
        (["message": "x"], "Missing required field: to"),
        (["to": 447700900002, "message": "x"], "Invalid field: to must be a string"),
    ]

    @Test(arguments: invalidSends)
    func refusesInvalidSendsWithA400(body: JSONValue, error: String) async throws {
        try await WasupHarness.with { h in
            try await h.connected("main", phone: "447700900001")
            let answer = try await h.client.json("POST", "/api/instances/main/send", json: body)
            #expect(answer.status == 400)
            #expect(answer.body == ["error": .string(error)])
            #expect(try await h.sent("main").isEmpty)
        }
    }

    @Test func autoSelectPicksTheInstanceOfFromPhone() async throws {
        try await WasupHarness.with { h in
            let none = try await h.client.json("POST", "/api/send", json: ["to": "447700900009", "message": "x"])
            #expect(none.status == 400)
            #expect(none.body == ["error": "No connected instance available"])
            try await h.connected("one", phone: "447700900001")
            try await h.connected("two", phone: "447700900002")
            let answer = try await h.client.json("POST", "/api/send", json: ["to_phone": "447700900009", "message": "hi", "from_phone": "+447700900002"])
            #expect(answer.status == 200)
            let item = try #require(answer.body.arrayValue?.first)
            #expect(item["from_phone"] == "447700900002")
            #expect(item["status"] == "sent")
            #expect(item["message_id"]?.stringValue?.count == 36)
            #expect(try await h.sent("two").first?["uuid"] == item["message_id"])
            #expect(try await h.sent("one").isEmpty)
            #expect(try await h.client.json("POST", "/api/send", json: ["to": "447700900009", "message": "x", "from_phone": "447700900077"]).status == 400)

            let reacted = try await h.client.json("POST", "/api/react", json: ["to_phone": "447700900009", "messageId": item["message_id"] ?? "", "emoji": "🔥"])
            #expect(reacted.body["instance_id"] == "one")
            #expect(try await h.sent("one").first?["messageType"] == "reaction")
        }
    }

    @Test func antiBanLimitsRefuseOnceConfigured() async throws {
        try await WasupHarness.with { h in
            try await h.connected("main", phone: "447700900001")
            let limits = try await h.client.json("PUT", "/api/instances/main/anti-ban", json: ["messagesPerHour": 2])
            #expect(limits.body["settings"]?["preset"] == "custom")
            for text in ["one", "two"] {
                #expect(try await h.client.json("POST", "/api/instances/main/send", json: ["to": "447700900002", "message": .string(text)]).body["result"]?["sent"] == true)
            }
            let blocked = try await h.client.json("POST", "/api/instances/main/send", json: ["to": "447700900002", "message": "three"])
            #expect(blocked.status == 200)
            #expect(blocked.body["success"] == false)
            #expect(blocked.body["result"]?["sent"] == false)
            #expect(blocked.body["result"]?["reason"] == "Hourly message limit reached (2/hour)")
            #expect((blocked.body["result"]?["waitTime"]?.intValue ?? 0) > 0)
            let auto = try await h.client.json("POST", "/api/send", json: ["to": "447700900002", "message": "four"])
            #expect(auto.body.arrayValue?.first?["status"] == "rate_limited")
            #expect(try await h.sent("main").count == 2)
            let health = try await h.client.json("GET", "/api/instances/main/anti-ban").body["health"]
            #expect(health?["status"] == "limited")
            #expect(health?["stats"]?["messagesThisHour"] == 2)

            _ = try await h.client.json("PUT", "/api/instances/main/anti-ban", json: ["preset": "balanced"])
            #expect(try await h.client.json("POST", "/api/instances/main/send", json: ["to": "447700900002", "message": "five"]).body["result"]?["sent"] == true)
        }
    }

    @Test func acksUpdateHistoryAndTheSentList() async throws {
        try await WasupHarness.with { h in
            try await h.connected("main", phone: "447700900001")
            let id = try #require(try await h.client.json("POST", "/api/instances/main/send", json: ["to": "447700900002", "message": "x"]).body["message_id"])
            let ack = try await h.client.json("POST", "/__emulator/instances/main/ack", json: ["messageId": id, "status": "read"])
            #expect(ack.body == ["messageId": id, "status": "read"])
            #expect(try await h.sent("main").first?["status"] == "read")
            #expect(try await h.client.json("GET", "/api/instances/main/messages").body["messages"]?.arrayValue?.first?["status"] == "read")
            #expect(try await h.client.json("POST", "/__emulator/instances/main/ack", json: ["messageId": "nope", "status": "read"]).status == 404)
            #expect(try await h.client.json("POST", "/__emulator/instances/main/ack", json: ["messageId": id, "status": "bogus"]).status == 400)
        }
    }
}
