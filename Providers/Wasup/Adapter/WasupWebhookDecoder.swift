import Crypto
import Foundation
import Switchboard

/// Reads Wasup's webhook deliveries (`WebhookPayload`) as neutral `InboundEvent`s.
///
/// The spec documents one shape, a message: `message_id`, `created_at`, `from_phone`,
/// `to_phone`, `message`, `media_type` (`text`, `image`, `video`, `audio`, `document`, `sticker`,
/// `location`, `contact`), `media_url`, `mime_type`, `file_name`, `status` (`received`),
/// `webhook_id` (the instance), `event` (`message`) and `quoted_message`. Other events are read by
/// their `event` name: reactions (`reaction`), receipts (`ack`, `message.ack`, `message_status`,
/// or `status` with a `message_id`), session changes (`connection`, `status`), revokes, edits,
/// calls and presence. Anything else is `InboundEvent/Body/other(type:raw:)` with its JSON.
/// A body may hold one payload or an array of them.
///
/// Event ids: a message's `message_id`; for every other event a SHA-256 of the payload's canonical
/// JSON (sorted keys), so a redelivery of the same event has the same id.
struct WasupWebhookDecoder: Sendable {
    let provider: String

    /// The payload objects in a body: one object or an array of them; none when not JSON.
    static func payloads(in body: Data) -> [WasupJSON] {
        switch WasupJSON.parse(body) {
        case let object? where object.isObject: [object]
        case .array(let items)?: items.filter(\.isObject)
        default: []
        }
    }

    func decode(_ delivery: WebhookDelivery) throws(SwitchboardError) -> [InboundEvent] {
        guard let json = WasupJSON.parse(delivery.body) else {
            throw SwitchboardError.invalidRequest("webhook body is not JSON").from(provider: provider)
        }
        let payloads: [WasupJSON]
        switch json {
        case .object: payloads = [json]
        case .array(let items) where !items.isEmpty && items.allSatisfy(\.isObject): payloads = items
        default: throw SwitchboardError.invalidRequest("webhook body is not a Wasup payload object").from(provider: provider)
        }
        // The URL's instance is read only for a payload that does not name its own.
        return payloads.map { event($0, fallbackInstance: delivery.queryItem(WasupWebhookToken.instanceParameter) ?? "") }
    }

    /// One payload as an event.
    func event(_ payload: WasupJSON, fallbackInstance: @autoclosure () -> String) -> InboundEvent {
        let instance = payload.first("webhook_id", "instanceId", "instance_id")?.nonEmptyString ?? fallbackInstance()
        let timestamp = WasupDate.parse(payload.first("created_at", "timestamp"))
        let body = self.body(payload)
        let id: String = if case .message(let message) = body { message.id.rawValue } else { Self.hash(payload) }
        return InboundEvent(provider: provider, instance: instance, id: id, timestamp: timestamp, body: body)
    }

    private func body(_ payload: WasupJSON) -> InboundEvent.Body {
        let messageID = payload.first("message_id", "messageId")?.nonEmptyString
        let type = payload["event"]?.string?.lowercased() ?? (messageID != nil ? "message" : "")
        // Built only for an event that is not recognised: it writes the whole payload out as text.
        var other: InboundEvent.Body { .other(type: type.isEmpty ? "unknown" : type, raw: payload.text) }
        switch type {
        case "message", "message.received", "message.sent", "message.any", "messages.upsert", "message_create", "incoming":
            if payload["media_type"]?.string == "reaction" { return reaction(payload) ?? other }
            return message(payload).map(InboundEvent.Body.message) ?? other
        case _ where type.contains("reaction"):
            return reaction(payload) ?? other
        case "ack", "message.ack", "message_ack", "message.status", "message_status", "messages.update", "receipt":
            return ack(payload) ?? other
        case "status", "connection", "connection.update", "instance.status", "session.status", "state", "state.change":
            if messageID != nil { return ack(payload) ?? other }
            return instanceStatus(payload) ?? other
        case "revoked", "message.revoked", "message.deleted", "message_revoke":
            guard let messageID else { return other }
            return .revoked(message: MessageID(messageID), chat: chat(payload))
        case "edited", "message.edited", "message_edit":
            guard let messageID, let text = payload.first("message", "text")?.string else { return other }
            return .edited(message: MessageID(messageID), chat: chat(payload), text: text)
        case "call", "call.received", "incoming_call":
            return .call(from: chat(payload), id: payload.first("call_id", "callId", "id")?.nonEmptyString)
        case "presence", "presence.update":
            guard let state = payload.first("presence", "state")?.nonEmptyString else { return other }
            return .presence(chat: chat(payload), state: state)
        default:
            return other
        }
    }

    /// Whether the linked phone sent it.
    private func fromMe(_ payload: WasupJSON) -> Bool {
        if let flag = payload.first("from_me", "fromMe")?.bool { return flag }
        if let direction = payload["direction"]?.string { return direction == "outbound" }
        return false
    }

    /// The chat: `chat_id` when given (groups), else the other party's phone.
    private func chat(_ payload: WasupJSON) -> ChatID? {
        if let text = payload.first("chat_id", "chatId")?.nonEmptyString, let chat = try? ChatID(text) { return chat }
        let party = fromMe(payload) ? payload["to_phone"] : payload.first("from_phone", "from")
        return party?.nonEmptyString.flatMap { try? ChatID($0) }
    }

    private func message(_ payload: WasupJSON) -> Message? {
        guard let id = payload.first("message_id", "messageId")?.nonEmptyString, let chat = chat(payload) else { return nil }
        let mine = fromMe(payload)
        let sender = mine ? nil : payload.first("from_phone", "from", "participant")?.nonEmptyString.flatMap { try? ChatID($0) }
        let kind = payload["media_type"]?.string?.lowercased() ?? "text"
        var text = payload.first("message", "text", "caption")?.string
        var message = Message(id: MessageID(id), chat: chat, from: sender, fromPhone: sender?.phone, fromMe: mine,
                              timestamp: WasupDate.parse(payload.first("created_at", "timestamp")))
        switch kind {
        case "image", "video", "audio", "voice", "ptt", "document", "sticker":
            let url = payload["media_url"]?.nonEmptyString ?? payload["media"]?.first("downloadUrl", "url")?.nonEmptyString
            let mime = payload["mime_type"]?.nonEmptyString ?? payload["media"]?.first("mimeType", "mime_type")?.nonEmptyString
            message.media = InboundMedia(url: url, mimeType: mime)
        case "location":
            message.location = Self.location(payload)
            if message.location != nil, let current = text, Self.coordinates(current) != nil { text = nil }
        case "contact", "vcard", "contacts":
            let card = payload.first("vcard", "vCard")?.nonEmptyString ?? payload["contact"]?.first("vcard", "vCard")?.nonEmptyString
            message.vCard = card ?? (text?.hasPrefix("BEGIN:VCARD") == true ? text : nil)
            if message.vCard == text { text = nil }
        default:
            break
        }
        message.text = text.flatMap { $0.isEmpty ? nil : $0 }
        message.replyTo = Self.quoted(payload)
        return message
    }

    /// The quoted message id: `quoted_message_id`, or `quoted_message` (a string, or an object
    /// with an `id`).
    private static func quoted(_ payload: WasupJSON) -> MessageID? {
        if let id = payload.first("quoted_message_id", "quotedMessageId")?.nonEmptyString { return MessageID(id) }
        guard let quoted = payload.first("quoted_message", "quotedMessage") else { return nil }
        return (quoted.isObject ? quoted.first("id", "message_id", "messageId") : quoted)?.nonEmptyString.map { MessageID($0) }
    }

    /// A location from `latitude`/`longitude`, a `location` object, or `"lat,lng"` in `message`.
    private static func location(_ payload: WasupJSON) -> Location? {
        for source in [payload, payload["location"]].compactMap({ $0 }) {
            if let lat = source.first("latitude", "lat")?.double, let lng = source.first("longitude", "lng", "lon")?.double {
                return Location(latitude: lat, longitude: lng,
                                name: source.first("locationName", "location_name", "name")?.nonEmptyString,
                                address: source.first("locationAddress", "location_address", "address")?.nonEmptyString)
            }
        }
        return payload["message"]?.string.flatMap(coordinates).map { Location(latitude: $0.0, longitude: $0.1) }
    }

    /// `"3.1577, 101.7117"` as a coordinate pair.
    private static func coordinates(_ text: String) -> (Double, Double)? {
        let parts = text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        guard parts.count == 2, let lat = Double(parts[0]), let lng = Double(parts[1]),
              (-90...90).contains(lat), (-180...180).contains(lng) else { return nil }
        return (lat, lng)
    }

    private func reaction(_ payload: WasupJSON) -> InboundEvent.Body? {
        let nested = payload["reaction"]
        let target = payload.first("reaction_message_id", "reacted_message_id", "target_message_id", "reactionMessageId")
            ?? nested?.first("messageId", "message_id", "key")
            ?? payload.first("quoted_message", "message_id", "messageId")
        guard let target = target?.nonEmptyString else { return nil }
        let emoji = payload["emoji"]?.string ?? nested?.string ?? nested?.first("emoji", "text")?.string
            ?? payload["message"]?.string ?? ""
        let from = fromMe(payload) ? nil : payload.first("from_phone", "from")?.nonEmptyString.flatMap { try? ChatID($0) }
        return .reaction(Reaction(message: MessageID(target), chat: chat(payload), from: from, emoji: emoji))
    }

    private func ack(_ payload: WasupJSON) -> InboundEvent.Body? {
        guard let id = payload.first("message_id", "messageId")?.nonEmptyString,
              let status = Self.ackStatus(payload.first("status", "ack")) else { return nil }
        // A receipt is about a message the linked phone sent: the chat is the recipient.
        let recipient = payload.first("chat_id", "chatId", "to_phone", "to")?.nonEmptyString.flatMap { try? ChatID($0) }
        return .ack(Ack(message: MessageID(id), chat: recipient, status: status))
    }

    /// A receipt status word, or WhatsApp's numeric ack (-1 failed, 1 sent, 2 delivered, 3 read, 4 played).
    static func ackStatus(_ value: WasupJSON?) -> Ack.Status? {
        if case .number(let number)? = value {
            return switch number {
            case -1: .failed
            case 1: .sent
            case 2: .delivered
            case 3: .read
            case 4, 5: .played
            default: nil
            }
        }
        return switch value?.string?.lowercased() {
        case "sent", "server", "server_ack", "pending": .sent
        case "delivered", "delivery", "delivery_ack", "device": .delivered
        case "read", "seen", "read_self": .read
        case "played": .played
        case "failed", "error": .failed
        default: nil
        }
    }

    private func instanceStatus(_ payload: WasupJSON) -> InboundEvent.Body? {
        guard let word = payload.first("status", "state", "connection")?.nonEmptyString else { return nil }
        let hasCode = payload.first("qrCode", "qr", "pairingCode")?.nonEmptyString != nil
        let phone = payload.first("phone", "connectedPhone")?.nonEmptyString.flatMap { try? Phone($0) }
        return .instanceStatus(WasupStatus.map(word, hasCode: hasCode), phone: phone)
    }

    /// A stable id for a payload: SHA-256 of its canonical JSON, hex, 32 characters.
    static func hash(_ payload: WasupJSON) -> String {
        lowercaseHex(SHA256.hash(data: payload.data).prefix(16))
    }
}
