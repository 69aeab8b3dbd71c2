import Foundation
import GRDB

extension SQLiteStore {
    /// Inserts unless the idempotency key is known; the stored entry and whether it is new.
    public func insertOutbox(_ entry: OutboxEntry) throws(SwitchboardError) -> (entry: OutboxEntry, inserted: Bool) {
        try write("enqueuing \(entry.idempotencyKey)") { db in
            try db.execute(sql: """
                INSERT INTO outbox (idempotencyKey, message, fromPhone, origin, state, attempts, createdAt,
                                    updatedAt, nextAttemptAt, provider, instance, messageId, lastError, lastErrorKind)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (idempotencyKey) DO NOTHING
                """, arguments: [entry.idempotencyKey, try Self.json(entry.message), entry.from?.digits,
                                 entry.origin.rawValue, entry.state.rawValue, entry.attempts,
                                 entry.createdAt.storeSeconds, entry.updatedAt.storeSeconds,
                                 entry.nextAttemptAt.storeSeconds, entry.provider, entry.instance,
                                 entry.messageID?.rawValue, entry.lastError, entry.lastErrorKind?.rawValue])
            let inserted = db.changesCount == 1
            guard let stored = try Self.outboxEntry(where: "idempotencyKey = ?", [entry.idempotencyKey], in: db) else {
                throw SwitchboardError.storage("store: the entry for \(entry.idempotencyKey) vanished after insert")
            }
            return (stored, inserted)
        }
    }

    /// Takes the entry due first and marks it sending, in one write transaction.
    public func claimNextDue(at now: Date) throws(SwitchboardError) -> OutboxEntry? {
        try write("claiming the next outbox entry") { db in
            guard var entry = try Self.outboxEntry(
                where: "state = 'queued' AND nextAttemptAt <= ? ORDER BY nextAttemptAt, id LIMIT 1",
                [now.storeSeconds], in: db) else { return nil }
            entry.state = .sending
            entry.attempts += 1
            entry.updatedAt = now
            try db.execute(sql: "UPDATE outbox SET state = 'sending', attempts = ?, updatedAt = ? WHERE id = ?",
                           arguments: [entry.attempts, now.storeSeconds, entry.id])
            return entry
        }
    }

    /// Writes an entry's mutable fields back.
    public func updateOutbox(_ entry: OutboxEntry) throws(SwitchboardError) {
        try write("updating outbox entry \(entry.id)") { db in
            try db.execute(sql: """
                UPDATE outbox SET state = ?, attempts = ?, updatedAt = ?, nextAttemptAt = ?, provider = ?,
                                  instance = ?, messageId = ?, lastError = ?, lastErrorKind = ?
                WHERE id = ?
                """, arguments: [entry.state.rawValue, entry.attempts, entry.updatedAt.storeSeconds,
                                 entry.nextAttemptAt.storeSeconds, entry.provider, entry.instance,
                                 entry.messageID?.rawValue, entry.lastError, entry.lastErrorKind?.rawValue, entry.id])
            guard db.changesCount == 1 else {
                throw SwitchboardError.notFound("outbox entry \(entry.id) does not exist")
            }
        }
    }

    /// Entries in a state (or all), oldest first.
    public func outboxEntries(state: OutboxState?, limit: Int) throws(SwitchboardError) -> [OutboxEntry] {
        try read("listing the outbox") { db in
            if let state {
                try Self.outboxEntries(where: "state = ? ORDER BY id LIMIT ?", [state.rawValue, limit], in: db)
            } else {
                try Self.outboxEntries(where: "1 ORDER BY id LIMIT ?", [limit], in: db)
            }
        }
    }

    /// One entry by id.
    public func outboxEntry(id: Int64) throws(SwitchboardError) -> OutboxEntry? {
        try read("reading outbox entry \(id)") { db in try Self.outboxEntry(where: "id = ?", [id], in: db) }
    }

    /// One entry by idempotency key.
    public func outboxEntry(idempotencyKey: String) throws(SwitchboardError) -> OutboxEntry? {
        try read("reading outbox entry \(idempotencyKey)") { db in
            try Self.outboxEntry(where: "idempotencyKey = ?", [idempotencyKey], in: db)
        }
    }

    /// Entries per state.
    public func outboxCounts() throws(SwitchboardError) -> [OutboxState: Int] {
        try read("counting the outbox") { db in
            var counts: [OutboxState: Int] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT state, COUNT(*) AS n FROM outbox GROUP BY state") {
                if let state = OutboxState(rawValue: row["state"]) { counts[state] = row["n"] }
            }
            return counts
        }
    }

    /// When the earliest queued entry is due.
    public func nextOutboxDue() throws(SwitchboardError) -> Date? {
        try read("reading the next due time") { db in
            try Double.fetchOne(db, sql: "SELECT MIN(nextAttemptAt) FROM outbox WHERE state = 'queued'")
                .map(Date.init(storeSeconds:))
        }
    }

    /// Moves entries left `sending` to `state`.
    public func resetInterruptedOutbox(to state: OutboxState, note: String, at now: Date) throws(SwitchboardError) -> Int {
        try write("recovering interrupted sends") { db in
            try db.execute(sql: """
                UPDATE outbox SET state = ?, updatedAt = ?, nextAttemptAt = ?, lastError = ?, lastErrorKind = NULL
                WHERE state = 'sending'
                """, arguments: [state.rawValue, now.storeSeconds, now.storeSeconds, note])
            return db.changesCount
        }
    }

    // MARK: - Rows

    private static func outboxEntry(where clause: String, _ arguments: StatementArguments, in db: Database) throws -> OutboxEntry? {
        try outboxEntries(where: clause, arguments, in: db).first
    }

    private static func outboxEntries(where clause: String, _ arguments: StatementArguments, in db: Database) throws -> [OutboxEntry] {
        try Row.fetchAll(db, sql: "SELECT * FROM outbox WHERE " + clause, arguments: arguments).map(outboxEntry)
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
        return OutboxEntry(
            id: row["id"], idempotencyKey: row["idempotencyKey"],
            message: try decode(OutboundMessage.self, json: row["message"]),
            from: try from.map { text throws(SwitchboardError) in try Phone(text) }, origin: origin, state: state,
            attempts: row["attempts"], createdAt: Date(storeSeconds: row["createdAt"]),
            updatedAt: Date(storeSeconds: row["updatedAt"]), nextAttemptAt: Date(storeSeconds: row["nextAttemptAt"]),
            provider: row["provider"], instance: row["instance"], messageID: messageID.map { MessageID($0) },
            lastError: row["lastError"], lastErrorKind: kind.flatMap(SwitchboardError.Kind.init(rawValue:)))
    }
}
