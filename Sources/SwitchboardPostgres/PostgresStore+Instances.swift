import Foundation
import PostgresNIO
import Switchboard

extension PostgresStore {
    /// Every stored instance, by provider name, then in listing order.
    public func instances() async throws(SwitchboardError) -> [StoredInstance] {
        try await rows("reading instances", .read, "SELECT * FROM switchboard_instance ORDER BY provider, position, id")
            .map { row throws(SwitchboardError) in try Self.storedInstance(row.makeRandomAccess()) }
    }

    /// Inserts or updates one instance; a new one goes after its provider's others.
    public func saveInstance(_ instance: Instance, at date: Date) async throws(SwitchboardError) {
        // An upsert (an update keeps its position).
        try await rows("saving instance \(instance.provider)/\(instance.id)", .idempotent, Self.upsert(instance, at: date, position: nil))
    }

    /// Replaces a provider's instances with a fresh listing, in listing order, in one transaction.
    public func replaceInstances(of provider: String, with instances: [Instance], at date: Date) async throws(SwitchboardError) {
        // Delete and insert of the whole listing: a second run leaves the same rows.
        try await transaction("replacing the instances of \(provider)", .idempotent) { connection in
            try await connection.query("DELETE FROM switchboard_instance WHERE provider = \(provider)", logger: self.logger)
            for (position, instance) in instances.enumerated() {
                var instance = instance
                instance.provider = provider
                try await connection.query(Self.upsert(instance, at: date, position: position), logger: self.logger)
            }
        }
    }

    /// Forgets one instance; whether it was known.
    @discardableResult
    public func removeInstance(provider: String, id: String) async throws(SwitchboardError) -> Bool {
        // A delete (a second run may report it unknown).
        try await !rows("removing instance \(provider)/\(id)", .idempotent,
                        "DELETE FROM switchboard_instance WHERE provider = \(provider) AND id = \(id) RETURNING id").isEmpty
    }

    private static func upsert(_ instance: Instance, at date: Date, position: Int?) -> PostgresQuery {
        let phone = instance.phone?.digits
        // A new instance without a position goes after its provider's others; an update keeps its place.
        return """
            INSERT INTO switchboard_instance (provider, id, name, status, phone, updated, position)
            VALUES (\(instance.provider), \(instance.id), \(instance.name), \(instance.status.rawValue), \(phone),
                    \(date.storeSeconds),
                    COALESCE(\(position), (SELECT COALESCE(MAX(position) + 1, 0) FROM switchboard_instance
                                           WHERE provider = \(instance.provider))))
            ON CONFLICT (provider, id) DO UPDATE SET
                name = excluded.name, status = excluded.status, phone = excluded.phone, updated = excluded.updated
            """
    }

    private static func storedInstance(_ row: PostgresRandomAccessRow) throws(SwitchboardError) -> StoredInstance {
        let statusText = try row.value("status", as: String.self)
        guard let status = InstanceStatus(rawValue: statusText) else {
            throw .storage("store: unknown instance status \"\(statusText)\"")
        }
        let phone = try row.value("phone", as: String?.self)
        let instance = Instance(provider: try row.value("provider"), id: try row.value("id"), name: try row.value("name"),
                                status: status, phone: try phone.map { text throws(SwitchboardError) in try Phone(text) })
        return StoredInstance(instance: instance, updated: Date(storeSeconds: try row.value("updated")))
    }
}
