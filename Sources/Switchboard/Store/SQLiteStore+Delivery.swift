import Foundation
import GRDB

/// Delivery receipts of outbox messages, and when each instance's last event came (issue 18).
extension SQLiteStore {
    /// Records a receipt unless one of equal or higher rank is recorded.
    @discardableResult
    public func advanceDelivery(outboxID: Int64, to status: Ack.Status, at date: Date) async throws(SwitchboardError) -> Bool {
        try await write("recording receipt \(status) of outbox entry \(outboxID)") { db in
            try db.execute(sql: """
                INSERT INTO delivery (outboxId, status, rank, updatedAt)
                SELECT id, ?, ?, ? FROM outbox WHERE id = ?
                ON CONFLICT (outboxId) DO UPDATE SET status = excluded.status, rank = excluded.rank, updatedAt = excluded.updatedAt
                WHERE excluded.rank > delivery.rank
                """, arguments: [status.rawValue, status.deliveryRank, date.storeSeconds, outboxID])
            return db.changesCount > 0
        }
    }

    /// The receipts of these entries.
    public func deliveries(outboxIDs: [Int64]) async throws(SwitchboardError) -> [Int64: DeliveryRecord] {
        guard !outboxIDs.isEmpty else { return [:] }
        return try await read("reading receipts") { db in
            var records: [Int64: DeliveryRecord] = [:]
            for chunk in stride(from: 0, to: outboxIDs.count, by: 500) {
                let ids = Array(outboxIDs[chunk..<min(outboxIDs.count, chunk + 500)])
                let marks = Array(repeating: "?", count: ids.count).joined(separator: ", ")
                for row in try Row.fetchAll(db, sql: "SELECT outboxId, status, updatedAt FROM delivery WHERE outboxId IN (\(marks))",
                                            arguments: StatementArguments(ids)) {
                    guard let status = Ack.Status(rawValue: row["status"]) else { continue }
                    let id: Int64 = row["outboxId"]
                    records[id] = DeliveryRecord(outboxID: id, status: status, updatedAt: Date(storeSeconds: row["updatedAt"]))
                }
            }
            return records
        }
    }

    /// Sent entries between the times with no receipt beyond `sent` (`delivered` when `unread`).
    public func undeliveredOutbox(sentAfter: Date?, sentBefore: Date, unread: Bool, limit: Int) async throws(SwitchboardError) -> [Int64] {
        try await read("listing undelivered outbox entries") { db in
            try Int64.fetchAll(db, sql: """
                SELECT o.id FROM outbox o LEFT JOIN delivery d ON d.outboxId = o.id
                WHERE o.state = 'sent' AND o.updatedAt < ? AND o.updatedAt > ? AND (d.outboxId IS NULL OR d.status = 'sent' OR (? AND d.status = 'delivered'))
                ORDER BY o.updatedAt, o.id LIMIT ?
                """, arguments: [sentBefore.storeSeconds, (sentAfter ?? .distantPast).storeSeconds, unread, max(0, limit)])
        }
    }

    /// When the latest event of `instance` in the inbox was recorded.
    public func lastInbound(provider: String, instance: String) async throws(SwitchboardError) -> Date? {
        let base = provider + "/" + instance
        return try await read("reading the last event of \(base)") { db in
            // `base/...` sorts between `base/` and `base0` ('0' follows '/'), so the index serves both.
            try Double.fetchOne(db, sql: """
                SELECT MAX(receivedAt) FROM inbox WHERE chatKey = ? OR (chatKey >= ? AND chatKey < ?)
                """, arguments: [base, base + "/", base + "0"]).map(Date.init(storeSeconds:))
        }
    }
}
