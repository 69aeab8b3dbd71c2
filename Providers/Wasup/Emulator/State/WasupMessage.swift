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
    var historyJSON: JSONValue {
        ["id": .string(id), "direction": .string(direction), "from": .string(from), "to": .string(to),
         "text": .string(text ?? ""), "mediaUrl": JSONValue(mediaUrl), "mediaType": JSONValue(mediaType),
         "mimeType": JSONValue(mimeType), "fileName": JSONValue(fileName),
         "timestamp": .string(WasupClock.iso(timestamp)), "status": .string(status)]
    }

    /// What `GET /__emulator/instances/{id}/sent` shows for an outbound message.
    var sentJSON: JSONValue {
        var object: JSONObject = [
            "messageId": .string(id), "uuid": .string(uuid), "to": .string(to), "chatId": .string(chatId),
            "messageType": .string(messageType), "text": JSONValue(text), "status": .string(status),
            "origin": .string(origin), "timestamp": .string(WasupClock.iso(timestamp)),
        ]
        object["content"] = .object(content)
        return .object(object)
    }
}
