import Switchboard

/// Every content type, checked on the phone's side through the harness's `sent` list.
enum SendingCases {
    static let contact = Phone(e164Digits: "447700900789")

    static let all: [ConformanceCase] = [
        sendCase("send.text", .text("Hello from the Switchboard conformance suite"), mentions: ["Hello from the Switchboard conformance suite"]),
        sendCase("send.text.emoji", .text("👋🏽 Olá, ünïcødé ✓ 🇬🇧"), mentions: ["👋🏽 Olá, ünïcødé ✓ 🇬🇧"]),
        sendCase("send.text.rtl", .text("مرحبا بالعالم — שלום עולם"), mentions: ["مرحبا بالعالم — שלום עולם"]),
        sendCase("send.text.4096", .text(longText), mentions: [longText]),
        sendCase("send.link-preview", .linkPreview(LinkPreview(text: "Read https://example.com/news", url: "https://example.com/news", title: "News")),
                 mentions: ["https://example.com/news"]),
        sendCase("send.image", .image(Media(url: "https://example.com/cat.jpg", caption: "A cat", mimeType: "image/jpeg")),
                 mentions: ["https://example.com/cat.jpg", "A cat"]),
        sendCase("send.video", .video(Media(url: "https://example.com/clip.mp4", caption: "A clip", mimeType: "video/mp4")),
                 mentions: ["https://example.com/clip.mp4"]),
        sendCase("send.audio", .audio(Media(url: "https://example.com/song.mp3", mimeType: "audio/mpeg")),
                 mentions: ["https://example.com/song.mp3"]),
        sendCase("send.voice", .voiceNote(Media(url: "https://example.com/note.ogg", mimeType: "audio/ogg; codecs=opus")),
                 mentions: ["https://example.com/note.ogg"]),
        sendCase("send.document", .document(Media(url: "https://example.com/report.pdf", caption: "The report", mimeType: "application/pdf", fileName: "report.pdf")),
                 mentions: ["https://example.com/report.pdf"]),
        sendCase("send.location", .location(Location(latitude: 51.5007, longitude: -0.1246, name: "Big Ben", address: "London SW1A 0AA")),
                 mentions: ["Big Ben", "51.5007"]),
        sendCase("send.contact", .contact(ContactCard(name: "Ada Lovelace", phone: contact)), mentions: ["Ada Lovelace", contact.digits]),
        sendCase("send.buttons", .buttons(ButtonsMessage(text: "Choose one", buttons: [.init(id: "yes", title: "Yes"), .init(id: "no", title: "No")])),
                 mentions: ["Choose one", "Yes", "No"]),
        sendCase("send.list", .list(ListMessage(text: "Pick a fruit", buttonTitle: "Fruit", sections: [
            .init(title: "Fresh", rows: [.init(id: "apple", title: "Apple"), .init(id: "pear", title: "Pear")]),
        ])), mentions: ["Pick a fruit", "Apple", "Pear"]),
        sendCase("send.poll", .poll(Poll(question: "Lunch?", options: ["Pizza", "Salad"])), mentions: ["Lunch?", "Pizza", "Salad"]),
        ConformanceCase("send.reply-to", requires: [.instancesCreate, .pairingQR, .sendText, .replyTo]) { context in
            let id = try await context.connectedInstance()
            let first = try await context.provider.send(.text("the original", to: context.contact), from: id)
            guard let original = first.id else { throw ConformanceFailure("the first send returned no message id to reply to") }
            var reply = OutboundMessage.text("the reply", to: context.contact, replyTo: original)
            let degraded = context.provider.capabilities.support(for: .replyTo) == .degraded
            if degraded {
                try await context.expectError(.unsupported, "a reply without degradation allowed") {
                    try await context.provider.send(reply, from: id)
                }
                reply.allowsDegradation = true
            }
            let sent = try await context.provider.send(reply, from: id)
            let last = try await context.harness.sent(id).last
            try context.expect(last?.mentions("the reply") == true, "the reply is not the last message sent: \(String(describing: last))")
            if degraded {
                try context.expect(sent.degradation != nil, "a degraded reply does not say what was degraded")
            } else {
                try context.expect(last?.mentions(original.rawValue) == true, "the reply does not quote \(original): \(String(describing: last))")
            }
        },
        ConformanceCase("send.typing-hint", requires: [.instancesCreate, .pairingQR, .sendText, .typingHint]) { context in
            let id = try await context.connectedInstance()
            var message = OutboundMessage.text("typed first", to: context.contact)
            message.typing = TypingHint(milliseconds: 200)
            _ = try await context.provider.send(message, from: id)
            try context.expect(try await context.harness.sent(id).last?.mentions("typed first") == true, "the message after a typing hint did not arrive")
        },
    ]

    static let longText: String = {
        let words = ["Switchboard", "routes", "WhatsApp", "messages", "ünïcødé", "😀", "across", "providers"]
        var text = ""
        var index = 0
        while text.count < 4096 {
            text += words[index % words.count] + " "
            index += 1
        }
        return String(text.prefix(4096))
    }()

    /// A case that sends `content` to the contact and finds it, with `mentions`, on the phone's side.
    /// Content the adapter can only send degraded is sent with degradation allowed, and the result
    /// must say what was degraded; sent without it, it must be refused as unsupported.
    static func sendCase(_ id: String, _ content: OutboundContent, mentions: [String]) -> ConformanceCase {
        ConformanceCase(id, requires: [.instancesCreate, .pairingQR, content.feature]) { context in
            let instance = try await context.connectedInstance()
            var message = OutboundMessage(to: context.contact, content: content)
            let degraded = context.provider.capabilities.support(for: content.feature) == .degraded
            if degraded {
                try await context.expectError(.unsupported, "\(content.feature.rawValue) without degradation allowed") {
                    try await context.provider.send(message, from: instance)
                }
                message.allowsDegradation = true
            }
            let sent = try await context.provider.send(message, from: instance)
            try context.expect(sent.instance == instance && sent.provider == context.provider.name, "the result names \(sent.provider)/\(sent.instance)")
            try context.expect(!degraded || sent.degradation != nil, "a degraded send does not say what was degraded")
            let received = try await context.harness.sent(instance)
            guard let entry = received.last else { throw ConformanceFailure("the phone's side received nothing") }
            try context.expect(entry.mentions(context.configuration.contactPhone.digits), "the message did not go to \(context.contact): \(entry)")
            for text in mentions {
                try context.expect(entry.mentions(text), "the phone's side lacks \(text.prefix(60)): \(String(describing: entry).prefix(500))")
            }
            if let messageID = sent.id {
                try context.expect(received.contains { $0.mentions(messageID.rawValue) }, "no sent entry carries the returned id \(messageID)")
            }
        }
    }
}
