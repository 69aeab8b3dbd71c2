import Foundation
import Logging

/// Follows outbox messages past "accepted": receipts move them from `sent` to `delivered`,
/// `read` (or `played`), or `failed` (``DeliveryRecord``), and a message still not delivered
/// ``stuckAfter`` after it was sent is reported stuck.
///
/// Receipts come from ack webhooks (``WebhookIngress`` hands every ack to ``apply(_:)`` before it
/// answers), or, for a provider whose webhooks carry none but whose history shows each sent
/// message's status, from ``pollReceipts(providers:window:)``. Apps use it through ``SwitchboardClient``
/// (``SwitchboardClient/delivery(of:)``, ``SwitchboardClient/awaitDelivery(of:timeout:)``,
/// ``SwitchboardClient/stuckMessages(limit:)``).
public final class DeliveryTracker: Sendable {
    /// How long after its send a message without a delivery receipt counts as stuck.
    public let stuckAfter: Duration

    let outbox: any OutboxStore
    let store: any DeliveryStore
    let clock: any TimeSource
    let logger: Logger
    let changed = Broadcast()

    /// Creates a tracker over the outbox's store.
    public init(outbox: any OutboxStore, store: any DeliveryStore, stuckAfter: Duration = .seconds(600),
                clock: any TimeSource = SystemTimeSource(), logger: Logger = Logger(label: "switchboard.delivery")) {
        self.outbox = outbox
        self.store = store
        self.stuckAfter = stuckAfter
        self.clock = clock
        self.logger = logger
    }

    /// Applies the receipts among `events` to the outbox messages they name; returns how many
    /// records changed. A receipt for a message the outbox did not send (sent by `send`, by the
    /// phone or by another app) changes nothing. Idempotent: a receipt applied twice changes
    /// nothing the second time.
    @discardableResult
    public func apply(_ events: [InboundEvent]) async throws(SwitchboardError) -> Int {
        var changes = 0
        for event in events {
            guard case .ack(let ack) = event.body else { continue }
            if try await apply(ack.status, to: ack.message, provider: event.provider) { changes += 1 }
        }
        return changes
    }

    /// Records that the message `id` of `provider` reached `status`; whether a record changed.
    @discardableResult
    public func apply(_ status: Ack.Status, to id: MessageID, provider: String) async throws(SwitchboardError) -> Bool {
        guard let entry = try await outbox.outboxEntry(provider: provider, messageID: id) else { return false }
        let changed = try await store.advanceDelivery(outboxID: entry.id, to: status, at: clock.now())
        if changed {
            logger.debug("delivery: outbox entry \(entry.id) is \(status)")
            self.changed.signal()
        }
        return changed
    }

    /// The receipt recorded for outbox entry `id`, if any.
    public func record(of id: Int64) async throws(SwitchboardError) -> DeliveryRecord? {
        try await store.deliveries(outboxIDs: [id])[id]
    }

    /// The receipts of several entries, by entry id (entries without one are absent).
    public func records(of ids: [Int64]) async throws(SwitchboardError) -> [Int64: DeliveryRecord] {
        guard !ids.isEmpty else { return [:] }
        return try await store.deliveries(outboxIDs: ids)
    }

    /// Entries sent more than ``stuckAfter`` ago with no delivery receipt, oldest first.
    public func stuck(limit: Int = 100) async throws(SwitchboardError) -> [OutboxEntry] {
        let ids = try await store.undeliveredOutbox(sentAfter: nil, sentBefore: clock.now().adding(.zero - stuckAfter),
                                                    unread: false, limit: limit)
        var entries: [OutboxEntry] = []
        for id in ids {
            if let entry = try await outbox.outboxEntry(id: id) { entries.append(entry) }
        }
        return entries
    }

    /// Waits until outbox entry `id` is delivered (or read, or played), or a receipt says it
    /// failed, or `timeout` passes, and returns its receipt as it then stands (`nil`: none yet).
    /// Looks again at each receipt this process applies, and at least every `pollInterval` (for
    /// receipts other replicas record).
    public func awaitDelivery(of id: Int64, timeout: Duration, pollInterval: Duration = .seconds(1)) async throws(SwitchboardError) -> DeliveryRecord? {
        guard try await outbox.outboxEntry(id: id) != nil else { throw .notFound("outbox entry \(id) does not exist") }
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: timeout)
        while true {
            let record = try await record(of: id)
            if let record, record.isDelivered || record.status == .failed { return record }
            let left = clock.now.duration(to: deadline)
            if left <= .zero || Task.isCancelled { return record }
            await changed.wait(upTo: min(left, pollInterval))
        }
    }
}
