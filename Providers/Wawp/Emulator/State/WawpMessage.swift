import EmulatorKit

/// One WhatsApp message in an instance's chats, sent (by the API or the phone) or received.
struct WawpMessage: Sendable {
    /// The bare id (`3EB0...` or `BAE5...`).
    let id: String
    /// The chat it belongs to (`digits@c.us`, `...@g.us`).
    let chatId: String
    /// Whether the instance's account sent it.
    let fromMe: Bool
    /// The sender's JID.
    let from: String
    /// The recipient's JID.
    let to: String
    /// What kind of content it carries, as the `sent` list names it (`text`, `image`, `voice`, ...).
    let messageType: String
    /// The text, or the media caption.
    var body: String?
    /// Media, when it has some: `url`, `mimetype`, `filename`.
    let media: JSONObject?
    /// A location: `latitude`, `longitude`, `description`.
    let location: JSONObject?
    /// vCards of a contact message.
    let vCards: [String]
    /// Endpoint-specific content (poll, list, event, link preview, ...), shown in `_data` and `sent`.
    let content: JSONObject
    /// The message replied to, by serialized id.
    let replyTo: String?
    /// Unix seconds.
    let timestamp: Int
    /// `api` (sent through the API), `app` (the phone or a contact).
    let source: String
    /// The sender's display name, for received messages.
    let pushName: String?
    /// WAHA's ack: -1 ERROR, 0 PENDING, 1 SERVER, 2 DEVICE, 3 READ, 4 PLAYED.
    var ack: Int = 1
    /// The body before the last edit.
    var previousBody: String?
    /// Whether it was revoked (deleted for everyone).
    var revoked = false
    /// Reactions by sender JID.
    var reactions: JSONObject = [:]

    /// `fromMe_chatId_id`, the serialized id WAHA's WEBJS engine uses.
    var serialized: String { "\(fromMe)_\(chatId)_\(id)" }

    /// Whether `reference` names this message: its serialized id, its bare id, or a serialized id
    /// with the chat spelled `@s.whatsapp.net`.
    func matches(_ reference: String) -> Bool {
        if reference == id || reference == serialized { return true }
        let parts = reference.split(separator: "_")
        return parts.count >= 3 && parts.last.map(String.init) == id
    }

    /// The name of WAHA's ack value.
    static func ackName(_ ack: Int) -> String {
        switch ack {
        case -1: "ERROR"
        case 0: "PENDING"
        case 1: "SERVER"
        case 2: "DEVICE"
        case 3: "READ"
        case 4: "PLAYED"
        default: "UNKNOWN"
        }
    }

    /// The WAHA message object of webhooks and `/v2/chats/messages`, keys in the spec's order.
    var payload: JSONValue {
        var object: JSONObject = [
            "id": .string(serialized), "timestamp": .int(timestamp), "from": .string(from), "fromMe": .bool(fromMe),
            "source": .string(source), "to": .string(to), "participant": .null, "body": .string(revoked ? "" : body ?? ""),
            "hasMedia": .bool(media != nil),
        ]
        if var media {
            media["error"] = .null
            object["media"] = .object(media)
        } else {
            object["media"] = .null
        }
        object["ack"] = .int(ack)
        object["ackName"] = .string(Self.ackName(ack))
        object["author"] = .null
        object["location"] = location.map(JSONValue.object) ?? .null
        object["vCards"] = .array(vCards.map(JSONValue.string))
        var data: JSONObject = ["type": .string(messageType)]
        for (key, value) in content { data[key] = value }
        if let pushName { data["notifyName"] = .string(pushName) }
        if !reactions.isEmpty { data["reactions"] = .object(reactions) }
        if revoked { data["isRevoked"] = true }
        object["_data"] = .object(data)
        object["replyTo"] = replyTo.map { ["id": .string($0), "participant": .null, "body": .null, "_data": [:]] } ?? .null
        return .object(object)
    }

    /// The entry of `GET /__emulator/instances/{id}/sent`: the contract's seven keys
    /// (`messageId` is the serialized id the send answers carry), then this emulator's extras.
    var sentJSON: JSONValue {
        var extras: JSONObject = ["id": .string(id), "chatId": .string(chatId), "messageType": .string(messageType)]
        if let media { extras["media"] = .object(media) }
        if let location { extras["location"] = .object(location) }
        if !vCards.isEmpty { extras["vCards"] = .array(vCards.map(JSONValue.string)) }
        for (key, value) in content { extras[key] = value }
        extras["origin"] = .string(source == "api" ? "api" : "phone")
        extras["ack"] = .int(ack)
        extras["status"] = .string(Self.ackName(ack).lowercased())
        if let previousBody { extras["editedFrom"] = .string(previousBody) }
        if revoked { extras["revoked"] = true }
        if !reactions.isEmpty { extras["reactions"] = .object(reactions) }
        extras["timestamp"] = .int(timestamp)
        let fields = SentEntryFields(to: to, type: messageType, text: readableText, mediaUrl: media?["url"]?.stringValue,
                                     messageId: serialized, replyTo: replyTo)
        return fields.entry(extras: extras)
    }

    /// What the recipient reads: the body or caption, then the place's name and address, the
    /// contacts' names and numbers, and the titles and options of polls, lists and events.
    var readableText: [String?] {
        var lines: [String?] = [body]
        lines += [location?["description"]?.stringValue, content["address"]?.stringValue]
        lines += SentEntryFields.readable(content["contacts"], keys: ["fullName", "phoneNumber"])
        lines += SentEntryFields.readable(content["poll"], keys: ["name", "options"])
        lines += SentEntryFields.readable(content["list"], keys: ["title", "description", "footer", "button"])
        lines += SentEntryFields.readable(content["event"], keys: ["name", "description"])
        lines += SentEntryFields.readable(content["preview"], keys: ["title", "description"])
        return lines
    }
}
