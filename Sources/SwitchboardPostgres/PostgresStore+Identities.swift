import Foundation
import PostgresNIO
import Switchboard

/// LIDs, instance aliases and the ids of sent messages: small maps, one row per name.
extension PostgresStore {
    /// Remembers the phone behind a LID.
    public func rememberLID(_ lid: ChatID, phone: Phone, at date: Date) async throws(SwitchboardError) {
        guard lid.kind == .lid else { throw .invalidRequest("\(lid) is not a LID (expected …@lid)") }
        // An upsert of absolute values.
        try await rows("remembering LID \(lid)", .idempotent, """
            INSERT INTO switchboard_lid (lid, phone, updated) VALUES (\(lid.user), \(phone.digits), \(date.storeSeconds))
            ON CONFLICT (lid) DO UPDATE SET phone = excluded.phone, updated = excluded.updated
            """)
    }

    /// The phone behind a LID, when known.
    public func phone(forLID lid: ChatID) async throws(SwitchboardError) -> Phone? {
        guard lid.kind == .lid else { return nil }
        let row = try await rows("looking up LID \(lid)", .read, "SELECT phone FROM switchboard_lid WHERE lid = \(lid.user)").first
        return try row.flatMap { row throws(SwitchboardError) in try? Phone(try row.makeRandomAccess().value("phone", as: String.self)) }
    }

    /// The LID most recently remembered for a phone, when known.
    public func lid(forPhone phone: Phone) async throws(SwitchboardError) -> ChatID? {
        let row = try await rows("looking up the LID of \(phone)", .read, """
            SELECT lid FROM switchboard_lid WHERE phone = \(phone.digits) ORDER BY updated DESC LIMIT 1
            """).first
        return try row.flatMap { row throws(SwitchboardError) in try? ChatID(try row.makeRandomAccess().value("lid", as: String.self) + "@lid") }
    }

    /// Remembers that `alias` names instance `id` of `provider`.
    public func rememberAlias(_ alias: String, for id: String, provider: String) async throws(SwitchboardError) {
        // An upsert of absolute values.
        try await rows("remembering alias \(alias) of \(provider)/\(id)", .idempotent, """
            INSERT INTO switchboard_instance_alias (provider, alias, instance) VALUES (\(provider), \(alias), \(id))
            ON CONFLICT (provider, alias) DO UPDATE SET instance = excluded.instance
            """)
    }

    /// The instance id `alias` names, when known.
    public func instance(forAlias alias: String, provider: String) async throws(SwitchboardError) -> String? {
        try await rows("looking up alias \(alias) of \(provider)", .read, """
            SELECT instance FROM switchboard_instance_alias WHERE provider = \(provider) AND alias = \(alias)
            """).first.map { row throws(SwitchboardError) in try row.makeRandomAccess().value("instance", as: String.self) }
    }

    /// Remembers that `provider` sent `message` from `instance`.
    public func rememberSent(_ message: MessageID, instance: String, provider: String, at date: Date) async throws(SwitchboardError) {
        // Insert guarded by its unique key (ON CONFLICT DO NOTHING).
        try await rows("remembering sent message \(message)", .idempotent, """
            INSERT INTO switchboard_sent_message (provider, message_id, instance, sent_at)
            VALUES (\(provider), \(message.comparable), \(instance), \(date.storeSeconds))
            ON CONFLICT (provider, message_id) DO NOTHING
            """)
    }

    /// Whether `provider` sent `message` (compared by ``MessageID/comparable``, so a serialized id matches too).
    public func wasSent(_ message: MessageID, provider: String) async throws(SwitchboardError) -> Bool {
        try await !rows("looking up sent message \(message)", .read, """
            SELECT 1 FROM switchboard_sent_message WHERE provider = \(provider) AND message_id = \(message.comparable)
            """).isEmpty
    }
}
