import Crypto
import Foundation
import Switchboard

/// Reads a Wawp webhook delivery: WAHA's envelope `{id, timestamp, session, event, payload, me}`
/// (or an array of them) into neutral events.
///
/// | event | becomes |
/// |---|---|
/// | `message`, `message.any` | `InboundEvent/Body/message(_:)` (see ``WawpMessageReader``) |
/// | `message.ack` | `InboundEvent/Body/ack(_:)`: `ack` -1 failed, 1 sent, 2 delivered, 3 read, 4 played (or `ackName`); 0 (pending) is `.other` |
/// | `message.reaction` | `InboundEvent/Body/reaction(_:)`: `reaction` as text or `{text, messageId}` |
/// | `message.revoked` | `InboundEvent/Body/revoked(message:chat:)`: `revokedMessageId`, `before.id` or `id` |
/// | `message.edited` | `InboundEvent/Body/edited(message:chat:text:)`: `editedMessageId` or `id`; `newBody` or `body` |
/// | `session.status` | `InboundEvent/Body/instanceStatus(_:phone:)`: the phone from `me.id`; `data.reachoutTimelock` and `data.messageCapping` as `InboundEvent/statusDetails` (see `WawpStatusDetails`) |
/// | `presence.update` | `InboundEvent/Body/presence(chat:state:)`: `type`, or the first `presences[].lastKnownPresence` |
/// | `call.received` | `InboundEvent/Body/call(from:id:)` |
/// | anything else | `InboundEvent/Body/other(type:raw:)` with the payload's JSON |
///
/// The instance is the envelope's `instance_id` or `metadata.instance_id` where Wawp adds one,
/// else its `session` (translated to the instance id where the adapter learned the session name);
/// the event id is the envelope's `id`, or a hash of the body.
struct WawpWebhookDecoder {
    let provider: String
    let instanceForSession: (String) -> String

    /// One decoded event and the payload it came from.
    struct Decoded {
        var event: InboundEvent
        var payload: WawpJSON
    }

    func decode(_ body: Data) throws(SwitchboardError) -> [Decoded] {
        guard let json = WawpJSON.parseContainer(body) else {
            throw SwitchboardError.invalidRequest("webhook body is not JSON").from(provider: provider)
        }
        let envelopes = json.array ?? [json]
        var events: [Decoded] = []
        for (index, envelope) in envelopes.enumerated() {
            guard let type = envelope["event"]?.nonEmptyString, let session = envelope.first("session", "instance_id")?.nonEmptyString else {
                throw SwitchboardError.invalidRequest("webhook body is not a Wawp event envelope (no `event` or `session`)").from(provider: provider)
            }
            // The body's digest only for an envelope without an id of its own.
            let id = envelope["id"]?.nonEmptyString ?? Self.digest(body) + (envelopes.count > 1 ? "-\(index)" : "")
            let instance = (envelope["instance_id"] ?? envelope[path: "metadata.instance_id"])?.nonEmptyString ?? instanceForSession(session)
            let payload = envelope["payload"] ?? .null
            let event = InboundEvent(provider: provider, instance: instance, id: id,
                                     timestamp: WawpDate.parse(envelope["timestamp"]),
                                     body: Self.body(type: type, payload: payload, envelope: envelope),
                                     statusDetails: type == "session.status" ? WawpStatusDetails.decode(payload["data"]) : nil)
            events.append(Decoded(event: event, payload: payload))
        }
        return events
    }

    static func body(type: String, payload: WawpJSON, envelope: WawpJSON) -> InboundEvent.Body {
        // Built only for an event that is not recognised: it writes the whole payload out as text.
        var other: InboundEvent.Body { .other(type: type, raw: payload.text) }
        switch type {
        case "message", "message.any":
            return WawpMessageReader.message(payload).map { .message($0) } ?? other
        case "message.ack":
            guard let message = WawpMessageIDs.messageID(in: payload), let status = ackStatus(payload) else { return other }
            return .ack(Ack(message: message, chat: chat(payload, message: message), status: status))
        case "message.reaction":
            let reaction = payload["reaction"]
            let target = (reaction?["messageId"] ?? payload["messageId"])?.nonEmptyString.map { MessageID($0) }
                ?? (reaction?["messageId"]).flatMap { WawpMessageIDs.messageID(in: $0) }
            guard let target else { return other }
            let emoji = reaction?["text"]?.string ?? reaction?.string ?? ""
            let from = (payload.first("senderId", "participant", "from"))?.nonEmptyString.flatMap { try? ChatID(WawpMessageIDs.normalizedJID($0)) }
            return .reaction(Reaction(message: target, chat: chat(payload, message: target), from: from, emoji: emoji))
        case "message.revoked":
            let target = payload["revokedMessageId"]?.nonEmptyString.map { MessageID($0) }
                ?? payload["before"].flatMap(WawpMessageIDs.messageID(in:))
                ?? WawpMessageIDs.messageID(in: payload)
            guard let target else { return other }
            return .revoked(message: target, chat: chat(payload["before"] ?? payload, message: target))
        case "message.edited":
            let target = payload["editedMessageId"]?.nonEmptyString.map { MessageID($0) } ?? WawpMessageIDs.messageID(in: payload)
            guard let target, let text = payload.first("newBody", "body", "text")?.string else { return other }
            return .edited(message: target, chat: chat(payload, message: target), text: text)
        case "session.status":
            guard let status = payload["status"]?.string.flatMap(WawpStatus.status) else { return other }
            return .instanceStatus(status, phone: WawpStatus.phone(fromMe: payload["me"] ?? envelope["me"]))
        case "presence.update":
            let first = payload["presences"]?.array?.first
            guard let state = (payload["type"] ?? first?["lastKnownPresence"] ?? payload["presence"])?.nonEmptyString else { return other }
            let chatText = payload.first("chatId", "id", "from")?.nonEmptyString
            return .presence(chat: chatText.flatMap { try? ChatID(WawpMessageIDs.normalizedJID($0)) }, state: state)
        case "call.received":
            let from = payload["from"]?.nonEmptyString.flatMap { try? ChatID(WawpMessageIDs.normalizedJID($0)) }
            return .call(from: from, id: payload["id"]?.nonEmptyString)
        default:
            return other
        }
    }

    /// WAHA's ack numbers (or names) as neutral statuses; pending (0) and unknown ones are `nil`.
    static func ackStatus(_ payload: WawpJSON) -> Ack.Status? {
        if let ack = payload["ack"]?.int {
            switch ack {
            case -1: return .failed
            case 1: return .sent
            case 2: return .delivered
            case 3: return .read
            case 4: return .played
            case 0: return nil
            default: break
            }
        }
        switch payload["ackName"]?.string?.uppercased() {
        case "ERROR"?, "FAILED"?: return .failed
        case "SERVER"?, "SENT"?: return .sent
        case "DEVICE"?, "DELIVERED"?: return .delivered
        case "READ"?: return .read
        case "PLAYED"?: return .played
        default: return nil
        }
    }

    /// The chat of an event about a message: `chatId`, `from`/`to`, or the one inside the id.
    private static func chat(_ payload: WawpJSON, message: MessageID) -> ChatID? {
        let fromMe = payload["fromMe"]?.bool ?? message.rawValue.hasPrefix("true_")
        let keys = fromMe ? ["chatId", "to", "from"] : ["chatId", "from", "to"]
        for key in keys {
            if let text = payload[key]?.nonEmptyString, let chat = try? ChatID(WawpMessageIDs.normalizedJID(text)) { return chat }
        }
        return WawpMessageIDs.chat(inSerialized: message.rawValue)
    }

    /// A stable id for a delivery without one: the SHA-256 of its body, hex.
    static func digest(_ body: Data) -> String {
        lowercaseHex(SHA256.hash(data: body))
    }
}
