import Foundation
import PostgresNIO
import Switchboard

extension PostgresStore {
    /// Reads, changes and writes a number's ledger in one transaction, its row locked
    /// (`SELECT ... FOR UPDATE`), so replicas take turns on one number.
    public func updatePacingLedger<T: Sendable>(for phone: Phone, _ body: @escaping @Sendable (inout PacingLedger) -> T) async throws(SwitchboardError) -> T {
        let digits = phone.digits
        let empty = try Self.json(PacingLedger(phone: phone))
        // A read-modify-write of the ledger: run twice, it would count a send twice (or release one
        // twice). It runs again only when abandoned before COMMIT; a lost COMMIT answer is an ambiguous error.
        return try await transaction("updating the pacing of \(phone)", .once) { connection in
            try await connection.query("""
                INSERT INTO switchboard_pacing_ledger (phone, ledger) VALUES (\(digits), \(empty)) ON CONFLICT (phone) DO NOTHING
                """, logger: self.logger)
            var text = empty
            for try await stored in try await connection.query(
                "SELECT ledger FROM switchboard_pacing_ledger WHERE phone = \(digits) FOR UPDATE", logger: self.logger).decode(String.self) {
                text = stored
            }
            var ledger = try Self.decode(PacingLedger.self, json: text)
            let result = body(&ledger)
            let updated = try Self.json(ledger)
            try await connection.query("UPDATE switchboard_pacing_ledger SET ledger = \(updated) WHERE phone = \(digits)", logger: self.logger)
            return result
        }
    }

    /// Every number's ledger.
    public func pacingLedgers() async throws(SwitchboardError) -> [PacingLedger] {
        try await rows("reading pacing", .read, "SELECT ledger FROM switchboard_pacing_ledger ORDER BY phone").map { row throws(SwitchboardError) in
            let text = try row.makeRandomAccess().value("ledger", as: String.self)
            do { return try Self.decode(PacingLedger.self, json: text) } catch {
                throw .storage("store: a pacing ledger does not decode: \(error)")
            }
        }
    }

    /// Notes that a contact wrote to a number.
    public func recordConversationReply(phone: Phone, chat: String, at date: Date) async throws(SwitchboardError) {
        // An upsert of absolute values.
        try await rows("noting a reply to \(phone)", .idempotent, """
            INSERT INTO switchboard_pacing_reply (phone, chat, replied_at) VALUES (\(phone.digits), \(chat), \(date.storeSeconds))
            ON CONFLICT (phone, chat) DO UPDATE SET replied_at = excluded.replied_at
            """)
    }

    /// Whether a contact ever wrote to a number.
    public func hasConversationReply(phone: Phone, chat: String) async throws(SwitchboardError) -> Bool {
        try await !rows("reading replies to \(phone)", .read,
                        "SELECT 1 FROM switchboard_pacing_reply WHERE phone = \(phone.digits) AND chat = \(chat)").isEmpty
    }

    /// Moves a number's queued entries due before `until` to `until`.
    public func deferOutbox(from phone: Phone, until: Date) async throws(SwitchboardError) -> Int {
        let at = until.storeSeconds
        // Moves due times to an absolute value: a second run moves nothing more.
        return try await rows("holding the outbox of \(phone)", .idempotent, """
            UPDATE switchboard_outbox SET next_attempt_at = \(at)
            WHERE from_phone = \(phone.digits) AND state = 'queued' AND next_attempt_at < \(at) RETURNING id
            """).count
    }
}
