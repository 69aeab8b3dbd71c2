import Foundation
import Switchboard

/// Reads one WAHA message object (a webhook `message` payload or a history entry) into a
/// neutral `Message`.
///
/// Fields read: the id in any shape `WawpMessageIDs` knows; `from`, `to`, `fromMe`,
/// `participant`/`author` (the sender in a group); `timestamp` (epoch seconds); `body`; `media`
/// `{url, mimetype}`; `location` `{latitude, longitude, description}`; `vCards`; `replyTo.id`.
/// The chat is `to` for a message sent from the phone, `from` otherwise; a sender known only by a
/// LID gets its phone from `_data.senderPn`/`senderPn` where the engine gives one.
enum WawpMessageReader {
    static func message(_ json: WawpJSON) -> Message? {
        guard json.isObject, let id = WawpMessageIDs.messageID(in: json) else { return nil }
        let key = json["key"]
        let fromMe = json["fromMe"]?.bool ?? key?["fromMe"]?.bool ?? id.rawValue.hasPrefix("true_")
        let from = json["from"]?.nonEmptyString.flatMap { try? ChatID(WawpMessageIDs.normalizedJID($0)) }
        let to = json["to"]?.nonEmptyString.flatMap { try? ChatID(WawpMessageIDs.normalizedJID($0)) }
        let remote = key?["remoteJid"]?.nonEmptyString.flatMap { try? ChatID(WawpMessageIDs.normalizedJID($0)) }
        guard let chat = (fromMe ? to ?? remote ?? from : from ?? remote ?? to) ?? WawpMessageIDs.chat(inSerialized: id.rawValue) else {
            return nil
        }
        let participant = json.first("participant", "author")?.nonEmptyString
            .flatMap { try? ChatID(WawpMessageIDs.normalizedJID($0)) }
        let sender: ChatID? = fromMe ? nil : (chat.kind == .group ? participant : from ?? chat)
        let senderPhone = sender?.phone
            ?? (json["senderPn"] ?? json[path: "_data.senderPn"] ?? json[path: "_data.key.senderPn"])?.nonEmptyString.flatMap { try? Phone($0) }

        var media: InboundMedia?
        if let item = json["media"], item.isObject {
            let url = item["url"]?.nonEmptyString, type = item.first("mimetype", "mimeType")?.nonEmptyString
            if url != nil || type != nil { media = InboundMedia(url: url, mimeType: type) }
        }
        var location: Location?
        if let item = json["location"], let latitude = item["latitude"]?.double, let longitude = item["longitude"]?.double {
            location = Location(latitude: latitude, longitude: longitude, name: item.first("name", "description")?.nonEmptyString,
                                address: item["address"]?.nonEmptyString)
        }
        let replyTo = json["replyTo"].flatMap { $0.isObject ? WawpMessageIDs.messageID(in: $0) : $0.nonEmptyString.map { MessageID($0) } }
        return Message(id: id, chat: chat, from: sender, fromPhone: senderPhone, fromMe: fromMe,
                       timestamp: WawpDate.parse(json["timestamp"] ?? json["messageTimestamp"]),
                       text: json.first("body", "text", "caption")?.nonEmptyString, media: media, location: location,
                       vCard: json["vCards"]?.array?.first?.nonEmptyString ?? json["vCard"]?.nonEmptyString, replyTo: replyTo)
    }
}
