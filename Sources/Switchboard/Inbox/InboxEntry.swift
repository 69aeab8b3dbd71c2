import Foundation

/// One inbound event in the inbox: what arrived, and how far its handling got.
public struct InboxEntry: Hashable, Sendable, Codable, Identifiable {
    /// The store's id, assigned when recorded; increasing in arrival order.
    public var id: Int64
    /// The event.
    public var event: InboundEvent
    /// The deduplication key it was recorded under.
    public var key: String
    /// The chat it belongs to (`provider/instance/chat`, or `provider/instance` for events of no
    /// chat): events of one chat are handed over in order.
    public var chatKey: String
    /// Where it stands.
    public var state: InboxState
    /// How many times a dispatcher took it.
    public var attempts: Int
    /// When it was recorded.
    public var receivedAt: Date
    /// When it may be handed over (again); only meaningful while ``InboxState/pending``.
    public var nextAttemptAt: Date
    /// Until when the dispatcher handling it holds it.
    public var leaseExpiresAt: Date?
    /// When the handler returned.
    public var handledAt: Date?
    /// The handler's last error, as text.
    public var lastError: String?

    /// Creates an entry; the store assigns ``id`` when it records it.
    public init(id: Int64 = 0, event: InboundEvent, key: String, chatKey: String? = nil, state: InboxState = .pending,
                attempts: Int = 0, receivedAt: Date, nextAttemptAt: Date? = nil, leaseExpiresAt: Date? = nil,
                handledAt: Date? = nil, lastError: String? = nil) {
        self.id = id
        self.event = event
        self.key = key
        self.chatKey = chatKey ?? Self.chatKey(of: event)
        self.state = state
        self.attempts = attempts
        self.receivedAt = receivedAt
        self.nextAttemptAt = nextAttemptAt ?? receivedAt
        self.leaseExpiresAt = leaseExpiresAt
        self.handledAt = handledAt
        self.lastError = lastError
    }

    /// `provider/instance/chat` for events of a chat, `provider/instance` otherwise.
    public static func chatKey(of event: InboundEvent) -> String {
        let base = event.provider + "/" + event.instance
        return event.chat.map { base + "/" + $0.jid } ?? base
    }
}
