import Foundation
import PostgresNIO
import Switchboard

extension PostgresStore {
    /// The chats in handoff, oldest first (chats without a date last, by JID).
    public func handoffs(in scope: HandoffScope) async throws(SwitchboardError) -> [Handoff] {
        try await rows("reading handoffs of \(scope)", .read, """
            SELECT chat, since FROM switchboard_handoff WHERE provider = \(scope.provider) AND instance = \(scope.instance)
            ORDER BY since ASC NULLS LAST, chat
            """).map { row throws(SwitchboardError) in try Self.handoff(row.makeRandomAccess()) }
    }

    /// The chat's handoff, if any.
    public func handoff(for chat: ChatID, in scope: HandoffScope) async throws(SwitchboardError) -> Handoff? {
        try await rows("reading the handoff of \(chat)", .read, """
            SELECT chat, since FROM switchboard_handoff
            WHERE provider = \(scope.provider) AND instance = \(scope.instance) AND chat = \(chat.jid)
            """).first.map { row throws(SwitchboardError) in try Self.handoff(row.makeRandomAccess()) }
    }

    /// Puts a chat in handoff (keeping its first `since`) or gives it back; whether anything changed.
    @discardableResult
    public func setHandoff(_ active: Bool, for chat: ChatID, in scope: HandoffScope, at date: Date) async throws(SwitchboardError) -> Bool {
        let query: PostgresQuery = active ? """
            INSERT INTO switchboard_handoff (provider, instance, chat, since)
            VALUES (\(scope.provider), \(scope.instance), \(chat.jid), \(date.storeSeconds))
            ON CONFLICT (provider, instance, chat) DO NOTHING RETURNING chat
            """ : """
            DELETE FROM switchboard_handoff
            WHERE provider = \(scope.provider) AND instance = \(scope.instance) AND chat = \(chat.jid) RETURNING chat
            """
        // Insert ON CONFLICT DO NOTHING or delete: a second run changes nothing (it may report no change).
        return try await !rows("setting the handoff of \(chat)", .idempotent, query).isEmpty
    }

    /// Replaces the instance's handoffs with `handoffs`, in one transaction.
    public func replaceHandoffs(in scope: HandoffScope, with handoffs: [Handoff]) async throws(SwitchboardError) {
        // Delete and insert of the whole set: a second run leaves the same rows.
        try await transaction("replacing the handoffs of \(scope)", .idempotent) { connection in
            try await connection.query("""
                DELETE FROM switchboard_handoff WHERE provider = \(scope.provider) AND instance = \(scope.instance)
                """, logger: self.logger)
            for handoff in handoffs {
                try await connection.query("""
                    INSERT INTO switchboard_handoff (provider, instance, chat, since)
                    VALUES (\(scope.provider), \(scope.instance), \(handoff.chat.jid), \(handoff.since?.storeSeconds))
                    ON CONFLICT (provider, instance, chat) DO UPDATE SET since = excluded.since
                    """, logger: self.logger)
            }
        }
    }

    /// Gives every chat of the instance back; how many were in handoff.
    @discardableResult
    public func clearHandoffs(in scope: HandoffScope) async throws(SwitchboardError) -> Int {
        // A delete: a second run deletes nothing more (the count may be low).
        try await rows("clearing the handoffs of \(scope)", .idempotent, """
            DELETE FROM switchboard_handoff WHERE provider = \(scope.provider) AND instance = \(scope.instance) RETURNING chat
            """).count
    }

    /// The instance's handoff rules, or empty ones.
    public func settings(in scope: HandoffScope) async throws(SwitchboardError) -> HandoffSettings {
        let row = try await rows("reading the handoff settings of \(scope)", .read, """
            SELECT settings FROM switchboard_handoff_settings WHERE provider = \(scope.provider) AND instance = \(scope.instance)
            """).first
        guard let row else { return HandoffSettings() }
        let text = try row.makeRandomAccess().value("settings", as: String.self)
        do { return try Self.decode(HandoffSettings.self, json: text) } catch {
            throw .storage("store: the handoff settings of \(scope) do not decode: \(error)")
        }
    }

    /// Replaces the instance's handoff rules.
    public func setSettings(_ settings: HandoffSettings, in scope: HandoffScope) async throws(SwitchboardError) {
        let json = try Self.json(settings)
        // An upsert of absolute values.
        try await rows("saving the handoff settings of \(scope)", .idempotent, """
            INSERT INTO switchboard_handoff_settings (provider, instance, settings) VALUES (\(scope.provider), \(scope.instance), \(json))
            ON CONFLICT (provider, instance) DO UPDATE SET settings = excluded.settings
            """)
    }

    private static func handoff(_ row: PostgresRandomAccessRow) throws(SwitchboardError) -> Handoff {
        let since = try row.value("since", as: Double?.self)
        return Handoff(chat: try ChatID(try row.value("chat", as: String.self)), since: since.map(Date.init(storeSeconds:)))
    }
}
