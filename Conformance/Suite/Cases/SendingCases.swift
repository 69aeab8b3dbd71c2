import Switchboard

/// Every content type, checked on the phone's side through the harness's `sent` list.
enum SendingCases {
    static let contact = Phone(e164Digits: "447700900789")

    static let all: [ConformanceCase] = [
        sendCase("send.text", .text("Hello from the Switchboard conformance suite"), text: ["Hello from the Switchboard conformance suite"]),
        sendCase("send.text.emoji", .text("👋🏽 Olá, ünïcødé ✓ 🇬🇧"), text: ["👋🏽 Olá, ünïcødé ✓ 🇬🇧"]),
        sendCase("send.text.rtl", .text("مرحبا بالعالم — שלום עולם"), text: ["مرحبا بالعالم — שלום עולם"]),
        sendCase("send.text.4096", .text(longText), text: [longText]),
        sendCase("send.link-preview", .linkPreview(LinkPreview(text: "Read https://example.com/news", url: "https://example.com/news", title: "News")),
                 text: ["https://example.com/news"]),
        sendCase("send.image", .image(Media(url: "https://example.com/cat.jpg", caption: "A cat", mimeType: "image/jpeg")),
                 text: ["A cat"], mediaUrl: "https://example.com/cat.jpg"),
        sendCase("send.video", .video(Media(url: "https://example.com/clip.mp4", caption: "A clip", mimeType: "video/mp4")),
                 text: ["A clip"], mediaUrl: "https://example.com/clip.mp4"),
        sendCase("send.audio", .audio(Media(url: "https://example.com/song.mp3", mimeType: "audio/mpeg")),
                 mediaUrl: "https://example.com/song.mp3"),
        sendCase("send.voice", .voiceNote(Media(url: "https://example.com/note.ogg", mimeType: "audio/ogg; codecs=opus")),
                 mediaUrl: "https://example.com/note.ogg"),
        sendCase("send.document", .document(Media(url: "https://example.com/report.pdf", caption: "The report", mimeType: "application/pdf", fileName: "report.pdf")),
                 text: ["The report"], mediaUrl: "https://example.com/report.pdf"),
        sendCase("send.location", .location(Location(latitude: 51.5007, longitude: -0.1246, name: "Big Ben", address: "London SW1A 0AA")),
                 text: ["Big Ben", "London SW1A 0AA"]),
        sendCase("send.contact", .contact(ContactCard(name: "Ada Lovelace", phone: contact)), text: ["Ada Lovelace", contact.digits]),
        sendCase("send.buttons", .buttons(ButtonsMessage(text: "Choose one", buttons: [.init(id: "yes", title: "Yes"), .init(id: "no", title: "No")])),
                 text: ["Choose one", "Yes", "No"]),
        sendCase("send.list", .list(ListMessage(text: "Pick a fruit", buttonTitle: "Fruit", sections: [
            .init(title: "Fresh", rows: [.init(id: "apple", title: "Apple"), .init(id: "pear", title: "Pear")]),
        ])), text: ["Pick a fruit", "Apple", "Pear"]),
        sendCase("send.poll", .poll(Poll(question: "Lunch?", options: ["Pizza", "Salad"])), text: ["Lunch?", "Pizza", "Salad"]),
        ConformanceCase("send.reply-to", requires: [.instancesCreate, .pairingQR, .sendText, .replyTo]) { context in
            let id = try await context.connectedInstance()
            let first = try await context.provider.send(.text("the original", to: context.contact), from: id)
            // Where the send answers no id (Wasup's documented answer), take the one the phone's side saw.
            let seen = context.entry(for: first, in: try await context.sent(id), to: context.configuration.contactPhone)
            guard let original = first.id ?? seen?.messageId.map({ MessageID($0) }) else {
                throw ConformanceFailure("neither the send nor the phone's side gave a message id to reply to")
            }
            var reply = OutboundMessage.text("the reply", to: context.contact, replyTo: original)
            let degraded = context.provider.capabilities.support(for: .replyTo) == .degraded
            if degraded {
                try await context.expectError(.unsupported, "a reply without degradation allowed") {
                    try await context.provider.send(reply, from: id)
                }
                reply.allowsDegradation = true
            }
            let sent = try await context.provider.send(reply, from: id)
            let entry = context.entry(for: sent, in: try await context.sent(id), to: context.configuration.contactPhone)
            try context.expect(entry?.shows("the reply") == true, "the phone's side shows no \"the reply\": \(entry.map(\.description) ?? "nothing")")
            if degraded {
                try context.expect(sent.degradation != nil, "a degraded reply does not say what was degraded")
            } else {
                try context.expect(ConformanceIDs.same(entry?.replyTo, original.rawValue),
                                   "the reply does not quote \(original): \(entry.map(\.description) ?? "nothing")")
            }
        },
        ConformanceCase("send.typing-hint", requires: [.instancesCreate, .pairingQR, .sendText, .typingHint]) { context in
            let id = try await context.connectedInstance()
            var message = OutboundMessage.text("typed first", to: context.contact)
            message.typing = TypingHint(milliseconds: 200)
            let sent = try await context.provider.send(message, from: id)
            let entry = context.entry(for: sent, in: try await context.sent(id), to: context.configuration.contactPhone)
            try context.expect(entry?.shows("typed first") == true, "the message after a typing hint did not arrive: \(entry.map(\.description) ?? "nothing")")
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

    /// A case that sends `content` to the contact and finds it on the phone's side: an entry to
    /// the contact whose `text` shows every fragment of `text` and whose `mediaUrl` is `mediaUrl`.
    /// Content the adapter can only send degraded is sent with degradation allowed, and the result
    /// must say what was degraded; sent without it, it must be refused as unsupported.
    static func sendCase(_ id: String, _ content: OutboundContent, text: [String] = [], mediaUrl: String? = nil) -> ConformanceCase {
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
            let received = try await context.sent(instance)
            guard let entry = context.entry(for: sent, in: received, to: context.configuration.contactPhone) else {
                if let messageID = sent.id {
                    throw ConformanceFailure("no sent entry carries the returned id \(messageID): \(received.suffix(3).map(\.description))")
                }
                throw ConformanceFailure("the phone's side received nothing for \(context.contact)")
            }
            try context.expect(entry.isTo(context.configuration.contactPhone), "the message did not go to \(context.contact): \(entry)")
            for fragment in text {
                try context.expect(entry.shows(fragment), "the phone's side lacks \(fragment.prefix(60)): \(entry)")
            }
            if let mediaUrl {
                try context.expect(entry.mediaUrl == mediaUrl || entry.shows(mediaUrl), "the media URL is not \(mediaUrl): \(entry)")
            }
        }
    }
}
