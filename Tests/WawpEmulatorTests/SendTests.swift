import EmulatorKit
import Foundation
import HTTPTypes
import Switchboard
import Testing
import WawpEmulator

/// Every send endpoint records what the phone delivered, in order, and answers a WAHA shape.
@Suite struct SendTests {
    static let chat = "447700900321@c.us"

    /// The message id an answer carries, whichever WAHA shape it has.
    static func messageId(_ answer: JSONValue?) -> String? {
        answer?["id"]?.stringValue ?? answer?["id"]?["_serialized"]?.stringValue
            ?? answer?["_data"]?["id"]?["_serialized"]?.stringValue ?? answer?["key"]?["id"]?.stringValue
    }

    @Test func everySendIsRecordedInOrderWithItsContent() async throws {
        try await WawpHarness.with { harness in
            let instance = try await harness.workingInstance()
            func send(_ path: String, _ query: [(String, String)], method: String = "POST") async throws -> TransportResponse {
                let response = try await harness.api(method, path, instance: instance, [("chatId", Self.chat)] + query)
                #expect(response.status == 200, "\(path): \(response.text)")
                return response
            }
            let file = [("file[url]", "https://example.com/a.jpg"), ("file[filename]", "a.jpg"), ("file[mimetype]", "image/jpeg")]
            let text = try await send("/v2/send/text", [("message", "Hello 👋 مرحبا")])
            let image = try await send("/v2/send/image", file + [("caption", "pic")])
            let video = try await send("/v2/send/video", [("file[url]", "https://example.com/v.mp4"), ("file[filename]", "v.mp4"),
                                                          ("file[mimetype]", "video/mp4"), ("caption", "clip"), ("convert", "true"),
                                                          ("asNote", "false")], method: "GET")
            let voice = try await send("/v2/send/voice", [("file[url]", "https://example.com/v.opus"), ("file[filename]", "v.opus"),
                                                          ("file[mimetype]", "audio/ogg; codecs=opus"), ("convert", "false")])
            let pdf = try await send("/v2/send/pdf", [("file[url]", "https://example.com/d.pdf"), ("file[filename]", "d.pdf"),
                                                      ("file[mimetype]", "application/pdf"), ("caption", "doc")])
            let link = try await send("/v2/send/link-preview", [("url", "https://wawp.net"), ("text", "Look"), ("thumbnail", "https://wawp.net/t.jpg"),
                                                                ("title", "Wawp"), ("description", "API"), ("linkPreviewHighQuality", "true")])
            let location = try await send("/v2/send/location", [("latitude", "51.5074"), ("longitude", "-0.1278"), ("title", "Office"),
                                                                ("message", "1 Main St")])
            let contact = try await send("/v2/send/contact", [("contacts", #"[{"fullName":"Ada","phoneNumber":"+447700900999"}]"#)])
            let poll = try await send("/v2/send/poll", [("poll", #"{"name":"Lunch?","options":["Pizza","Sushi"],"multipleAnswers":true}"#)])
            let list = try await harness.call("POST", "/v2/send/list", json: [
                "access_token": .string(WawpHarness.token), "instance_id": .string(instance), "chatId": .string(Self.chat),
                "message": "Choose", "message.title": "Menu", "message.description": "Pick one", "message.footer": "Wawp",
                "message.button": "Open", "message.sections": #"[{"title":"S","rows":[{"title":"Billing","rowId":"b"}]}]"#])
            #expect(list.status == 200, "\(list.text)")
            let event = try await send("/v2/send/event", [("event.name", "Meeting"), ("event.description", "Q1"),
                                                          ("event.startTime", "1735920000"), ("event.endTime", "1735923600"),
                                                          ("event.location.name", "Room A"), ("event.extraGuestsAllowed", "true")])
            let textId = try #require(Self.messageId(text.json))
            _ = try await send("/v2/send/start-typing", [])
            _ = try await send("/v2/send/stop-typing", [])
            let reaction = try await harness.api("PUT", "/v2/send/reaction", instance: instance,
                                                 [("chatId", Self.chat), ("messageId", textId), ("reaction", "👍")])
            #expect(reaction.text == "Success: Operation completed successfully.")
            _ = try await send("/v2/send/seen", [("messageIds", "[]")])
            _ = try await send("/v2/send/poll/vote", [("messageId", try #require(Self.messageId(poll.json))), ("votes", #"["Pizza"]"#)])

            // Message ids in the WAHA shapes, varied by endpoint.
            #expect(text.json?["id"]?["_serialized"]?.stringValue?.hasPrefix("true_\(Self.chat)_3EB0") == true)
            #expect(image.json?["id"] == nil)
            #expect(image.json?["_data"]?["id"]?["_serialized"]?.stringValue?.hasPrefix("true_") == true)
            #expect(video.json?["_data"]?["id"]?["_serialized"] != nil)
            #expect(pdf.json?["_data"]?["id"]?["_serialized"] != nil)
            #expect(voice.json?["key"]?["remoteJid"] == "447700900321@s.whatsapp.net")
            #expect(voice.json?["key"]?["id"]?.stringValue?.hasPrefix("BAE5") == true)
            #expect(link.json?["key"]?["id"] != nil)
            #expect(list.json?["key"]?["id"] != nil)
            #expect(event.json?["key"]?["id"] != nil)
            #expect(location.json?["id"]?.stringValue?.hasPrefix("true_") == true)
            #expect(contact.json?["id"]?.stringValue != nil)
            #expect(poll.json?["id"]?.stringValue != nil)

            let sent = try await harness.sent(instance)
            #expect(sent.map { $0["messageType"]?.stringValue ?? "" } == [
                "text", "image", "video", "voice", "document", "link_preview", "location", "contact", "poll", "list", "event",
                "typing", "typing", "reaction", "seen", "poll_vote",
            ])
            #expect(sent[0]["text"] == "Hello 👋 مرحبا")
            #expect(sent[0]["chatId"]?.stringValue == Self.chat)
            #expect(sent[1]["media"]?["url"] == "https://example.com/a.jpg")
            #expect(sent[1]["text"] == "pic")
            #expect(sent[2]["asNote"] == false)
            #expect(sent[3]["media"]?["mimetype"] == "audio/ogg; codecs=opus")
            #expect(sent[4]["media"]?["filename"] == "d.pdf")
            #expect(sent[5]["preview"]?["title"] == "Wawp")
            #expect(sent[6]["location"]?["latitude"] == "51.5074")
            #expect(sent[6]["title"] == "Office")
            #expect(sent[7]["vCards"]?.arrayValue?.first?.stringValue?.contains("waid=447700900999") == true)
            #expect(sent[8]["poll"]?["options"] == ["Pizza", "Sushi"])
            #expect(sent[9]["list"]?["button"] == "Open")
            #expect(sent[9]["list"]?["sections"]?.arrayValue?.count == 1)
            #expect(sent[10]["event"]?["location"]?["name"] == "Room A")
            #expect(sent[11]["typing"] == true)
            #expect(sent[12]["typing"] == false)
            #expect(sent[13]["reaction"]?["emoji"] == "👍")
            #expect(sent[13]["reaction"]?["messageId"]?.stringValue == textId)
            #expect(sent[13]["reactionTo"]?.stringValue == textId)
            #expect(sent[0]["reactions"]?["447700900123@c.us"] == "👍")
            #expect(sent[15]["votes"] == ["Pizza"])
            #expect(Set(sent.prefix(11).compactMap { $0["messageId"]?.stringValue }).count == 11)
        }
    }

    @Test func anEmptyReactionRemovesIt() async throws {
        try await WawpHarness.with { harness in
            let instance = try await harness.workingInstance()
            let text = try await harness.api("POST", "/v2/send/text", instance: instance, [("chatId", Self.chat), ("message", "hi")])
            let id = try #require(Self.messageId(text.json))
            _ = try await harness.api("PUT", "/v2/send/reaction", instance: instance, [("chatId", Self.chat), ("messageId", id), ("reaction", "❤️")])
            _ = try await harness.api("PUT", "/v2/send/reaction", instance: instance, [("chatId", Self.chat), ("messageId", id), ("reaction", "")])
            let sent = try await harness.sent(instance)
            #expect(sent.map { $0["removed"]?.boolValue } == [nil, false, true])
            #expect(sent[0]["reactions"] == nil)
        }
    }

    @Test func chatMessagesHoldWhatWasSentAndReceived() async throws {
        try await WawpHarness.with { harness in
            let instance = try await harness.workingInstance()
            let inbound = try await harness.control("POST", "/instances/\(instance)/inbound",
                                                    ["from": "447700900321", "text": "hello?", "name": "Ada"])
            let inboundId = try #require(inbound.body["messageId"]?.stringValue)
            let reply = try await harness.api("POST", "/v2/send/text", instance: instance,
                                              [("chatId", "447700900321"), ("message", "hi Ada"), ("reply_to", inboundId)])
            let replyId = try #require(Self.messageId(reply.json))
            let messages = try #require(try await harness.api("GET", "/v2/chats/messages", instance: instance,
                                                              [("chatId", Self.chat), ("limit", "10")]).json?.arrayValue)
            #expect(messages.map { $0["body"]?.stringValue } == ["hi Ada", "hello?"])
            #expect(messages.map { $0["fromMe"]?.boolValue } == [true, false])
            #expect(messages[0]["replyTo"]?["id"]?.stringValue == inboundId)
            #expect(messages[1]["id"]?.stringValue == inboundId)
            let chats = try #require(try await harness.api("GET", "/v2/chats", instance: instance).json?.arrayValue)
            #expect(chats.first?["id"]?.stringValue == Self.chat)
            #expect(chats.first?["name"] == "Ada")

            let got = try await harness.api("POST", "/v2/messages/get", instance: instance, [("chatId", Self.chat), ("messageId", replyId)])
            #expect(got.json?["body"] == "hi Ada")
            #expect(try await harness.api("PUT", "/v2/messages/edit", instance: instance,
                                          [("chatId", Self.chat), ("messageId", replyId), ("text", "hi, Ada")]).status == 200)
            #expect(try await harness.api("DELETE", "/v2/messages/delete", instance: instance,
                                          [("chatId", Self.chat), ("messageId", inboundId)]).status == 400)
            #expect(try await harness.api("DELETE", "/v2/messages/delete", instance: instance,
                                          [("chatId", Self.chat), ("messageId", replyId)]).status == 200)
            let sent = try await harness.sent(instance)
            #expect(sent.first?["text"] == "hi, Ada")
            #expect(sent.first?["editedFrom"] == "hi Ada")
            #expect(sent.first?["revoked"] == true)
            #expect(try await harness.api("POST", "/v2/messages/get", instance: instance,
                                          [("chatId", Self.chat), ("messageId", "true_x_NOPE")]).status == 404)
        }
    }

    @Test func profileAndLidLookupsFollowTheState() async throws {
        try await WawpHarness.with { harness in
            let instance = try await harness.workingInstance(phone: "447700900123")
            #expect(try await harness.api("PUT", "/v2/profile/name", instance: instance, [("name", "Support")]).status == 200)
            #expect(try await harness.api("PUT", "/v2/profile/status", instance: instance, [("status", "Open 9-5")]).status == 200)
            #expect(try await harness.api("PUT", "/v2/profile/picture", instance: instance,
                                          [("file[url]", "https://example.com/p.jpg"), ("file[filename]", "p.jpg"),
                                           ("file[mimetype]", "image/jpeg")]).status == 200)
            var profile = try #require(try await harness.api("GET", "/v2/profile", instance: instance).json)
            #expect(profile["name"] == "Support")
            #expect(profile["status"] == "Open 9-5")
            #expect(profile["picture"] == "https://example.com/p.jpg")
            #expect(try await harness.api("GET", "/v2/session/me", instance: instance).json?["pushName"] == "Support")
            _ = try await harness.api("DELETE", "/v2/profile/picture-delete", instance: instance)
            profile = try #require(try await harness.api("GET", "/v2/profile", instance: instance).json)
            #expect(profile["picture"] == .null)

            let unknown = try await harness.api("GET", "/v2/lids/pn/447700900321", instance: instance, [("number", "447700900321")])
            #expect(unknown.json == ["lid": .null, "number": "447700900321"])
            _ = try await harness.control("POST", "/instances/\(instance)/inbound", ["from": "447700900321", "text": "hi"])
            let known = try #require(try await harness.api("GET", "/v2/lids/pn/447700900321", instance: instance,
                                                           [("number", "447700900321")]).json)
            let lid = try #require(known["lid"]?.stringValue)
            #expect(lid == WawpEmulator.lid(forPhone: "447700900321"))
            let back = try await harness.api("GET", "/v2/lids/\(lid)", instance: instance, [("lid", lid)])
            #expect(back.json?["number"] == "447700900321")
            #expect(try await harness.api("GET", "/v2/lids/count", instance: instance).json?["count"] == 2)
            let all = try #require(try await harness.api("GET", "/v2/lids", instance: instance).json?.arrayValue)
            #expect(all.map { $0["number"]?.stringValue } == ["447700900123", "447700900321"])
        }
    }
}
