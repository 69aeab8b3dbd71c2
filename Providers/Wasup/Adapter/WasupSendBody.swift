import Foundation
import Switchboard

/// An `OutboundMessage` as Wasup's `SendMessageBody`, built before any request goes out.
///
/// | content | `messageType` | fields |
/// |---|---|---|
/// | text | `text` | `message` |
/// | link preview | `text` | `message` (the URL appended when missing; WhatsApp builds the card, so a custom title, description or image is not sent) |
/// | image, video | `image`, `video` | `mediaUrl`, `message` (caption), `mimeType` |
/// | audio | `audio` | `mediaUrl`, `mimeType`, `ptt: false` (Wasup's default is `true`) |
/// | voice note | `audio` | `mediaUrl`, `mimeType`, `ptt: true` |
/// | document | `document` | `mediaUrl`, `fileName`, `mimeType`, `message` (caption) |
/// | location | `location` | `latitude`, `longitude`, `locationName`, `locationAddress` |
/// | contact | `contact` | `contactCard {displayName, phoneNumber}` |
/// | buttons | `buttons` | `message`, `buttons [{id, text}]`, `footer` |
/// | list | `list` | `message`, `title`, `buttonText`, `sections [{title, rows [{id, title, description}]}]`, `footer` |
/// | poll (degraded) | `text` | `message`: the question and numbered options |
///
/// A typing hint becomes `typingSimulation` (Wasup picks the duration). A reply-to has no field in
/// `SendMessageBody`: with degradation allowed the message goes out unquoted, otherwise the send
/// is refused as `SwitchboardError/Kind/unsupported`.
struct WasupSendBody {
    /// The JSON body.
    private(set) var fields = WasupObject()
    /// What was sent differently from what was asked.
    private(set) var degradations: [String] = []
    private let message: OutboundMessage

    /// The degradations as one line, `nil` when sent as asked.
    var degradation: String? { degradations.isEmpty ? nil : degradations.joined(separator: "; ") }

    var json: WasupJSON { fields.json }

    init(_ message: OutboundMessage, capabilities: Capabilities) throws(SwitchboardError) {
        self.message = message
        let feature = message.content.feature
        switch capabilities.support(for: feature) {
        case nil: throw .unsupported(feature)
        case .degraded?: try degrade(feature, feature == .sendPoll ? "poll sent as text with numbered options" : "\(feature.rawValue) sent in a close form")
        default: break
        }
        if let replyTo = message.replyTo {
            switch capabilities.support(for: .replyTo) {
            case nil: throw .unsupported(.replyTo)
            case .degraded?: try degrade(.replyTo, "sent without quoting \(replyTo): Wasup's send has no reply-to field")
            default: break
            }
        }
        if let typing = message.typing {
            try capabilities.require(.typingHint)
            fields.set("typingSimulation", .bool(typing.milliseconds > 0))
        }
        fields["to"] = Self.recipient(message.to)
        try fill(message.content)
    }

    /// Wasup's `to`: phone digits for a person, the JID for groups, LIDs and newsletters.
    static func recipient(_ chat: ChatID) -> String {
        chat.kind == .person ? chat.user : chat.jid
    }

    private mutating func fill(_ content: OutboundContent) throws(SwitchboardError) {
        switch content {
        case .text(let text):
            try requireText(text, "text")
            set(type: "text", message: text)
        case .linkPreview(let preview):
            try requireText(preview.text + preview.url, "link preview text")
            set(type: "text", message: preview.text.contains(preview.url) ? preview.text
                : [preview.text, preview.url].filter { !$0.isEmpty }.joined(separator: " "))
            // The card is WhatsApp's own, built from the page; a custom title, description or image
            // is a hint Wasup has no field for. The link preview itself is sent as asked, so this
            // does not refuse; with degradation allowed the result says the hints were dropped.
            if message.allowsDegradation, preview.title != nil || preview.description != nil || preview.imageURL != nil {
                degradations.append("link preview card built by WhatsApp from the URL; custom title, description and image not sent")
            }
        case .image(let media): try setMedia("image", media)
        case .video(let media): try setMedia("video", media)
        case .audio(let media):
            try setMedia("audio", media)
            fields.set("ptt", false)
        case .voiceNote(let media):
            try setMedia("audio", media)
            fields.set("ptt", true)
        case .document(let media):
            try setMedia("document", media)
            fields["fileName"] = media.fileName
        case .location(let location):
            guard (-90...90).contains(location.latitude), (-180...180).contains(location.longitude) else {
                throw .invalidRequest("location out of range: \(location.latitude), \(location.longitude)")
            }
            fields["messageType"] = "location"
            fields.set("latitude", .number(location.latitude))
            fields.set("longitude", .number(location.longitude))
            fields["locationName"] = location.name
            fields["locationAddress"] = location.address
        case .contact(let card):
            fields["messageType"] = "contact"
            fields.set("contactCard", ["displayName": .string(card.name), "phoneNumber": .string(card.phone.e164)])
            if card.organization != nil {
                try degrade(.sendContact, "contact card sent without its organisation")
            }
        case .buttons(let buttons):
            try requireText(buttons.text, "buttons text")
            guard !buttons.buttons.isEmpty else { throw .invalidRequest("a buttons message needs at least one button") }
            set(type: "buttons", message: buttons.text)
            fields.set("buttons", .array(buttons.buttons.map { ["id": .string($0.id), "text": .string($0.title)] }))
            fields["footer"] = buttons.footer
        case .list(let list):
            try requireText(list.text, "list text")
            guard list.sections.contains(where: { !$0.rows.isEmpty }) else { throw .invalidRequest("a list needs at least one row") }
            set(type: "list", message: list.text)
            fields["title"] = list.title
            fields["buttonText"] = list.buttonTitle
            fields["footer"] = list.footer
            fields.set("sections", .array(list.sections.map { section in
                ["title": .string(section.title), "rows": .array(section.rows.map(Self.row))]
            }))
        case .poll(let poll):
            guard !poll.question.isEmpty, poll.options.count >= 2 else {
                throw .invalidRequest("a poll needs a question and at least two options")
            }
            var lines = [poll.question, ""]
            lines += poll.options.enumerated().map { "\($0.offset + 1). \($0.element)" }
            if poll.allowsMultipleAnswers { lines += ["", "(reply with one or more numbers)"] }
            set(type: "text", message: lines.joined(separator: "\n"))
        }
    }

    private static func row(_ row: ListMessage.Row) -> WasupJSON {
        var object = WasupObject()
        object["id"] = row.id
        object["title"] = row.title
        object["description"] = row.description
        return object.json
    }

    private mutating func set(type: String, message text: String) {
        fields["messageType"] = type
        fields["message"] = text
    }

    private mutating func setMedia(_ type: String, _ media: Media) throws(SwitchboardError) {
        guard media.url.hasPrefix("http://") || media.url.hasPrefix("https://") else {
            throw .invalidRequest("\(type) URL must be http(s): \(Redaction.redact(String(media.url.prefix(80))))")
        }
        fields["messageType"] = type
        fields["mediaUrl"] = media.url
        fields["message"] = media.caption
        fields["mimeType"] = media.mimeType
    }

    private func requireText(_ text: String, _ what: String) throws(SwitchboardError) {
        guard !text.isBlank else { throw .invalidRequest("\(what) is empty") }
    }

    /// Records a degradation, or refuses when the message does not allow one.
    private mutating func degrade(_ feature: Feature, _ note: String) throws(SwitchboardError) {
        guard message.allowsDegradation else {
            throw .unsupported(feature, "Wasup cannot send this exactly (\(note)); set allowsDegradation to accept that")
        }
        degradations.append(note)
    }
}
