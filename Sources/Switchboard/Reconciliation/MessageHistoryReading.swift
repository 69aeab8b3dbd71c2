import Foundation

/// A provider whose message history can be read from a point in time: what reconciliation (and,
/// for providers whose webhooks carry no receipts, delivery tracking) reads.
///
/// Adapters conform when their API allows it, and say how in ``historyReading``. A provider that
/// does not conform has no such history: reconciliation skips its instances with that reason.
public protocol MessageHistoryReading: MessagingProvider {
    /// How this provider's history is read, and what it cannot do.
    var historyReading: HistoryReadingSupport { get }
    /// The messages of instance `id` since `since` (oldest first), inbound, outbound or both.
    /// ``HistoryRead/complete`` is `false` when the provider's paging stopped short of `since`.
    func history(_ id: String, since: Date, direction: HistoryDirection) async throws(SwitchboardError) -> HistoryRead
}

/// Which messages a history read returns.
public enum HistoryDirection: String, Hashable, Sendable, Codable {
    /// Received messages.
    case inbound
    /// Messages the instance sent (through the API or from the phone).
    case outbound
    /// Both.
    case both
}

/// How a provider's history is read: a declared capability, shown by `switchboard reconcile`.
public struct HistoryReadingSupport: Hashable, Sendable, Codable {
    /// Whether the history of every chat is read at once (`false`: chat by chat).
    public var acrossChats: Bool
    /// Whether outbound messages carry their delivery status (so receipts can be read from history).
    public var receipts: Bool
    /// How the provider pages, and where that stops a read short.
    public var paging: String

    /// Creates a description.
    public init(acrossChats: Bool, receipts: Bool, paging: String) {
        self.acrossChats = acrossChats
        self.receipts = receipts
        self.paging = paging
    }
}

/// One message read from history, with the delivery status the provider shows for it.
public struct HistoryMessage: Hashable, Sendable, Codable {
    /// The message, in the same neutral form its webhook would have had.
    public var message: Message
    /// The delivery status of an outbound message, where the history shows one.
    public var receipt: Ack.Status?

    /// Creates an entry.
    public init(message: Message, receipt: Ack.Status? = nil) {
        self.message = message
        self.receipt = receipt
    }
}

/// The result of one history read.
public struct HistoryRead: Hashable, Sendable, Codable {
    /// The messages, oldest first.
    public var messages: [HistoryMessage]
    /// Whether every message since the asked time was read.
    public var complete: Bool
    /// Why the read is incomplete, when it is.
    public var note: String?

    /// Creates a read.
    public init(messages: [HistoryMessage], complete: Bool = true, note: String? = nil) {
        self.messages = messages
        self.complete = complete
        self.note = note
    }
}
