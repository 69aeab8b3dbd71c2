import Foundation
import Switchboard
import SwitchboardWasup
import TestSupport
import Testing

/// What the adapter puts on the wire for each kind of content, against a real loopback server.
@Suite struct WasupSendingTests {
    static let chat = ChatID.person(Fixture.customer)

    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var message: OutboundMessage
        var body: String
        var degradation: String? = nil
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "text", message: .text("Hello from Wasup ✅ مرحبا", to: chat),
             body: #"{"to":"447835156367","messageType":"text","message":"Hello from Wasup ✅ مرحبا"}"#),
        Case(name: "link preview", message: OutboundMessage(to: chat, content: .linkPreview(LinkPreview(text: "Our menu", url: "https://example.com/menu"))),
             body: #"{"to":"447835156367","messageType":"text","message":"Our menu https://example.com/menu"}"#),
        Case(name: "link preview with a custom card", message: OutboundMessage(to: chat, content: .linkPreview(LinkPreview(text: "Read https://example.com/news", url: "https://example.com/news", title: "News"))),
             body: #"{"to":"447835156367","messageType":"text","message":"Read https://example.com/news"}"#),
        Case(name: "link preview with a custom card, degradation allowed",
             message: OutboundMessage(to: chat, content: .linkPreview(LinkPreview(text: "Read https://example.com/news", url: "https://example.com/news", title: "News")), allowsDegradation: true),
             body: #"{"to":"447835156367","messageType":"text","message":"Read https://example.com/news"}"#,
             degradation: "link preview card built by WhatsApp from the URL; custom title, description and image not sent"),
        Case(name: "image", message: OutboundMessage(to: chat, content: .image(Media(url: "https://example.com/photo.jpg", caption: "Look", mimeType: "image/jpeg"))),
             body: #"{"to":"447835156367","messageType":"image","mediaUrl":"https://example.com/photo.jpg","message":"Look","mimeType":"image/jpeg"}"#),
        Case(name: "video", message: OutboundMessage(to: chat, content: .video(Media(url: "https://example.com/clip.mp4"))),
             body: #"{"to":"447835156367","messageType":"video","mediaUrl":"https://example.com/clip.mp4"}"#),
        Case(name: "audio", message: OutboundMessage(to: chat, content: .audio(Media(url: "https://example.com/song.mp3", mimeType: "audio/mpeg"))),
             body: #"{"to":"447835156367","messageType":"audio","mediaUrl":"https://example.com/song.mp3","mimeType":"audio/mpeg","ptt":false}"#),
        Case(name: "voice note", message: OutboundMessage(to: chat, content: .voiceNote(Media(url: "https://example.com/note.ogg", mimeType: "audio/ogg"))),
             body: #"{"to":"447835156367","messageType":"audio","mediaUrl":"https://example.com/note.ogg","mimeType":"audio/ogg","ptt":true}"#),
        Case(name: "document", message: OutboundMessage(to: chat, content: .document(Media(url: "https://example.com/report.pdf", caption: "Q1", mimeType: "application/pdf", fileName: "report.pdf"))),
             body: #"{"to":"447835156367","messageType":"document","mediaUrl":"https://example.com/report.pdf","message":"Q1","mimeType":"application/pdf","fileName":"report.pdf"}"#),
        Case(name: "location", message: OutboundMessage(to: chat, content: .location(Location(latitude: 3.1577, longitude: 101.7117, name: "Petronas Twin Towers", address: "KLCC, Kuala Lumpur"))),
             body: #"{"to":"447835156367","messageType":"location","latitude":3.1577,"longitude":101.7117,"locationName":"Petronas Twin Towers","locationAddress":"KLCC, Kuala Lumpur"}"#),
        Case(name: "contact", message: OutboundMessage(to: chat, content: .contact(ContactCard(name: "John Doe", phone: Phone(e164Digits: "60123456789")))),
             body: #"{"to":"447835156367","messageType":"contact","contactCard":{"displayName":"John Doe","phoneNumber":"+60123456789"}}"#),
        Case(name: "buttons", message: OutboundMessage(to: chat, content: .buttons(ButtonsMessage(text: "Choose an option", buttons: [.init(id: "yes", title: "Yes"), .init(id: "no", title: "No")], footer: "Wasup"))),
             body: #"{"to":"447835156367","messageType":"buttons","message":"Choose an option","buttons":[{"id":"yes","text":"Yes"},{"id":"no","text":"No"}],"footer":"Wasup"}"#),
        Case(name: "list", message: OutboundMessage(to: chat, content: .list(ListMessage(text: "Pick one", buttonTitle: "View Options", sections: [.init(title: "Services", rows: [.init(id: "consulting", title: "Consulting", description: "Expert advice")])], title: "Our Services", footer: "Powered by WhatsApp AI"))),
             body: #"{"to":"447835156367","messageType":"list","message":"Pick one","title":"Our Services","buttonText":"View Options","footer":"Powered by WhatsApp AI","sections":[{"title":"Services","rows":[{"id":"consulting","title":"Consulting","description":"Expert advice"}]}]}"#),
        Case(name: "typing hint", message: OutboundMessage(to: chat, content: .text("Hi"), typing: TypingHint(milliseconds: 1200)),
             body: #"{"to":"447835156367","messageType":"text","message":"Hi","typingSimulation":true}"#),
        Case(name: "to a group", message: .text("Team", to: try! ChatID("120363041234567890@g.us")),
             body: #"{"to":"120363041234567890@g.us","messageType":"text","message":"Team"}"#),
        Case(name: "poll, degraded to text", message: OutboundMessage(to: chat, content: .poll(Poll(question: "Lunch?", options: ["Pizza", "Sushi"])), allowsDegradation: true),
             body: #"{"to":"447835156367","messageType":"text","message":"Lunch?\n\n1. Pizza\n2. Sushi"}"#,
             degradation: "poll sent as text with numbered options"),
        Case(name: "reply-to, degraded to unquoted", message: OutboundMessage(to: chat, content: .text("Yes"), replyTo: "3EB0B430A7F9B1D2", allowsDegradation: true),
             body: #"{"to":"447835156367","messageType":"text","message":"Yes"}"#,
             degradation: "sent without quoting 3EB0B430A7F9B1D2: Wasup's send has no reply-to field"),
    ]

    @Test(arguments: cases)
    func sendsTheSpecBody(_ scripted: Case) async throws {
        let server = StubServer(SpecAnswers.answer)
        let sent = try await server.run { base in
            try await Fixture.provider(base).send(scripted.message, from: Fixture.instanceID)
        }
        let request = try #require(server.requests.first)
        #expect(server.requests.count == 1)
        #expect(request.method == "POST")
        #expect(request.path == "/api/instances/\(Fixture.instanceID)/send")
        #expect(request.header("X-API-Key") == Fixture.apiKey)
        #expect(request.header("Content-Type") == "application/json")
        #expect(Fixture.jsonEqual(request.body, scripted.body),
                "sent \(Fixture.canonical(request.body) ?? "?"), expected \(Fixture.canonical(Data(scripted.body.utf8)) ?? "?")")
        #expect(sent.provider == "wasup-test")
        #expect(sent.instance == Fixture.instanceID)
        #expect(sent.id == nil, "the instance send documents no message id")
        #expect(sent.degradation == scripted.degradation)
    }

    static let refused: [(String, OutboundMessage, Feature)] = [
        ("poll without degradation", OutboundMessage(to: chat, content: .poll(Poll(question: "Lunch?", options: ["Pizza", "Sushi"]))), .sendPoll),
        ("reply-to without degradation", OutboundMessage(to: chat, content: .text("Yes"), replyTo: "3EB0B430A7F9B1D2"), .replyTo),
        ("contact organisation without degradation",
         OutboundMessage(to: chat, content: .contact(ContactCard(name: "Ada", phone: Phone(e164Digits: "447700900789"), organization: "Analytical Engines"))),
         .sendContact),
    ]

    @Test(arguments: refused)
    func refusesWhatItCannotSendExactlyWithoutARequest(_ name: String, _ message: OutboundMessage, _ feature: Feature) async throws {
        let server = StubServer(SpecAnswers.answer)
        let error = try await server.run { base in
            await Fixture.failure { try await Fixture.provider(base).send(message, from: Fixture.instanceID) }
        }
        let failure = try #require(error, "\(name) was sent")
        #expect(failure.kind == .unsupported)
        #expect(failure.feature == feature)
        #expect(server.requests.isEmpty, "\(server.requests.count) requests went out")
    }

    @Test func unsupportedOperationsSendNothing() async throws {
        let server = StubServer(SpecAnswers.answer)
        let errors = try await server.run { base in
            let provider = Fixture.provider(base)
            return [await Fixture.failure { try await provider.setTyping(Fixture.instanceID, in: Self.chat, true) },
                    await Fixture.failure { try await provider.markSeen(Fixture.instanceID, in: Self.chat, messages: ["3EB0"]) }]
        }
        #expect(errors.map { $0?.feature } == [.typing, .markSeen])
        #expect(errors.allSatisfy { $0?.kind == .unsupported })
        #expect(server.requests.isEmpty)
    }

    @Test func invalidContentIsRefusedBeforeSending() async throws {
        let server = StubServer(SpecAnswers.answer)
        let kinds = try await server.run { base in
            let provider = Fixture.provider(base)
            var kinds: [SwitchboardError.Kind?] = []
            for content: OutboundContent in [.text("  "), .image(Media(url: "file:///etc/passwd")),
                                             .location(Location(latitude: 91, longitude: 0)),
                                             .buttons(ButtonsMessage(text: "x", buttons: []))] {
                kinds.append(await Fixture.failure { try await provider.send(OutboundMessage(to: Self.chat, content: content), from: Fixture.instanceID) }?.kind)
            }
            return kinds
        }
        #expect(kinds == [.invalidRequest, .invalidRequest, .invalidRequest, .invalidRequest])
        #expect(server.requests.isEmpty)
    }

    @Test func autoSelectRouteReturnsTheMessageIDAndReactsAsSender() async throws {
        let server = StubServer(SpecAnswers.answer)
        let sent = try await server.run { base in
            let provider = Fixture.provider(base, route: .autoSelectByPhone)
            let sent = try await provider.send(.text("hi", to: Self.chat), from: Fixture.instanceID)
            try await provider.react(Fixture.instanceID, to: try #require(sent.id), in: Self.chat, emoji: "🔥")
            return sent
        }
        #expect(sent.id == "6f1c1c4e-3f7a-4b5e-9a61-0c2f1d8e9b10")
        #expect(server.requests.map { "\($0.method) \($0.path)" } == [
            "GET /api/instances/\(Fixture.instanceID)/connection",
            "POST /api/send",
            "POST /api/instances/\(Fixture.instanceID)/react",
        ])
        #expect(Fixture.jsonEqual(server.requests[1].body,
                                  #"{"to":"447835156367","messageType":"text","message":"hi","from_phone":"447393002183"}"#))
        #expect(Fixture.jsonEqual(server.requests[2].body,
                                  #"{"to":"447835156367","messageId":"6f1c1c4e-3f7a-4b5e-9a61-0c2f1d8e9b10","emoji":"🔥","fromMe":true}"#))
    }

    @Test func autoSelectRouteRefusesADisconnectedInstanceWithoutSending() async throws {
        let server = StubServer { request in
            request.path.hasSuffix("/connection")
                ? .init(200, #"{"success":true,"status":"disconnected","phone":null}"#)
                : SpecAnswers.answer(request)
        }
        let error = try await server.run { base in
            await Fixture.failure { try await Fixture.provider(base, route: .autoSelectByPhone).send(.text("hi", to: Self.chat), from: Fixture.instanceID) }
        }
        #expect(error?.kind == .instanceNotReady)
        #expect(server.requests.map(\.path) == ["/api/instances/\(Fixture.instanceID)/connection"])
    }

    @Test func reactionToAReceivedMessageAndItsRemoval() async throws {
        let server = StubServer(SpecAnswers.answer)
        try await server.run { base in
            let provider = Fixture.provider(base)
            try await provider.react(Fixture.instanceID, to: "3EB0DAC5F4A2E1B7", in: Self.chat, emoji: "🔥")
            try await provider.react(Fixture.instanceID, to: "3EB0DAC5F4A2E1B7", in: Self.chat, emoji: "")
        }
        #expect(server.requests.map(\.path) == Array(repeating: "/api/instances/\(Fixture.instanceID)/react", count: 2))
        #expect(Fixture.jsonEqual(server.requests[0].body, #"{"to":"447835156367","messageId":"3EB0DAC5F4A2E1B7","emoji":"🔥","fromMe":false}"#))
        #expect(Fixture.jsonEqual(server.requests[1].body, #"{"to":"447835156367","messageId":"3EB0DAC5F4A2E1B7","emoji":"","fromMe":false}"#))
    }

    @Test func historyForOneChatIsFilteredAndOldestFirst() async throws {
        let server = StubServer(SpecAnswers.answer)
        let (all, one) = try await server.run { base in
            let provider = Fixture.provider(base)
            return (try await provider.messages(Fixture.instanceID, in: nil, limit: 10),
                    try await provider.messages(Fixture.instanceID, in: .person(Phone(e164Digits: "60123456789")), limit: 10))
        }
        #expect(all.map(\.id.rawValue) == ["3EB0B430A7F9B1D2", "3EB0B430A7F9B1D3", "3EB0B430A7F9B1D4"])
        #expect(all.last?.media == InboundMedia(url: "https://whatsappmediastore.blob.core.windows.net/whatsapp-media/wa_abc/image/1706000000-a1b2c3d4.jpg", mimeType: "image/jpeg"))
        #expect(one.map(\.id.rawValue) == ["3EB0B430A7F9B1D2", "3EB0B430A7F9B1D3"])
        #expect(one.map(\.fromMe) == [false, true])
        #expect(server.requests.map(\.rawQuery) == ["limit=10", "limit=200"])
    }
}
