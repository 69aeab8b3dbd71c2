import Foundation

/// One message in the ``Outbox``: what to send, from where, and what became of it.
public struct OutboxEntry: Hashable, Sendable, Codable, Identifiable {
    /// The store's id, assigned when the entry is first committed.
    public var id: Int64
    /// The caller's key: enqueuing the same key again yields this entry, not a second message.
    public var idempotencyKey: String
    /// The message.
    public var message: OutboundMessage
    /// The phone to send from, or `nil` to let the router's strategy pick an instance.
    public var from: Phone?
    /// Who is sending (automated sends respect handoff).
    public var origin: SendOrigin
    /// Where it stands.
    public var state: OutboxState
    /// How many times a dispatcher took it.
    public var attempts: Int
    /// When it was enqueued.
    public var createdAt: Date
    /// When its row last changed.
    public var updatedAt: Date
    /// When it may be tried (again); only meaningful while ``OutboxState/queued``.
    public var nextAttemptAt: Date
    /// Until when the dispatcher sending it holds it (while ``OutboxState/sending``).
    public var leaseExpiresAt: Date?
    /// The provider that sent it (or that failed ambiguously).
    public var provider: String?
    /// The instance that sent it (or that failed ambiguously).
    public var instance: String?
    /// The provider's message id, once sent.
    public var messageID: MessageID?
    /// The last failure, as text.
    public var lastError: String?
    /// The kind of the last failure.
    public var lastErrorKind: SwitchboardError.Kind?

    /// Creates an entry; the store assigns ``id`` when it inserts it.
    public init(id: Int64 = 0, idempotencyKey: String, message: OutboundMessage, from: Phone? = nil,
                origin: SendOrigin = .automated, state: OutboxState = .queued, attempts: Int = 0,
                createdAt: Date, updatedAt: Date? = nil, nextAttemptAt: Date? = nil,
                provider: String? = nil, instance: String? = nil, messageID: MessageID? = nil,
                lastError: String? = nil, lastErrorKind: SwitchboardError.Kind? = nil) {
        self.id = id
        self.idempotencyKey = idempotencyKey
        self.message = message
        self.from = from
        self.origin = origin
        self.state = state
        self.attempts = attempts
        self.createdAt = createdAt
        self.updatedAt = updatedAt ?? createdAt
        self.nextAttemptAt = nextAttemptAt ?? createdAt
        self.provider = provider
        self.instance = instance
        self.messageID = messageID
        self.lastError = lastError
        self.lastErrorKind = lastErrorKind
    }
}
