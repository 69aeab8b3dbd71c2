import Foundation
import GRDB

/// Handoff state on disk: the source of truth of the send guard, shared by every process on the file.
extension SQLiteStore {
    /// The chats in handoff, oldest first (chats without a date last, by JID).
    public func handoffs(in scope: HandoffScope) async throws(SwitchboardError) -> [Handoff] {
        try await read("reading handoffs of \(scope)") { db in
            try Row.fetchAll(db, sql: """
                SELECT chat, since FROM handoff WHERE provider = ? AND instance = ?
                ORDER BY since IS NULL, since, chat
                """, arguments: [scope.provider, scope.instance]).map(Self.handoff)
        }
    }

    /// The chat's handoff, if any.
    public func handoff(for chat: ChatID, in scope: HandoffScope) async throws(SwitchboardError) -> Handoff? {
        // Every automated send reads this: a cached statement, compiled once per connection, read on
        // this thread when an inline connection is free (see `InlineReaders`), else through the pool.
        let query: @Sendable (Database) throws -> Handoff? = { db in
            try Row.fetchOne(db.cachedStatement(sql: "SELECT chat, since FROM handoff WHERE provider = ? AND instance = ? AND chat = ?"),
                             arguments: [scope.provider, scope.instance, chat.jid]).map(Self.handoff)
        }
        try checkOpen()
        if let inline = inlineReaders?.read(query) { return inline }
        return try await read("reading the handoff of \(chat)", query)
    }

    /// Puts a chat in handoff (keeping its first `since`) or gives it back; whether anything changed.
    @discardableResult
    public func setHandoff(_ active: Bool, for chat: ChatID, in scope: HandoffScope, at date: Date) async throws(SwitchboardError) -> Bool {
        try await write("setting the handoff of \(chat)") { db in
            if active {
                try db.execute(sql: """
                    INSERT INTO handoff (provider, instance, chat, since) VALUES (?, ?, ?, ?)
                    ON CONFLICT (provider, instance, chat) DO NOTHING
                    """, arguments: [scope.provider, scope.instance, chat.jid, date.storeSeconds])
            } else {
                try db.execute(sql: "DELETE FROM handoff WHERE provider = ? AND instance = ? AND chat = ?",
                               arguments: [scope.provider, scope.instance, chat.jid])
            }
            return db.changesCount > 0
        }
    }

    /// Replaces the instance's handoffs with a provider's list.
    public func replaceHandoffs(in scope: HandoffScope, with handoffs: [Handoff]) async throws(SwitchboardError) {
        try await write("replacing the handoffs of \(scope)") { db in
            try db.execute(sql: "DELETE FROM handoff WHERE provider = ? AND instance = ?",
                           arguments: [scope.provider, scope.instance])
            for handoff in handoffs {
                try db.execute(sql: """
                    INSERT INTO handoff (provider, instance, chat, since) VALUES (?, ?, ?, ?)
                    ON CONFLICT (provider, instance, chat) DO NOTHING
                    """, arguments: [scope.provider, scope.instance, handoff.chat.jid, handoff.since?.storeSeconds])
            }
        }
    }

    /// Gives every chat of the instance back; how many were in handoff.
    @discardableResult
    public func clearHandoffs(in scope: HandoffScope) async throws(SwitchboardError) -> Int {
        try await write("clearing the handoffs of \(scope)") { db in
            try db.execute(sql: "DELETE FROM handoff WHERE provider = ? AND instance = ?",
                           arguments: [scope.provider, scope.instance])
            return db.changesCount
        }
    }

    /// The instance's handoff rules, or empty ones.
    public func settings(in scope: HandoffScope) async throws(SwitchboardError) -> HandoffSettings {
        try await read("reading the handoff settings of \(scope)") { db in
            let text = try String.fetchOne(db, sql: "SELECT settings FROM handoffSettings WHERE provider = ? AND instance = ?",
                                           arguments: [scope.provider, scope.instance])
            return try text.map { try Self.decode(HandoffSettings.self, json: $0) } ?? HandoffSettings()
        }
    }

    /// Replaces the instance's handoff rules.
    public func setSettings(_ settings: HandoffSettings, in scope: HandoffScope) async throws(SwitchboardError) {
        try await write("saving the handoff settings of \(scope)") { db in
            try db.execute(sql: """
                INSERT INTO handoffSettings (provider, instance, settings) VALUES (?, ?, ?)
                ON CONFLICT (provider, instance) DO UPDATE SET settings = excluded.settings
                """, arguments: [scope.provider, scope.instance, try Self.json(settings)])
        }
    }

    private static func handoff(_ row: Row) throws -> Handoff {
        let since: Double? = row["since"]
        return Handoff(chat: try ChatID(row["chat"] as String), since: since.map(Date.init(storeSeconds:)))
    }
}
