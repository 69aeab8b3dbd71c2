import Foundation
import Switchboard

/// One outbound message as a Wawp operation: the path, its query (or JSON body), and what was
/// degraded. Built before any request, so an unsupported message costs nothing.
///
/// | content | operation | notes |
/// |---|---|---|
/// | text | `POST /v2/send/text` | `message` |
/// | link preview | `POST /v2/send/link-preview` | `url`, `text`, `title`, `description`, `thumbnail` |
/// | image | `POST /v2/send/image` | `file[…]`, `caption` |
/// | video | `POST /v2/send/video` | `file[…]`, `caption`, `convert`, `asNote=false`; cannot quote |
/// | voice note | `POST /v2/send/voice` | `file[…]`, `convert=true` |
/// | audio | `POST /v2/send/voice` | degraded: sent as a voice note |
/// | document | `POST /v2/send/pdf` | PDFs only; another type is degraded to a text with its link |
/// | location | `POST /v2/send/location` | `latitude`, `longitude`, `title`, `message` (address) |
/// | contact | `POST /v2/send/contact` | `contacts` as JSON: `fullName`, `organization`, `phoneNumber`, `whatsappId` |
/// | list | `POST /v2/send/list` | JSON body: `message` (the list as JSON text) and `message.title`, `message.description`, `message.footer`, `message.button`, `message.sections` (JSON text) |
/// | poll | `POST /v2/send/poll` | `poll` as JSON: `name`, `options`, `multipleAnswers` |
/// | buttons | `POST /v2/send/text` | degraded: a numbered text list |
///
/// A reply-to goes in `reply_to`, which every send operation but video takes.
struct WawpSendRequest: Sendable {
    var path: String
    var query: [(String, String)]
    var jsonBody: WawpJSON.Object?
    var degradations: [String] = []

    /// What the caller is told was degraded, or `nil`.
    var degradation: String? { degradations.isEmpty ? nil : degradations.joined(separator: "; ") }

    init(_ message: OutboundMessage, capabilities: Capabilities) throws(SwitchboardError) {
        let feature = message.content.feature
        switch capabilities.support(for: feature) {
        case nil: throw .unsupported(feature)
        case .degraded? where !message.allowsDegradation:
            throw .unsupported(feature, "\(feature.rawValue) is not supported by Wawp; allow degradation to send \(Self.degradedForm(feature))")
        default: break
        }
        let chat = message.to.jid
        var replyTo = message.replyTo?.rawValue
        if replyTo != nil { try capabilities.require(.replyTo) }

        path = "/v2/send/text"
        query = [("chatId", chat)]
        jsonBody = nil
        switch message.content {
        case .text(let text):
            try Self.requireText(text, "text")
            query.append(("message", text))
        case .linkPreview(let preview):
            try Self.requireText(preview.url, "link preview URL")
            let text = preview.text.contains(preview.url) ? preview.text : [preview.text, preview.url].filter { !$0.isEmpty }.joined(separator: " ")
            path = "/v2/send/link-preview"
            query += [("url", preview.url), ("text", text), ("thumbnail", preview.imageURL ?? ""),
                      ("title", preview.title ?? ""), ("description", preview.description ?? ""),
                      ("linkPreviewHighQuality", "false")]
        case .image(let media):
            path = "/v2/send/image"
            query += WawpFile(media, defaultName: "image.jpg", defaultType: "image/jpeg").query + [("caption", media.caption ?? "")]
        case .video(let media):
            path = "/v2/send/video"
            query += [("caption", media.caption ?? ""), ("convert", "true"), ("asNote", "false")]
                + WawpFile(media, defaultName: "video.mp4", defaultType: "video/mp4").query
            if replyTo != nil {
                guard message.allowsDegradation else {
                    throw .unsupported(.replyTo, "Wawp's video operation cannot quote a message; allow degradation to send it without the quote")
                }
                degradations.append("video sent without quoting the replied-to message: Wawp's video operation cannot quote")
                replyTo = nil
            }
        case .voiceNote(let media):
            path = "/v2/send/voice"
            query += WawpFile(media, defaultName: "voice.ogg", defaultType: "audio/ogg; codecs=opus").query + [("convert", "true")]
        case .audio(let media):
            path = "/v2/send/voice"
            query += WawpFile(media, defaultName: "audio.ogg", defaultType: "audio/ogg; codecs=opus").query + [("convert", "true")]
            degradations.append("audio sent as a voice note: Wawp has no audio-file operation")
        case .document(let media):
            let file = WawpFile(media, defaultName: "document.pdf", defaultType: "application/pdf")
            if Self.isPDF(media, file) {
                path = "/v2/send/pdf"
                query += file.query + [("caption", media.caption ?? "")]
            } else {
                guard message.allowsDegradation else {
                    throw .unsupported(.sendDocument, "Wawp sends PDF documents only, not \(file.mimeType); allow degradation to send a link instead")
                }
                let text = [media.caption, "\(file.fileName): \(media.url)"].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: "\n")
                query.append(("message", text))
                degradations.append("document (\(file.mimeType)) sent as a text message with its link: Wawp sends PDF documents only")
            }
        case .location(let location):
            path = "/v2/send/location"
            query += [("latitude", String(location.latitude)), ("longitude", String(location.longitude)),
                      ("title", location.name ?? ""), ("message", location.address ?? "")]
        case .contact(let card):
            path = "/v2/send/contact"
            var contact: WawpJSON.Object = ["fullName": .string(card.name), "phoneNumber": .string(card.phone.e164),
                                               "whatsappId": .string(card.phone.digits)]
            if let organization = card.organization { contact["organization"] = .string(organization) }
            query.append(("contacts", WawpJSON.array([.object(contact)]).text))
        case .list(let list):
            path = "/v2/send/list"
            query = []
            let sections: [WawpJSON] = list.sections.map { section in
                ["title": .string(section.title), "rows": .array(section.rows.map { row in
                    var fields: WawpJSON.Object = ["title": .string(row.title), "rowId": .string(row.id)]
                    if let description = row.description { fields["description"] = .string(description) }
                    return .object(fields)
                })]
            }
            // The spec types every field as a string and names the parts with dotted keys: the
            // whole message as JSON text, and each part again, the sections as JSON text.
            let parts: WawpJSON.Object = ["title": .string(list.title ?? ""), "description": .string(list.text),
                                             "footer": .string(list.footer ?? ""), "button": .string(list.buttonTitle),
                                             "sections": .array(sections)]
            var body: WawpJSON.Object = ["chatId": .string(chat), "message": .string(WawpJSON.object(parts).text)]
            for (key, value) in parts { body["message.\(key)"] = .string(value.string ?? value.text) }
            if let replyTo { body["reply_to"] = .string(replyTo) }
            jsonBody = body
            return
        case .poll(let poll):
            path = "/v2/send/poll"
            let json: WawpJSON = ["name": .string(poll.question), "options": .array(poll.options.map(WawpJSON.string)),
                                  "multipleAnswers": .bool(poll.allowsMultipleAnswers)]
            query.append(("poll", json.text))
        case .buttons(let buttons):
            query.append(("message", Self.numberedText(buttons)))
            degradations.append("buttons sent as a numbered text list: Wawp has no buttons")
        }
        if let replyTo { query.append(("reply_to", replyTo)) }
    }

    /// Whether a document goes through the PDF operation: its type says PDF, or, without a type,
    /// its name does.
    static func isPDF(_ media: Media, _ file: WawpFile) -> Bool {
        if let type = media.mimeType { return type.lowercased().hasPrefix("application/pdf") }
        return file.fileExtension == "pdf"
    }

    /// Buttons as text: the text, one `N. title` line per button, then the footer.
    static func numberedText(_ buttons: ButtonsMessage) -> String {
        var parts = [buttons.text, buttons.buttons.enumerated().map { "\($0.offset + 1). \($0.element.title)" }.joined(separator: "\n")]
        if let footer = buttons.footer, !footer.isEmpty { parts.append(footer) }
        return parts.filter { !$0.isEmpty }.joined(separator: "\n\n")
    }

    private static func degradedForm(_ feature: Feature) -> String {
        switch feature {
        case .sendButtons: "buttons as a numbered text list"
        case .sendAudio: "audio as a voice note"
        default: "it in a close form"
        }
    }

    private static func requireText(_ text: String, _ what: String) throws(SwitchboardError) {
        if text.isBlank { throw .invalidRequest("the \(what) is empty") }
    }
}
