import Foundation
import PostgresNIO
import Switchboard

/// Delivery receipts of outbox messages, and when each instance's last event came (issue 18).
extension PostgresStore {
    /// Records a receipt unless one of equal or higher rank is recorded.
    @discardableResult
    public func advanceDelivery(outboxID: Int64, to status: Ack.Status, at date: Date) async throws(SwitchboardError) -> Bool {
        // An upsert guarded by rank: a second run changes nothing (it may report no change).
        try await !rows("recording receipt \(status.rawValue) of outbox entry \(outboxID)", .idempotent, """
            INSERT INTO switchboard_delivery (outbox_id, status, rank, updated_at)
            SELECT id, \(status.rawValue), \(status.deliveryRank), \(date.storeSeconds) FROM switchboard_outbox WHERE id = \(outboxID)
            ON CONFLICT (outbox_id) DO UPDATE SET status = excluded.status, rank = excluded.rank, updated_at = excluded.updated_at
            WHERE excluded.rank > switchboard_delivery.rank
            RETURNING outbox_id
            """).isEmpty
    }

    /// The receipts of these entries.
    public func deliveries(outboxIDs: [Int64]) async throws(SwitchboardError) -> [Int64: DeliveryRecord] {
        guard !outboxIDs.isEmpty else { return [:] }
        var records: [Int64: DeliveryRecord] = [:]
        for row in try await rows("reading receipts", .read, """
            SELECT outbox_id, status, updated_at FROM switchboard_delivery WHERE outbox_id = ANY(\(outboxIDs))
            """) {
            do {
                let (id, status, updated) = try row.decode((Int64, String, Double).self)
                guard let status = Ack.Status(rawValue: status) else { continue }
                records[id] = DeliveryRecord(outboxID: id, status: status, updatedAt: Date(storeSeconds: updated))
            } catch {
                throw .storage("store: reading receipts failed: \(error)")
            }
        }
        return records
    }

    /// Sent entries between the times with no receipt beyond `sent` (`delivered` when `unread`).
    public func undeliveredOutbox(sentAfter: Date?, sentBefore: Date, unread: Bool, limit: Int) async throws(SwitchboardError) -> [Int64] {
        var ids: [Int64] = []
        for row in try await rows("listing undelivered outbox entries", .read, """
            SELECT o.id FROM switchboard_outbox o LEFT JOIN switchboard_delivery d ON d.outbox_id = o.id
            WHERE o.state = 'sent' AND o.updated_at < \(sentBefore.storeSeconds)
              AND o.updated_at > \((sentAfter ?? .distantPast).storeSeconds) AND (d.outbox_id IS NULL OR d.status = 'sent' OR (\(unread) AND d.status = 'delivered'))
            ORDER BY o.updated_at, o.id LIMIT \(max(0, limit))
            """) {
            do { ids.append(try row.decode(Int64.self)) } catch { throw .storage("store: listing undelivered outbox entries failed: \(error)") }
        }
        return ids
    }

    /// When the latest event of `instance` in the inbox was recorded.
    public func lastInbound(provider: String, instance: String) async throws(SwitchboardError) -> Date? {
        let base = provider + "/" + instance
        // `base/...` sorts between `base/` and `base0` ('0' follows '/') in byte order.
        let row = try await rows("reading the last event of \(base)", .read, """
            SELECT MAX(received_at) FROM switchboard_inbox
            WHERE chat_key = \(base) OR (chat_key COLLATE "C" >= \(base + "/") AND chat_key COLLATE "C" < \(base + "0"))
            """).first
        do {
            return try row?.decode(Double?.self).map(Date.init(storeSeconds:))
        } catch {
            throw .storage("store: reading the last event of \(base) failed: \(error)")
        }
    }
}
