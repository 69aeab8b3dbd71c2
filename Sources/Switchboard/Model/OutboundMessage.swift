/// A message to send: who to, what, and how.
public struct OutboundMessage: Hashable, Sendable, Codable {
    /// The chat to send to.
    public var to: ChatID
    /// What to send.
    public var content: OutboundContent
    /// The message this one replies to (quotes), if any.
    public var replyTo: MessageID?
    /// Show "typing…" before sending, to look human.
    public var typing: TypingHint?
    /// Whether the adapter may send something close to `content` when its provider cannot send it
    /// exactly (buttons as a numbered text list, for instance). The result says what was degraded.
    public var allowsDegradation: Bool

    /// Creates a message.
    public init(to: ChatID, content: OutboundContent, replyTo: MessageID? = nil,
                typing: TypingHint? = nil, allowsDegradation: Bool = false) {
        self.to = to
        self.content = content
        self.replyTo = replyTo
        self.typing = typing
        self.allowsDegradation = allowsDegradation
    }

    /// A plain text message.
    public static func text(_ text: String, to: ChatID, replyTo: MessageID? = nil) -> OutboundMessage {
        OutboundMessage(to: to, content: .text(text), replyTo: replyTo)
    }
}

/// A hint to show the chat as "typing…" for a while before the message goes out.
public struct TypingHint: Hashable, Sendable, Codable {
    /// How long to show typing, in milliseconds.
    public var milliseconds: Int

    /// Creates a hint.
    public init(milliseconds: Int) { self.milliseconds = max(0, milliseconds) }
}
