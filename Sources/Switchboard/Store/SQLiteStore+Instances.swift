import Foundation
import GRDB

extension SQLiteStore {
    /// Every stored instance, by provider name, then in listing order.
    public func instances() async throws(SwitchboardError) -> [StoredInstance] {
        try await read("reading instances") { db in
            try Row.fetchAll(db, sql: "SELECT * FROM instance ORDER BY provider, position, id").map(Self.storedInstance)
        }
    }

    /// Inserts or updates one instance; a new one goes after its provider's others.
    public func saveInstance(_ instance: Instance, at date: Date) async throws(SwitchboardError) {
        try await write("saving instance \(instance.provider)/\(instance.id)") { db in
            try Self.upsert(instance, at: date, position: nil, in: db)
        }
    }

    /// Replaces a provider's instances with a fresh listing, in listing order.
    public func replaceInstances(of provider: String, with instances: [Instance], at date: Date) async throws(SwitchboardError) {
        try await write("replacing the instances of \(provider)") { db in
            try db.execute(sql: "DELETE FROM instance WHERE provider = ?", arguments: [provider])
            for (position, instance) in instances.enumerated() {
                var instance = instance
                instance.provider = provider
                try Self.upsert(instance, at: date, position: position, in: db)
            }
        }
    }

    /// Forgets one instance; whether it was known.
    @discardableResult
    public func removeInstance(provider: String, id: String) async throws(SwitchboardError) -> Bool {
        try await write("removing instance \(provider)/\(id)") { db in
            try db.execute(sql: "DELETE FROM instance WHERE provider = ? AND id = ?", arguments: [provider, id])
            return db.changesCount > 0
        }
    }

    private static func upsert(_ instance: Instance, at date: Date, position: Int?, in db: Database) throws {
        let position = try position ?? Int.fetchOne(
            db, sql: "SELECT COALESCE(MAX(position) + 1, 0) FROM instance WHERE provider = ?",
            arguments: [instance.provider]) ?? 0
        try db.execute(sql: """
            INSERT INTO instance (provider, id, name, status, phone, updated, position)
            VALUES (?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (provider, id) DO UPDATE SET
                name = excluded.name, status = excluded.status, phone = excluded.phone, updated = excluded.updated
            """, arguments: [instance.provider, instance.id, instance.name, instance.status.rawValue,
                             instance.phone?.digits, date.storeSeconds, position])
    }

    private static func storedInstance(_ row: Row) throws -> StoredInstance {
        let statusText: String = row["status"]
        guard let status = InstanceStatus(rawValue: statusText) else {
            throw SwitchboardError.storage("store: unknown instance status \"\(statusText)\"")
        }
        let phone: String? = row["phone"]
        let instance = Instance(provider: row["provider"], id: row["id"], name: row["name"], status: status,
                                phone: try phone.map { text throws(SwitchboardError) in try Phone(text) })
        return StoredInstance(instance: instance, updated: Date(storeSeconds: row["updated"]))
    }
}
