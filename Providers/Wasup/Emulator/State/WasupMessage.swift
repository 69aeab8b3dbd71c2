import EmulatorKit
import Foundation

/// One message an instance sent or received.
struct WasupMessage: Sendable {
    /// The WhatsApp message id (`3EB0...`).
    let id: String
    /// The id `/api/send` reports (`message_id`, a UUID); lookups accept either.
    let uuid: String
    /// `inbound` or `outbound`.
    let direction: String
    /// The sender's phone (or chat id for groups).
    let from: String
    /// The recipient's phone (or chat id).
    let to: String
    /// The chat (`...@s.whatsapp.net`, `...@g.us`).
    let chatId: String
    /// `text`, `image`, ..., `reaction` (the send's `messageType`, or the inbound media type).
    let messageType: String
    /// Text or caption.
    let text: String?
    /// The content fields as sent (the send body less routing fields), for the control API.
    let content: JSONObject
    let mediaUrl: String?
    let mimeType: String?
    let fileName: String?
    let timestamp: Date
    /// `sent`, `delivered`, `read`, `played` (outbound) or `received` (inbound).
    var status: String
    /// Who made it: `api`, `auto-select`, `webhook-reply`, `handoff-resume`, `phone`, `contact`.
    let origin: String

    func matches(id candidate: String) -> Bool { id == candidate || uuid == candidate }

    /// `image`, `video`, `audio`, `document` or `sticker` for media, else nil.
    var mediaType: String? {
        ["image", "video", "audio", "document", "sticker"].contains(messageType) ? messageType : nil
    }

    /// The spec's `Message` schema.
    var historyJSON: JSONValue { historyJSON(spacedDate: false) }

    /// The spec's `Message` schema; `spacedDate` writes `timestamp` as `2026-01-29 12:00:00+00:00`.
    func historyJSON(spacedDate: Bool) -> JSONValue {
        ["id": .string(id), "direction": .string(direction), "from": .string(from), "to": .string(to),
         "text": .string(text ?? ""), "mediaUrl": JSONValue(mediaUrl), "mediaType": JSONValue(mediaType),
         "mimeType": JSONValue(mimeType), "fileName": JSONValue(fileName),
         "timestamp": .string(spacedDate ? WasupClock.spaced(timestamp) : WasupClock.iso(timestamp)), "status": .string(status)]
    }

    /// What `GET /__emulator/instances/{id}/sent` shows for an outbound message: the contract's
    /// seven keys (`messageId` is the WhatsApp id, the form a send answer carries), then extras.
    var sentJSON: JSONValue {
        var extras: JSONObject = [
            "uuid": .string(uuid), "chatId": .string(chatId), "messageType": .string(messageType),
            "status": .string(status), "origin": .string(origin), "timestamp": .string(WasupClock.iso(timestamp)),
        ]
        extras["content"] = .object(content)
        let isReaction = messageType == "reaction"
        let fields = SentEntryFields(
            to: to, type: messageType, text: isReaction ? [] : readableText, mediaUrl: mediaUrl, messageId: id,
            replyTo: nil,  // SendMessageBody has no reply-to field
            reaction: isReaction ? (emoji: content["emoji"]?.stringValue ?? "", messageId: content["messageId"]?.stringValue) : nil)
        return fields.entry(extras: extras)
    }

    /// What the recipient reads: text or caption, the place's name and address, the contact's
    /// name and number, a list's title, buttons and rows, the footer.
    var readableText: [String?] {
        var lines: [String?] = [text, content["title"]?.stringValue]
        lines += [content["locationName"]?.stringValue, content["locationAddress"]?.stringValue]
        lines += SentEntryFields.readable(content["contactCard"], keys: ["displayName", "phoneNumber"])
        lines += SentEntryFields.readable(content["buttons"], keys: ["text", "title"])
        lines += SentEntryFields.readable(content["sections"], keys: ["title", "description"])
        lines.append(content["footer"]?.stringValue)
        return lines
    }
}
