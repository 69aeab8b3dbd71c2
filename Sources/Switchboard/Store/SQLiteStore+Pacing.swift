import Foundation
import GRDB

extension SQLiteStore {
    /// Reads, changes and writes a number's ledger in one write transaction (SQLite has one writer).
    public func updatePacingLedger<T: Sendable>(for phone: Phone, _ body: @escaping @Sendable (inout PacingLedger) -> T) async throws(SwitchboardError) -> T {
        try await write("updating the pacing of \(phone)") { db in
            var ledger = try String.fetchOne(db, sql: "SELECT ledger FROM pacingLedger WHERE phone = ?", arguments: [phone.digits])
                .map { try Self.decode(PacingLedger.self, json: $0) } ?? PacingLedger(phone: phone)
            let result = body(&ledger)
            try db.execute(sql: "INSERT INTO pacingLedger (phone, ledger) VALUES (?, ?) ON CONFLICT (phone) DO UPDATE SET ledger = excluded.ledger",
                           arguments: [phone.digits, try Self.json(ledger)])
            return result
        }
    }

    /// Every number's ledger.
    public func pacingLedgers() async throws(SwitchboardError) -> [PacingLedger] {
        try await read("reading pacing") { db in
            try String.fetchAll(db, sql: "SELECT ledger FROM pacingLedger ORDER BY phone").map { try Self.decode(PacingLedger.self, json: $0) }
        }
    }

    /// Notes that a contact wrote to a number.
    public func recordConversationReply(phone: Phone, chat: String, at date: Date) async throws(SwitchboardError) {
        try await write("noting a reply to \(phone)") { db in
            try db.execute(sql: "INSERT INTO pacingReply (phone, chat, repliedAt) VALUES (?, ?, ?) ON CONFLICT DO UPDATE SET repliedAt = excluded.repliedAt",
                           arguments: [phone.digits, chat, date.storeSeconds])
        }
    }

    /// Whether a contact ever wrote to a number.
    public func hasConversationReply(phone: Phone, chat: String) async throws(SwitchboardError) -> Bool {
        try await read("reading replies to \(phone)") { db in
            try Bool.fetchOne(db, sql: "SELECT 1 FROM pacingReply WHERE phone = ? AND chat = ?", arguments: [phone.digits, chat]) ?? false
        }
    }

    /// Moves a number's queued entries due before `until` to `until`.
    public func deferOutbox(from phone: Phone, until: Date) async throws(SwitchboardError) -> Int {
        try await write("holding the outbox of \(phone)") { db in
            try db.execute(sql: "UPDATE outbox SET nextAttemptAt = ? WHERE fromPhone = ? AND state = 'queued' AND nextAttemptAt < ?",
                           arguments: [until.storeSeconds, phone.digits, until.storeSeconds])
            return db.changesCount
        }
    }
}
