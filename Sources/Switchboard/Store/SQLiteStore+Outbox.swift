import Foundation
import GRDB

extension SQLiteStore {
    /// Inserts unless the idempotency key is known; the stored entry and whether it is new.
    public func insertOutbox(_ entry: OutboxEntry) async throws(SwitchboardError) -> (entry: OutboxEntry, inserted: Bool) {
        try await insertOutbox(contentsOf: [entry])[0]
    }

    /// Inserts several entries in one transaction, with the entries enqueued at the same moment (a
    /// group commit); returns once they are committed.
    public func insertOutbox(contentsOf entries: [OutboxEntry]) async throws(SwitchboardError) -> [(entry: OutboxEntry, inserted: Bool)] {
        guard !entries.isEmpty else { return [] }
        try checkOpen()
        let rows = try entries.map { entry throws(SwitchboardError) in OutboxRow(entry: entry, message: try Self.encodedMessage(entry.message)) }
        return try await outboxCommits.submit(rows)
    }

    /// An entry to insert: the entry and its message's JSON.
    struct OutboxRow: Sendable {
        let entry: OutboxEntry
        let message: String
    }

    /// Inserts batches of entries in order, in the caller's transaction; per batch, per entry, the
    /// stored entry and whether it is new (a key used before, by an earlier entry of the batch too, is not).
    static func insertOutbox(_ batches: [[OutboxRow]], in db: Database) throws -> [[(entry: OutboxEntry, inserted: Bool)]] {
        let insert = try db.cachedStatement(sql: """
            INSERT INTO outbox (idempotencyKey, message, fromPhone, origin, state, attempts, createdAt,
                                updatedAt, nextAttemptAt, provider, instance, messageId, lastError, lastErrorKind)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (idempotencyKey) DO NOTHING
            """)
        return try batches.map { rows in
            var results: [(entry: OutboxEntry, inserted: Bool)] = []
            results.reserveCapacity(rows.count)
            for row in rows {
                let entry = row.entry
                try insert.execute(arguments: [
                    entry.idempotencyKey, row.message, entry.from?.digits, entry.origin.rawValue, entry.state.rawValue,
                    entry.attempts, entry.createdAt.storeSeconds, entry.updatedAt.storeSeconds,
                    entry.nextAttemptAt.storeSeconds, entry.provider, entry.instance, entry.messageID?.rawValue,
                    entry.lastError, entry.lastErrorKind?.rawValue])
                if db.changesCount == 1 {
                    var stored = entry
                    stored.id = db.lastInsertedRowID
                    results.append((stored, true))
                } else if let existing = try outboxEntry(where: "idempotencyKey = ?", [entry.idempotencyKey], in: db) {
                    results.append((existing, false))
                } else {
                    throw SwitchboardError.storage("store: the entry for \(entry.idempotencyKey) is neither new nor stored")
                }
            }
            return results
        }
    }

    /// Takes the entry due first and marks it sending under a lease, in one write transaction.
    public func claimNextDue(at now: Date, leaseUntil: Date) async throws(SwitchboardError) -> OutboxEntry? {
        try await write("claiming the next outbox entry") { db in
            guard var entry = try Self.outboxEntry(
                where: "state = 'queued' AND nextAttemptAt <= ? ORDER BY nextAttemptAt, id LIMIT 1",
                [now.storeSeconds], in: db) else { return nil }
            entry.state = .sending
            entry.attempts += 1
            entry.updatedAt = now
            entry.leaseExpiresAt = leaseUntil
            try db.cachedStatement(sql: "UPDATE outbox SET state = 'sending', attempts = ?, updatedAt = ?, leaseExpiresAt = ? WHERE id = ?")
                .execute(arguments: [entry.attempts, now.storeSeconds, leaseUntil.storeSeconds, entry.id])
            return entry
        }
    }

    /// Writes an entry's mutable fields back.
    public func updateOutbox(_ entry: OutboxEntry) async throws(SwitchboardError) {
        try await write("updating outbox entry \(entry.id)") { db in
            try db.cachedStatement(sql: """
                UPDATE outbox SET state = ?, attempts = ?, updatedAt = ?, nextAttemptAt = ?, provider = ?,
                                  instance = ?, messageId = ?, lastError = ?, lastErrorKind = ?, leaseExpiresAt = ?
                WHERE id = ?
                """).execute(arguments: [
                    entry.state.rawValue, entry.attempts, entry.updatedAt.storeSeconds, entry.nextAttemptAt.storeSeconds,
                    entry.provider, entry.instance, entry.messageID?.rawValue, entry.lastError,
                    entry.lastErrorKind?.rawValue, entry.leaseExpiresAt?.storeSeconds, entry.id])
        }
    }

    /// Entries in a state (or all), oldest first.
    public func outboxEntries(state: OutboxState?, limit: Int) async throws(SwitchboardError) -> [OutboxEntry] {
        try await read("reading the outbox") { db in
            if let state {
                try Self.outboxEntries(where: "state = ? ORDER BY id LIMIT ?", [state.rawValue, limit], in: db)
            } else {
                try Self.outboxEntries(where: "1 ORDER BY id LIMIT ?", [limit], in: db)
            }
        }
    }

    /// One entry by id.
    public func outboxEntry(id: Int64) async throws(SwitchboardError) -> OutboxEntry? {
        try await read("reading outbox entry \(id)") { db in try Self.outboxEntry(where: "id = ?", [id], in: db) }
    }

    /// One entry by idempotency key.
    public func outboxEntry(idempotencyKey: String) async throws(SwitchboardError) -> OutboxEntry? {
        try await read("reading outbox entry \(idempotencyKey)") { db in
            try Self.outboxEntry(where: "idempotencyKey = ?", [idempotencyKey], in: db)
        }
    }

    /// The entry that sent a provider's message, compared by id (short or serialized form).
    public func outboxEntry(provider: String, messageID: MessageID) async throws(SwitchboardError) -> OutboxEntry? {
        let key = messageID.comparable
        return try await read("reading the outbox entry of message \(messageID)") { db in
            // Serialized ids end with the short id; the index narrows by provider, the suffix decides.
            try Self.outboxEntries(where: "provider = ? AND (messageId = ? OR messageId LIKE ?) ORDER BY id DESC",
                                   [provider, key, "%_" + key], in: db)
                .first { $0.messageID?.comparable == key }
        }
    }

    /// Entries per state.
    public func outboxCounts() async throws(SwitchboardError) -> [OutboxState: Int] {
        try await read("counting the outbox") { db in
            var counts: [OutboxState: Int] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT state, COUNT(*) AS n FROM outbox GROUP BY state") {
                if let state = OutboxState(rawValue: row["state"]) { counts[state] = row["n"] }
            }
            return counts
        }
    }

    /// When the earliest queued entry is due.
    public func nextOutboxDue() async throws(SwitchboardError) -> Date? {
        try await read("reading the next due time") { db in
            try Double.fetchOne(db, sql: "SELECT MIN(nextAttemptAt) FROM outbox WHERE state = 'queued'")
                .map(Date.init(storeSeconds:))
        }
    }

    /// Moves sending entries whose lease expired to `state`.
    public func reclaimExpiredOutbox(to state: OutboxState, note: String, at now: Date) async throws(SwitchboardError) -> Int {
        let stamp = min(now, Date()).storeSeconds
        return try await write("reclaiming interrupted sends") { db in
            try db.execute(sql: """
                UPDATE outbox SET state = ?, updatedAt = ?, nextAttemptAt = ?, lastError = ?, lastErrorKind = NULL,
                                  leaseExpiresAt = NULL
                WHERE state = 'sending' AND (leaseExpiresAt IS NULL OR leaseExpiresAt <= ?)
                """, arguments: [state.rawValue, stamp, stamp, note, now.storeSeconds])
            return db.changesCount
        }
    }

    // MARK: - Rows

    private static func encodedMessage(_ message: OutboundMessage) throws(SwitchboardError) -> String {
        do { return try json(message) } catch { throw .storage("store: cannot encode a message: \(error)") }
    }

    private static func outboxEntry(where clause: String, _ arguments: StatementArguments, in db: Database) throws -> OutboxEntry? {
        try outboxEntries(where: clause, arguments, in: db).first
    }

    private static func outboxEntries(where clause: String, _ arguments: StatementArguments, in db: Database) throws -> [OutboxEntry] {
        try Row.fetchAll(db.cachedStatement(sql: "SELECT * FROM outbox WHERE " + clause), arguments: arguments).map(outboxEntry)
    }

    private static func outboxEntry(_ row: Row) throws -> OutboxEntry {
        let stateText: String = row["state"]
        let originText: String = row["origin"]
        guard let state = OutboxState(rawValue: stateText), let origin = SendOrigin(rawValue: originText) else {
            throw SwitchboardError.storage("store: outbox row has state \"\(stateText)\", origin \"\(originText)\"")
        }
        let from: String? = row["fromPhone"]
        let messageID: String? = row["messageId"]
        let kind: String? = row["lastErrorKind"]
        let lease: Double? = row["leaseExpiresAt"]
        var entry = OutboxEntry(
            id: row["id"], idempotencyKey: row["idempotencyKey"],
            message: try decode(OutboundMessage.self, json: row["message"]),
            from: try from.map { text throws(SwitchboardError) in try Phone(text) }, origin: origin, state: state,
            attempts: row["attempts"], createdAt: Date(storeSeconds: row["createdAt"]),
            updatedAt: Date(storeSeconds: row["updatedAt"]), nextAttemptAt: Date(storeSeconds: row["nextAttemptAt"]),
            provider: row["provider"], instance: row["instance"], messageID: messageID.map { MessageID($0) },
            lastError: row["lastError"], lastErrorKind: kind.flatMap(SwitchboardError.Kind.init(rawValue:)))
        entry.leaseExpiresAt = lease.map(Date.init(storeSeconds:))
        return entry
    }
}
