import Foundation

/// A WhatsApp chat: a person, a group, a person known only by a LID, or a newsletter (channel).
///
/// The canonical text form is WhatsApp's own JID: `447700900123@c.us`, `120363041234567890@g.us`,
/// `123456789012345@lid`, `120363041234567890@newsletter`. Adapters translate it to what their
/// provider expects.
public struct ChatID: Hashable, Sendable, Codable, CustomStringConvertible {
    /// What kind of chat this is.
    public enum Kind: String, Hashable, Sendable, Codable, CaseIterable {
        /// A one-to-one chat with a phone number.
        case person
        /// A group chat.
        case group
        /// A person known by a linked identity (LID) rather than a phone number.
        case lid
        /// A newsletter (channel).
        case newsletter
    }

    /// The kind of chat.
    public let kind: Kind
    /// The part before `@`: phone digits, group id, LID or newsletter id.
    public let user: String

    /// The chat with a phone number.
    public static func person(_ phone: Phone) -> ChatID { ChatID(kind: .person, user: phone.digits) }

    /// Parses a JID (`…@c.us`, `…@s.whatsapp.net`, `…@g.us`, `…@lid`, `…@newsletter`) or a bare
    /// phone number, which means a person.
    public init(_ text: String) throws(SwitchboardError) {
        // Trimming goes through Foundation; most ids have nothing to trim (issue 17).
        let trimmed = Self.mayNeedTrimming(text) ? text.trimmingCharacters(in: .whitespaces) : text
        // `@` and `:` are searched over bytes: both are ASCII, and Character iteration was a tenth
        // of a webhook decode (issue 17).
        guard let at = trimmed.utf8.firstIndex(of: UInt8(ascii: "@")) else {
            self = .person(try Phone(trimmed))
            return
        }
        var user = trimmed[..<at]
        let rawServer = trimmed[trimmed.index(after: at)...]
        if let colon = user.utf8.firstIndex(of: UInt8(ascii: ":")) { user = user[..<colon] }
        guard !user.isEmpty, user.utf8.allSatisfy({ ($0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9")) || $0 == UInt8(ascii: "-") }) else {
            throw .invalidRequest("not a chat id: \"\(text.prefix(60))\": the part before @ must be digits")
        }
        // The server is matched by its bytes, in its usual lower case first (hashing it into a set
        // of servers was a twentieth of a Wawp decode, issue 17).
        guard let kind = Self.kind(ofServer: rawServer) ?? Self.kind(ofServer: rawServer.lowercased()[...]) else {
            throw .invalidRequest("not a chat id: \"\(text.prefix(60))\": unknown server @\(rawServer.lowercased())")
        }
        if kind == .person { self = .person(try Phone(String(user))) } else { self.init(kind: kind, user: String(user)) }
    }

    /// The kind of chat a server names, in its usual (lower-case) spelling.
    private static func kind(ofServer server: Substring) -> Kind? {
        let bytes = server.utf8
        if bytes.elementsEqual("c.us".utf8) || bytes.elementsEqual("s.whatsapp.net".utf8) { return .person }
        if bytes.elementsEqual("g.us".utf8) { return .group }
        if bytes.elementsEqual("lid".utf8) { return .lid }
        if bytes.elementsEqual("newsletter".utf8) { return .newsletter }
        return nil
    }

    /// Whether `text` may start or end with white space: false when both ends are ASCII and not
    /// a space or tab.
    private static func mayNeedTrimming(_ text: String) -> Bool {
        guard let first = text.utf8.first, let last = text.utf8.last else { return false }
        func plain(_ byte: UInt8) -> Bool { byte < 0x80 && byte != UInt8(ascii: " ") && byte != UInt8(ascii: "\t") }
        return !plain(first) || !plain(last)
    }

    private init(kind: Kind, user: String) {
        self.kind = kind
        self.user = user
    }

    /// The phone number, for a person's chat.
    public var phone: Phone? { kind == .person ? try? Phone(user) : nil }

    /// The canonical JID.
    public var jid: String {
        switch kind {
        case .person: user + "@c.us"
        case .group: user + "@g.us"
        case .lid: user + "@lid"
        case .newsletter: user + "@newsletter"
        }
    }

    public var description: String { jid }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        do { self = try ChatID(text) } catch {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: error.message))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(jid)
    }
}
