/// The seven keys of a `GET /__emulator/instances/{id}/sent` entry that the harness contract
/// (Conformance/README.md) promises: `to`, `type`, `text`, `mediaUrl`, `messageId`, `replyTo`,
/// `reaction`, every one present, `null` where it does not apply. An emulator builds its entries
/// here and may add extras of its own; the contract keys win over an extra of the same name.
public struct SentEntryFields: Sendable {
    /// The recipient, as the provider names it (phone digits or a chat id).
    public var to: String?
    /// What was delivered (`text`, `image`, ..., `reaction`).
    public var type: String?
    /// Every human-readable string the recipient sees, in order; joined by newlines.
    public var text: [String?]
    /// The media's URL.
    public var mediaUrl: String?
    /// The id in the form the provider's send answer gives it.
    public var messageId: String?
    /// The id of the quoted message.
    public var replyTo: String?
    /// For a reaction: the emoji (empty when removed) and the message reacted to.
    public var reaction: (emoji: String, messageId: String?)?

    /// Creates the fields.
    public init(to: String?, type: String?, text: [String?] = [], mediaUrl: String? = nil, messageId: String? = nil,
                replyTo: String? = nil, reaction: (emoji: String, messageId: String?)? = nil) {
        self.to = to
        self.type = type
        self.text = text
        self.mediaUrl = mediaUrl
        self.messageId = messageId
        self.replyTo = replyTo
        self.reaction = reaction
    }

    /// The entry: `extras` with the seven contract keys set over them.
    public func entry(extras: JSONObject = [:]) -> JSONValue {
        var seen = Set<String>()
        let lines = text.compactMap { $0 }.filter { !$0.isEmpty && seen.insert($0).inserted }
        var object = extras
        object["to"] = JSONValue(to)
        object["type"] = JSONValue(type)
        object["text"] = lines.isEmpty ? .null : .string(lines.joined(separator: "\n"))
        object["mediaUrl"] = JSONValue(mediaUrl)
        object["messageId"] = JSONValue(messageId)
        object["replyTo"] = JSONValue(replyTo)
        object["reaction"] = reaction.map { ["emoji": .string($0.emoji), "messageId": JSONValue($0.messageId)] } ?? .null
        return .object(object)
    }

    /// Every string under one of `keys` anywhere in `value`, depth first in document order
    /// (titles, options and rows of lists and polls; names and numbers of contact cards).
    public static func readable(_ value: JSONValue?, keys: Set<String>) -> [String] {
        switch value {
        case .object(let object)?:
            return object.flatMap { key, member -> [String] in
                if keys.contains(key), case .string(let text) = member { return [text] }
                if keys.contains(key), case .array(let items) = member, items.allSatisfy({ $0.stringValue != nil }) {
                    return items.compactMap(\.stringValue)
                }
                return readable(member, keys: keys)
            }
        case .array(let items)?:
            return items.flatMap { readable($0, keys: keys) }
        default:
            return []
        }
    }
}
