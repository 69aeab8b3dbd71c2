import Switchboard

/// One entry of the harness's `GET /__emulator/instances/{id}/sent`: what the instance delivered
/// to WhatsApp, as the phone's side saw it. The harness contract (Conformance/README.md) promises
/// exactly these seven keys on every entry, `null` where one does not apply; anything else an
/// entry carries is an extra no case relies on.
public struct SentEntry: Hashable, Sendable, CustomStringConvertible {
    /// The seven keys every entry carries.
    public static let keys = ["to", "type", "text", "mediaUrl", "messageId", "replyTo", "reaction"]

    /// The recipient: a phone number or a chat id (`447700900456`, `447700900456@c.us`).
    public var to: String?
    /// What was delivered: `text`, `image`, `video`, `audio`, `voice`, `document`, `location`,
    /// `contact`, `buttons`, `list`, `poll`, `link-preview`, `reaction`, or a provider's own word.
    public var type: String?
    /// Every human-readable string the recipient sees, joined by newlines.
    public var text: String?
    /// The media's URL, for media.
    public var mediaUrl: String?
    /// The message's id in the form the provider's send answer gave it (compare with
    /// ``ConformanceIDs/same(_:_:)``, never as strings).
    public var messageId: String?
    /// The id of the message this one quotes.
    public var replyTo: String?
    /// For a reaction: the emoji (empty when removed) and the id of the message reacted to.
    public var reaction: Reaction?

    /// A reaction entry's content.
    public struct Reaction: Hashable, Sendable {
        /// The emoji; empty when the reaction was removed.
        public var emoji: String
        /// The message reacted to.
        public var messageId: String?
    }

    /// Reads an entry; throws ``ConformanceFailure`` naming the missing keys when it breaks the contract.
    public init(json: HarnessJSON) throws {
        guard case .object(let object) = json else { throw ConformanceFailure("a sent entry is not a JSON object: \(json)") }
        let missing = Self.keys.filter { object[$0] == nil }
        guard missing.isEmpty else {
            throw ConformanceFailure("the harness broke its contract: a sent entry lacks \(missing.joined(separator: ", ")) (keys: \(object.keys.sorted()))")
        }
        to = object["to"]?.string
        type = object["type"]?.string
        text = object["text"]?.string
        mediaUrl = object["mediaUrl"]?.string
        messageId = object["messageId"]?.string
        replyTo = object["replyTo"]?.string
        if let reaction = object["reaction"], case .object = reaction {
            self.reaction = Reaction(emoji: reaction["emoji"]?.string ?? "", messageId: reaction["messageId"]?.string)
        } else {
            reaction = nil
        }
    }

    /// Whether the entry went to `phone` (the recipient's digits, before any `@` suffix).
    public func isTo(_ phone: Phone) -> Bool {
        guard let to else { return false }
        return String(to.prefix { $0 != "@" }).filter(\.isNumber) == phone.digits
    }

    /// Whether ``text`` contains `fragment`.
    public func shows(_ fragment: String) -> Bool { text?.contains(fragment) == true }

    /// The fields, for failure messages.
    public var description: String {
        "{to: \(to ?? "null"), type: \(type ?? "null"), text: \(text.map { "\"\($0.prefix(120))\"" } ?? "null"), "
            + "mediaUrl: \(mediaUrl ?? "null"), messageId: \(messageId ?? "null"), replyTo: \(replyTo ?? "null"), "
            + "reaction: \(reaction.map { "\($0.emoji) on \($0.messageId ?? "null")" } ?? "null")}"
    }
}

/// Message ids compared as ids: one message may be named in a short form (`3EB0C767D2A1`) or a
/// serialized one (`true_447700900456@c.us_3EB0C767D2A1`), so string equality is not the test.
public enum ConformanceIDs {
    /// Whether `lhs` and `rhs` name the same message.
    public static func same(_ lhs: String?, _ rhs: String?) -> Bool {
        guard let lhs, let rhs, !lhs.isEmpty, !rhs.isEmpty else { return false }
        return lhs == rhs || bare(lhs) == bare(rhs)
    }

    /// The short id inside a serialized one (`true_<chat>_<id>`, and in groups
    /// `false_<chat>_<id>_<participant>`), or the id itself.
    public static func bare(_ id: String) -> String {
        let parts = id.split(separator: "_", omittingEmptySubsequences: false)
        guard parts.count >= 3, parts[0] == "true" || parts[0] == "false", parts[1].contains("@") else { return id }
        return String(parts.count >= 4 && parts[parts.count - 1].contains("@") ? parts[parts.count - 2] : parts[parts.count - 1])
    }
}
