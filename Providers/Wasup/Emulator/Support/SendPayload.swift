import EmulatorKit

/// A send body (the spec's `SendMessageBody`), checked per `messageType`: what the message is
/// (its `body`, whose fields read as the payload's own: `payload.text`) and how to send it.
@dynamicMemberLookup
struct SendPayload: Sendable {
    static let messageTypes = ["text", "image", "video", "document", "audio", "buttons", "list", "location", "contact"]
    /// Body fields that route or tune a send rather than make up its content.
    static let routingFields: Set<String> = ["to", "to_phone", "from_phone", "typingSimulation", "delayEnabled",
                                             "contactName", "skipContactSave"]

    let body: WasupMessageBody
    let typingSimulation: Bool?
    let delayEnabled: Bool?

    subscript<T>(dynamicMember path: KeyPath<WasupMessageBody, T>) -> T { body[keyPath: path] }

    /// A plain text send (webhook replies, resume messages).
    init(text: String, to: String, chatId: String) {
        self.init(body: WasupMessageBody(to: to, chatId: chatId, messageType: "text", text: text, content: ["message": .string(text)],
                                         mediaUrl: nil, mimeType: nil, fileName: nil),
                  typingSimulation: nil, delayEnabled: nil)
    }

    /// Reads and checks a send body; the error is the message of a 400.
    static func parse(_ body: JSONValue) -> Result<SendPayload, SendPayloadError> {
        guard let object = body.objectValue else { return .failure("Request body must be a JSON object") }
        guard let rawTo = (object["to"] ?? object["to_phone"])?.stringValue, !rawTo.isEmpty else {
            return .failure("Missing required field: to")
        }
        guard let recipient = WasupIdentifiers.recipient(rawTo) else {
            return .failure("Invalid recipient: \(rawTo). Use the phone number with country code, no + or spaces, or a chat id")
        }
        let explicitType = object["messageType"]?.stringValue
        let type = explicitType ?? (object["buttons"] != nil ? "buttons" : object["sections"] != nil ? "list" : "text")
        guard messageTypes.contains(type) else {
            return .failure("Invalid messageType: \(type). Use one of: \(messageTypes.joined(separator: ", "))")
        }
        let text = (object["message"] ?? object["text"])?.stringValue
        let mediaUrl = object["mediaUrl"]?.stringValue
        func nonEmpty(_ value: String?) -> Bool { !(value ?? "").isEmpty }

        switch type {
        case "text":
            guard nonEmpty(text) else { return .failure("message is required for text messages") }
        case "image", "video", "document", "audio":
            guard nonEmpty(mediaUrl) else { return .failure("mediaUrl is required for \(type) messages") }
        case "buttons":
            guard let buttons = object["buttons"]?.arrayValue, !buttons.isEmpty else {
                return .failure("buttons must be a non-empty array for buttons messages")
            }
            guard buttons.allSatisfy({ nonEmpty($0["text"]?.stringValue) || nonEmpty($0["title"]?.stringValue) }) else {
                return .failure("every button needs a text")
            }
            guard nonEmpty(text) else { return .failure("message (or text) is required for buttons messages") }
        case "list":
            guard let sections = object["sections"]?.arrayValue, !sections.isEmpty else {
                return .failure("sections must be a non-empty array for list messages")
            }
            guard sections.allSatisfy({ !($0["rows"]?.arrayValue ?? []).isEmpty }) else {
                return .failure("every section needs at least one row")
            }
            guard nonEmpty(text) else { return .failure("message (or text) is required for list messages") }
        case "location":
            guard object["latitude"]?.doubleValue != nil, object["longitude"]?.doubleValue != nil else {
                return .failure("latitude and longitude are required for location messages")
            }
        default:  // contact
            guard let card = object["contactCard"], nonEmpty(card["displayName"]?.stringValue),
                  nonEmpty(card["phoneNumber"]?.stringValue) else {
                return .failure("contactCard with displayName and phoneNumber is required for contact messages")
            }
        }

        var content = JSONObject()
        for (key, value) in object where !routingFields.contains(key) { content[key] = value }
        content["messageType"] = .string(type)
        if type == "audio", content["ptt"] == nil { content["ptt"] = true }
        if type == "list", content["buttonText"] == nil { content["buttonText"] = "Menu" }
        return .success(SendPayload(
            body: WasupMessageBody(to: recipient.display, chatId: recipient.chatId, messageType: type, text: text, content: content,
                                   mediaUrl: mediaUrl, mimeType: object["mimeType"]?.stringValue, fileName: object["fileName"]?.stringValue),
            typingSimulation: object["typingSimulation"]?.boolValue, delayEnabled: object["delayEnabled"]?.boolValue))
    }

    private init(body: WasupMessageBody, typingSimulation: Bool?, delayEnabled: Bool?) {
        self.body = body
        self.typingSimulation = typingSimulation
        self.delayEnabled = delayEnabled
    }
}

/// Why a send body is refused (the `error` of a 400).
struct SendPayloadError: Error, Sendable, ExpressibleByStringLiteral, ExpressibleByStringInterpolation {
    let message: String
    init(stringLiteral value: String) { message = value }
    init(stringInterpolation: DefaultStringInterpolation) { message = String(stringInterpolation: stringInterpolation) }
}
