import Foundation
import Switchboard
import SwitchboardWawp
import TestSupport
import Testing

/// What each send puts on the wire, checked at a real server.
@Suite struct WawpSendingTests {
    static let chat = ChatID.person(Fixture.customer)
    static let success = StubServer.Answer(200, "Success: Operation completed successfully.", headers: ["Content-Type": "text/plain"])

    /// Sends `message` and returns the result and the one request the server saw.
    static func send(_ message: OutboundMessage) async throws -> (SentMessage, StubServer.Request) {
        try await StubServer.serving(success) { base, server in
            let sent = try await Fixture.provider(base).send(message, from: Fixture.instanceID)
            let requests = server.requests
            try #require(requests.count == 1)
            return (sent, requests[0])
        }
    }

    @Test func textCarriesTheCredentialsInTheQueryAsTheSpecDeclares() async throws {
        let (sent, request) = try await Self.send(.text("Hi from Wawp", to: Self.chat, replyTo: "false_447441429009@c.us_AAAA"))
        #expect(request.method == "POST")
        #expect(request.path == "/v2/send/text")
        #expect(request.queryItems.map(\.name) == ["instance_id", "access_token", "chatId", "message", "reply_to"])
        #expect(request.query("instance_id") == Fixture.instanceID)
        #expect(request.query("access_token") == Fixture.accessToken)
        #expect(request.query("chatId") == "447441429009@c.us")
        #expect(request.query("message") == "Hi from Wawp")
        #expect(request.query("reply_to") == "false_447441429009@c.us_AAAA")
        #expect(request.body.isEmpty)
        #expect(sent.id == nil)
    }

    @Test func linkPreview() async throws {
        let preview = LinkPreview(text: "See", url: "https://wawp.net", title: "Wawp", description: "API", imageURL: "https://wawp.net/t.jpg")
        let (_, request) = try await Self.send(OutboundMessage(to: Self.chat, content: .linkPreview(preview)))
        #expect(request.path == "/v2/send/link-preview")
        #expect(request.query("url") == "https://wawp.net")
        #expect(request.query("text") == "See https://wawp.net")
        #expect(request.query("title") == "Wawp")
        #expect(request.query("description") == "API")
        #expect(request.query("thumbnail") == "https://wawp.net/t.jpg")
        #expect(request.query("linkPreviewHighQuality") == "false")
    }

    @Test func imageVideoAndVoiceCarryTheFileTriple() async throws {
        let (_, image) = try await Self.send(OutboundMessage(to: Self.chat, content: .image(Media(url: "https://h/cat.png", caption: "cat"))))
        #expect(image.path == "/v2/send/image")
        #expect(image.query("file[url]") == "https://h/cat.png")
        #expect(image.query("file[filename]") == "cat.png")
        #expect(image.query("file[mimetype]") == "image/png")
        #expect(image.query("caption") == "cat")

        let (_, video) = try await Self.send(OutboundMessage(to: Self.chat, content: .video(Media(url: "https://h/v", mimeType: "video/mp4"))))
        #expect(video.path == "/v2/send/video")
        #expect(video.query("file[filename]") == "video.mp4")
        #expect(video.query("caption") == "")
        #expect(video.query("asNote") == "false")
        #expect(video.query("convert") == "true")

        let (voiceSent, voice) = try await Self.send(OutboundMessage(to: Self.chat, content: .voiceNote(Media(url: "https://h/note.ogg"))))
        #expect(voice.path == "/v2/send/voice")
        #expect(voice.query("file[mimetype]") == "audio/ogg; codecs=opus")
        #expect(voice.query("convert") == "true")
        #expect(voiceSent.degradation == nil)
    }

    @Test func audioGoesOutAsAVoiceNoteOnlyWhenDegradationIsAllowed() async throws {
        let audio = OutboundMessage(to: Self.chat, content: .audio(Media(url: "https://h/song.mp3")))
        let refused = try await StubServer.serving(Self.success) { base, server in
            (await Fixture.failure { try await Fixture.provider(base).send(audio, from: Fixture.instanceID) }, server.requests.count)
        }
        #expect(refused.0?.feature == .sendAudio)
        #expect(refused.1 == 0)

        var allowed = audio
        allowed.allowsDegradation = true
        let (sent, request) = try await Self.send(allowed)
        #expect(request.path == "/v2/send/voice")
        #expect(request.query("file[mimetype]") == "audio/mpeg")
        #expect(sent.degradation == "audio sent as a voice note: Wawp has no audio-file operation")
    }

    @Test func pdfDocumentsUseThePDFOperation() async throws {
        let (sent, request) = try await Self.send(OutboundMessage(to: Self.chat, content: .document(Media(url: "https://h/invoice.pdf", caption: "Invoice"))))
        #expect(request.path == "/v2/send/pdf")
        #expect(request.query("file[filename]") == "invoice.pdf")
        #expect(request.query("file[mimetype]") == "application/pdf")
        #expect(request.query("caption") == "Invoice")
        #expect(sent.degradation == nil)
    }

    @Test func otherDocumentsAreUnsupportedUnlessDegraded() async throws {
        let sheet = OutboundMessage(to: Self.chat, content: .document(Media(url: "https://h/r.xlsx", caption: "Report",
                                                                             mimeType: "application/vnd.ms-excel")))
        let refused = try await StubServer.serving(Self.success) { base, server in
            (await Fixture.failure { try await Fixture.provider(base).send(sheet, from: Fixture.instanceID) }, server.requests.count)
        }
        #expect(refused.0?.kind == .unsupported)
        #expect(refused.0?.feature == .sendDocument)
        #expect(refused.1 == 0)

        var allowed = sheet
        allowed.allowsDegradation = true
        let (sent, request) = try await Self.send(allowed)
        #expect(request.path == "/v2/send/text")
        #expect(request.query("message") == "Report\nr.xlsx: https://h/r.xlsx")
        #expect(sent.degradation?.contains("sent as a text message with its link") == true)
    }

    @Test func locationContactPollAndList() async throws {
        let (_, location) = try await Self.send(OutboundMessage(to: Self.chat, content: .location(Location(latitude: 38.8937255, longitude: -77.0969763, name: "Our office", address: "123 Main St"))))
        #expect(location.path == "/v2/send/location")
        #expect(location.query("latitude") == "38.8937255")
        #expect(location.query("longitude") == "-77.0969763")
        #expect(location.query("title") == "Our office")
        #expect(location.query("message") == "123 Main St")

        let (_, contact) = try await Self.send(OutboundMessage(to: Self.chat, content: .contact(ContactCard(name: "Wawp Support", phone: Phone(e164Digits: "201111111111"), organization: "Wawp HQ"))))
        #expect(contact.path == "/v2/send/contact")
        let contacts = try #require(try JSONSerialization.jsonObject(with: Data((contact.query("contacts") ?? "").utf8)) as? [[String: String]])
        #expect(contacts == [["fullName": "Wawp Support", "organization": "Wawp HQ", "phoneNumber": "+201111111111", "whatsappId": "201111111111"]])

        let (_, poll) = try await Self.send(OutboundMessage(to: Self.chat, content: .poll(Poll(question: "How are you?", options: ["Awesome!", "Good!"], allowsMultipleAnswers: true))))
        #expect(poll.path == "/v2/send/poll")
        let pollJSON = try #require(try JSONSerialization.jsonObject(with: Data((poll.query("poll") ?? "").utf8)) as? [String: Any])
        #expect(pollJSON["name"] as? String == "How are you?")
        #expect(pollJSON["options"] as? [String] == ["Awesome!", "Good!"])
        #expect(pollJSON["multipleAnswers"] as? Bool == true)

        let list = ListMessage(text: "Pick one", buttonTitle: "Options",
                               sections: [.init(title: "Main", rows: [.init(id: "r1", title: "First", description: "one")])],
                               title: "Menu", footer: "Thanks")
        let (_, listRequest) = try await Self.send(OutboundMessage(to: Self.chat, content: .list(list), replyTo: "false_x@c.us_Q"))
        #expect(listRequest.path == "/v2/send/list")
        #expect(listRequest.rawQuery.isEmpty, "the list operation takes its credentials in the body")
        let body = try #require(listRequest.json)
        #expect(body["instance_id"] as? String == Fixture.instanceID)
        #expect(body["access_token"] as? String == Fixture.accessToken)
        #expect(body["chatId"] as? String == "447441429009@c.us")
        #expect(body["reply_to"] as? String == "false_x@c.us_Q")
        // Every field a string, as the spec types them: the list as JSON text, and its parts again.
        #expect(body["message.title"] as? String == "Menu")
        #expect(body["message.description"] as? String == "Pick one")
        #expect(body["message.footer"] as? String == "Thanks")
        #expect(body["message.button"] as? String == "Options")
        let message = try #require(try JSONSerialization.jsonObject(with: Data(((body["message"] as? String) ?? "").utf8)) as? [String: Any])
        #expect(message["title"] as? String == "Menu")
        #expect(message["button"] as? String == "Options")
        let sections = try #require(try JSONSerialization.jsonObject(with: Data(((body["message.sections"] as? String) ?? "").utf8)) as? [[String: Any]])
        let rows = sections.first?["rows"] as? [[String: String]]
        #expect(rows == [["title": "First", "rowId": "r1", "description": "one"]])
        #expect((message["sections"] as? [[String: Any]])?.count == 1)
    }

    @Test func buttonsAreUnsupportedOrANumberedList() async throws {
        let buttons = ButtonsMessage(text: "Choose", buttons: [.init(id: "a", title: "Yes"), .init(id: "b", title: "No")], footer: "Reply with a number")
        let strict = OutboundMessage(to: Self.chat, content: .buttons(buttons))
        let refused = try await StubServer.serving(Self.success) { base, server in
            (await Fixture.failure { try await Fixture.provider(base).send(strict, from: Fixture.instanceID) }, server.requests.count)
        }
        #expect(refused.0?.feature == .sendButtons)
        #expect(refused.0?.provider == "wawp-test")
        #expect(refused.1 == 0)

        let (sent, request) = try await Self.send(OutboundMessage(to: Self.chat, content: .buttons(buttons), allowsDegradation: true))
        #expect(request.path == "/v2/send/text")
        #expect(request.query("message") == "Choose\n\n1. Yes\n2. No\n\nReply with a number")
        #expect(sent.degradation == "buttons sent as a numbered text list: Wawp has no buttons")
    }

    @Test func aVideoCannotQuoteUnlessDegraded() async throws {
        let video = OutboundMessage(to: Self.chat, content: .video(Media(url: "https://h/v.mp4")), replyTo: "false_x@c.us_Q")
        let refused = try await StubServer.serving(Self.success) { base, server in
            (await Fixture.failure { try await Fixture.provider(base).send(video, from: Fixture.instanceID) }, server.requests.count)
        }
        #expect(refused.0?.feature == .replyTo)
        #expect(refused.1 == 0)
        var allowed = video
        allowed.allowsDegradation = true
        let (sent, request) = try await Self.send(allowed)
        #expect(request.query("reply_to") == nil)
        #expect(sent.degradation?.contains("without quoting") == true)
    }

    @Test func emptyTextIsRefusedBeforeAnyRequest() async throws {
        let outcome = try await StubServer.serving(Self.success) { base, server in
            (await Fixture.failure { try await Fixture.provider(base).send(.text("  ", to: Self.chat), from: Fixture.instanceID) }, server.requests.count)
        }
        #expect(outcome.0?.kind == .invalidRequest)
        #expect(outcome.1 == 0)
    }

    @Test func aTypingHintShowsTypingFirst() async throws {
        let paths = try await StubServer.serving(Self.success) { base, server in
            _ = try await Fixture.provider(base).send(OutboundMessage(to: Self.chat, content: .text("hi"), typing: TypingHint(milliseconds: 1)),
                                                      from: Fixture.instanceID)
            return server.requests.map(\.path)
        }
        #expect(paths == ["/v2/send/start-typing", "/v2/send/stop-typing", "/v2/send/text"])
    }

    @Test func reactionTypingAndSeen() async throws {
        let requests = try await StubServer.serving(Self.success) { base, server in
            let wawp = Fixture.provider(base)
            try await wawp.react(Fixture.instanceID, to: "false_447441429009@c.us_AAAA", in: Self.chat, emoji: "👍")
            try await wawp.react(Fixture.instanceID, to: "false_447441429009@c.us_AAAA", in: Self.chat, emoji: "")
            try await wawp.setTyping(Fixture.instanceID, in: Self.chat, true)
            try await wawp.setTyping(Fixture.instanceID, in: Self.chat, false)
            try await wawp.markSeen(Fixture.instanceID, in: Self.chat, messages: ["false_447441429009@c.us_AAAA"])
            try await wawp.markSeen(Fixture.instanceID, in: Self.chat, messages: [])
            return server.requests
        }
        #expect(requests.map { "\($0.method) \($0.path)" } == [
            "PUT /v2/send/reaction", "PUT /v2/send/reaction", "POST /v2/send/start-typing", "POST /v2/send/stop-typing",
            "POST /v2/send/seen", "POST /v2/chats/read",
        ])
        #expect(requests[0].query("reaction") == "👍")
        #expect(requests[0].query("messageId") == "false_447441429009@c.us_AAAA")
        #expect(requests[1].query("reaction") == "")
        #expect(requests[4].query("messageIds") == #"["false_447441429009@c.us_AAAA"]"#)
    }

    @Test func history() async throws {
        let body = """
        [{"id": "false_447441429009@c.us_B", "timestamp": 1666943600, "from": "447441429009@c.us", "fromMe": false, "to": "11111111111@c.us", "body": "second"},
         {"id": {"_serialized": "true_447441429009@c.us_A"}, "timestamp": 1666943500, "from": "11111111111@c.us", "fromMe": true, "to": "447441429009@c.us", "body": "first"}]
        """
        let (messages, request) = try await StubServer.serving(.init(200, body)) { base, server in
            (try await Fixture.provider(base).messages(Fixture.instanceID, in: Self.chat, limit: 10), server.requests[0])
        }
        #expect(request.path == "/v2/chats/messages")
        #expect(request.query("chatId") == "447441429009@c.us")
        #expect(request.query("limit") == "10")
        #expect(messages.map(\.text) == ["first", "second"])
        #expect(messages.map(\.fromMe) == [true, false])
        #expect(messages.allSatisfy { $0.chat == Self.chat })
        #expect(messages[1].from == Self.chat)
    }
}
