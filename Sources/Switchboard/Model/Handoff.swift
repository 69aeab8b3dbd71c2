import Foundation

/// A chat handed off to a human: automated sends to it are refused until it is cleared.
public struct Handoff: Hashable, Sendable, Codable {
    /// The chat.
    public var chat: ChatID
    /// Since when, where known.
    public var since: Date?

    /// Creates a handoff entry.
    public init(chat: ChatID, since: Date? = nil) {
        self.chat = chat
        self.since = since
    }
}

/// How handoff ends.
public struct HandoffSettings: Hashable, Sendable, Codable {
    /// An operator message (from the phone) starting with one of these clears the chat's handoff.
    public var resumeKeywords: [String]
    /// Sent to the chat when automation resumes; `nil` or empty for a silent resume.
    public var resumeMessage: String?

    /// Creates settings.
    public init(resumeKeywords: [String] = [], resumeMessage: String? = nil) {
        self.resumeKeywords = resumeKeywords
        self.resumeMessage = resumeMessage
    }

    /// The keyword `text` starts with, if any (case-insensitive, leading spaces ignored).
    public func resumeKeyword(in text: String) -> String? {
        let trimmed = text.drop { $0.isWhitespace }.lowercased()
        return resumeKeywords.first { !$0.isEmpty && trimmed.hasPrefix($0.lowercased()) }
    }
}

/// Who is sending: automation (refused while a chat is in handoff) or a human operator.
public enum SendOrigin: String, Hashable, Sendable, Codable {
    /// A bot or an automated flow.
    case automated
    /// A person; goes through during handoff.
    case human
}
