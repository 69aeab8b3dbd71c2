import Foundation
import GRDB

/// Instance aliases (WAHA session names) and the ids of sent messages, kept across restarts.
extension SQLiteStore {
    /// Remembers that `alias` names instance `id` of `provider`.
    public func rememberAlias(_ alias: String, for id: String, provider: String) async throws(SwitchboardError) {
        try await write("remembering alias \(alias)") { db in
            try db.execute(sql: """
                INSERT INTO alias (provider, alias, instance) VALUES (?, ?, ?)
                ON CONFLICT (provider, alias) DO UPDATE SET instance = excluded.instance
                """, arguments: [provider, alias, id])
        }
    }

    /// The instance `alias` names, when known.
    public func instance(forAlias alias: String, provider: String) async throws(SwitchboardError) -> String? {
        try await read("looking up alias \(alias)") { db in
            try String.fetchOne(db, sql: "SELECT instance FROM alias WHERE provider = ? AND alias = ?",
                                arguments: [provider, alias])
        }
    }

    /// Remembers a message the library sent.
    public func rememberSent(_ message: MessageID, instance: String, provider: String, at date: Date) async throws(SwitchboardError) {
        try await write("remembering sent message \(message)") { db in
            try db.execute(sql: """
                INSERT INTO sentMessage (provider, message, instance, sentAt) VALUES (?, ?, ?, ?)
                ON CONFLICT (provider, message) DO NOTHING
                """, arguments: [provider, message.comparable, instance, date.storeSeconds])
        }
    }

    /// Whether the library sent `message` through `provider`.
    public func wasSent(_ message: MessageID, provider: String) async throws(SwitchboardError) -> Bool {
        try await read("looking up sent message \(message)") { db in
            try Bool.fetchOne(db, sql: "SELECT 1 FROM sentMessage WHERE provider = ? AND message = ?",
                              arguments: [provider, message.comparable]) ?? false
        }
    }
}
