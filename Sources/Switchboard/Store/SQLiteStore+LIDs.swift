import Foundation
import GRDB

extension SQLiteStore {
    /// Remembers the phone behind a LID.
    public func rememberLID(_ lid: ChatID, phone: Phone, at date: Date) async throws(SwitchboardError) {
        guard lid.kind == .lid else { throw .invalidRequest("\(lid) is not a LID (expected …@lid)") }
        try await write("remembering LID \(lid)") { db in
            try db.execute(sql: """
                INSERT INTO lid (lid, phone, updated) VALUES (?, ?, ?)
                ON CONFLICT (lid) DO UPDATE SET phone = excluded.phone, updated = excluded.updated
                """, arguments: [lid.user, phone.digits, date.storeSeconds])
        }
    }

    /// The phone behind a LID, when known.
    public func phone(forLID lid: ChatID) async throws(SwitchboardError) -> Phone? {
        guard lid.kind == .lid else { return nil }
        let digits = try await read("looking up LID \(lid)") { db in
            try String.fetchOne(db, sql: "SELECT phone FROM lid WHERE lid = ?", arguments: [lid.user])
        }
        return digits.flatMap { try? Phone($0) }
    }

    /// The LID most recently remembered for a phone, when known.
    public func lid(forPhone phone: Phone) async throws(SwitchboardError) -> ChatID? {
        let user = try await read("looking up the LID of \(phone)") { db in
            try String.fetchOne(db, sql: "SELECT lid FROM lid WHERE phone = ? ORDER BY updated DESC LIMIT 1",
                                arguments: [phone.digits])
        }
        return user.flatMap { try? ChatID($0 + "@lid") }
    }
}
