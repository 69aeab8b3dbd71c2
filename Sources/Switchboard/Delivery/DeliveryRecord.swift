import Foundation

/// How far a sent outbox message got, as the provider's receipts (ack webhooks, or the delivery
/// status in its message history) report it.
///
/// ```
/// sent (accepted by the provider) ──▶ delivered ──▶ read ──▶ played
///        └──────────────────────────▶ failed
/// ```
/// A receipt never moves a message back: a late `delivered` after `read` changes nothing, and a
/// `failed` after `delivered` is ignored.
public struct DeliveryRecord: Hashable, Sendable, Codable {
    /// The outbox entry.
    public var outboxID: Int64
    /// The furthest status reported.
    public var status: Ack.Status
    /// When that status was recorded (by the library's clock).
    public var updatedAt: Date

    /// Creates a record.
    public init(outboxID: Int64, status: Ack.Status, updatedAt: Date) {
        self.outboxID = outboxID
        self.status = status
        self.updatedAt = updatedAt
    }

    /// Whether the message reached the recipient's device (delivered, read or played).
    public var isDelivered: Bool { status == .delivered || status == .read || status == .played }
}

extension Ack.Status {
    /// The order receipts advance in: a status replaces a recorded one only when its rank is higher.
    public var deliveryRank: Int {
        switch self {
        case .sent: 1
        case .failed: 2
        case .delivered: 3
        case .read: 4
        case .played: 5
        }
    }
}

/// Where delivery receipts of outbox messages are kept (the ``DeliveryTracker``), beside the
/// outbox, so that restarts and replicas agree.
public protocol DeliveryStore: Sendable {
    /// Records that outbox entry `outboxID` reached `status`, unless a status of equal or higher
    /// ``Ack/Status/deliveryRank`` is recorded; returns whether the record changed. One transaction.
    @discardableResult
    func advanceDelivery(outboxID: Int64, to status: Ack.Status, at date: Date) async throws(SwitchboardError) -> Bool
    /// The records of these entries (entries without a receipt are absent).
    func deliveries(outboxIDs: [Int64]) async throws(SwitchboardError) -> [Int64: DeliveryRecord]
    /// Entries that became ``OutboxState/sent`` after `sentAfter` (any time when `nil`) and before
    /// `sentBefore`, with no receipt beyond `sent` (or, with `unread`, none beyond `delivered`),
    /// oldest first, at most `limit`: the stuck ones, when `sentBefore` is now less the threshold.
    func undeliveredOutbox(sentAfter: Date?, sentBefore: Date, unread: Bool, limit: Int) async throws(SwitchboardError) -> [Int64]
}

/// When the inbox last recorded an event of an instance: silence detection and reconciliation
/// start from it.
public protocol InstanceActivityStore: Sendable {
    /// When the latest event of `instance` still in the inbox was recorded (by the library's
    /// clock); `nil` when none is (none came, or all were pruned past retention).
    func lastInbound(provider: String, instance: String) async throws(SwitchboardError) -> Date?
}
