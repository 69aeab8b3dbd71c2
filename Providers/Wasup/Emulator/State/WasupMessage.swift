import EmulatorKit
import Foundation

/// One message an instance sent or received: who and when around what it says (its `body`,
/// whose fields read as the message's own: `message.text`).
@dynamicMemberLookup
struct WasupMessage: Sendable {
    /// The WhatsApp message id (`3EB0...`).
    let id: String
    /// The id `/api/send` reports (`message_id`, a UUID); lookups accept either.
    let uuid: String
    /// `inbound` or `outbound`.
    let direction: String
    /// The sender's phone (or chat id for groups).
    let from: String
    /// To whom, and what.
    let body: WasupMessageBody
    let timestamp: Date
    /// `sent`, `delivered`, `read`, `played` (outbound) or `received` (inbound).
    var status: String
    /// Who made it: `api`, `auto-select`, `webhook-reply`, `handoff-resume`, `phone`, `contact`.
    let origin: String

    subscript<T>(dynamicMember path: KeyPath<WasupMessageBody, T>) -> T { body[keyPath: path] }

    func matches(id candidate: String) -> Bool { id == candidate || uuid == candidate }

    /// `image`, `video`, `audio`, `document` or `sticker` for media, else nil.
    var mediaType: String? {
        ["image", "video", "audio", "document", "sticker"].contains(body.messageType) ? body.messageType : nil
    }

    /// The spec's `Message` schema.
    var historyJSON: JSONValue { historyJSON(spacedDate: false) }

    /// The spec's `Message` schema; `spacedDate` writes `timestamp` as `2026-01-29 12:00:00+00:00`.
    func historyJSON(spacedDate: Bool) -> JSONValue {
        ["id": .string(id), "direction": .string(direction), "from": .string(from), "to": .string(body.to),
         "text": .string(body.text ?? ""), "mediaUrl": JSONValue(body.mediaUrl), "mediaType": JSONValue(mediaType),
         "mimeType": JSONValue(body.mimeType), "fileName": JSONValue(body.fileName),
         "timestamp": .string(spacedDate ? WasupClock.spaced(timestamp) : WasupClock.iso(timestamp)), "status": .string(status)]
    }

    /// What `GET /__emulator/instances/{id}/sent` shows for an outbound message: the contract's
    /// seven keys (`messageId` is the WhatsApp id, the form a send answer carries), then extras.
    var sentJSON: JSONValue {
        var extras: JSONObject = [
            "uuid": .string(uuid), "chatId": .string(body.chatId), "messageType": .string(body.messageType),
            "status": .string(status), "origin": .string(origin), "timestamp": .string(WasupClock.iso(timestamp)),
        ]
        extras["content"] = .object(body.content)
        let isReaction = body.messageType == "reaction"
        let fields = SentEntryFields(
            to: body.to, type: body.messageType, text: isReaction ? [] : readableText, mediaUrl: body.mediaUrl, messageId: id,
            replyTo: nil,  // SendMessageBody has no reply-to field
            reaction: isReaction ? (emoji: body.content["emoji"]?.stringValue ?? "", messageId: body.content["messageId"]?.stringValue) : nil)
        return fields.entry(extras: extras)
    }

    /// What the recipient reads: text or caption, the place's name and address, the contact's
    /// name and number, a list's title, buttons and rows, the footer.
    var readableText: [String?] {
        var lines: [String?] = [body.text, body.content["title"]?.stringValue]
        lines += [body.content["locationName"]?.stringValue, body.content["locationAddress"]?.stringValue]
        lines += SentEntryFields.readable(body.content["contactCard"], keys: ["displayName", "phoneNumber"])
        lines += SentEntryFields.readable(body.content["buttons"], keys: ["text", "title"])
        lines += SentEntryFields.readable(body.content["sections"], keys: ["title", "description"])
        lines.append(body.content["footer"]?.stringValue)
        return lines
    }
}
