import Foundation
import PostgresNIO
import Switchboard

extension PostgresStore {
    /// Inserts unless the idempotency key is known; the stored entry and whether it is new.
    public func insertOutbox(_ entry: OutboxEntry) async throws(SwitchboardError) -> (entry: OutboxEntry, inserted: Bool) {
        try await insertOutbox(contentsOf: [entry])[0]
    }

    /// Inserts several entries in order, per entry as ``insertOutbox(_:)``: a group commit with the
    /// entries enqueued at the same moment (by this process), returning once they are committed.
    public func insertOutbox(contentsOf entries: [OutboxEntry]) async throws(SwitchboardError) -> [(entry: OutboxEntry, inserted: Bool)] {
        guard !entries.isEmpty else { return [] }
        let rows = try entries.map { entry throws(SwitchboardError) in OutboxRow(entry: entry, message: try Self.json(entry.message)) }
        return try await outboxCommits.submit(rows)
    }

    /// An entry to insert: the entry and its message's JSON.
    struct OutboxRow: Sendable {
        let entry: OutboxEntry
        let message: String

        /// Whether the entry is as ``Outbox`` enqueues it: nothing of a send yet (no lease, provider,
        /// instance, message id or error), so that its nullable columns are null.
        var isFresh: Bool {
            entry.leaseExpiresAt == nil && entry.provider == nil && entry.instance == nil && entry.messageID == nil
                && entry.lastError == nil && entry.lastErrorKind == nil
        }
    }

    /// Inserts batches of entries in order; per batch, per entry, the stored entry and whether it
    /// is new (a key used before, by an earlier entry of the batch too, is not).
    ///
    /// Fresh entries (every enqueue) go in one statement that returns only the new ids; the
    /// entries whose keys were known are then read in one more. Others go one by one in a transaction.
    func insertOutbox(_ batches: [[OutboxRow]]) async throws(SwitchboardError) -> [[(entry: OutboxEntry, inserted: Bool)]] {
        guard batches.joined().allSatisfy(\.isFresh) else { return try await insertOneByOne(batches) }
        var keys: [String] = [], messages: [String] = [], froms: [String] = [], origins: [String] = [], states: [String] = []
        var attempts: [Int] = [], created: [Double] = [], updated: [Double] = [], due: [Double] = []
        for row in batches.joined() {
            let entry = row.entry
            keys.append(entry.idempotencyKey)
            messages.append(row.message)
            froms.append(entry.from?.digits ?? "")   // digits are never empty: "" stands for none
            origins.append(entry.origin.rawValue)
            states.append(entry.state.rawValue)
            attempts.append(entry.attempts)
            created.append(entry.createdAt.storeSeconds)
            updated.append(entry.updatedAt.storeSeconds)
            due.append(entry.nextAttemptAt.storeSeconds)
        }
        // Keys are unique (ON CONFLICT DO NOTHING): a second run after a lost commit inserts nothing
        // and reads the first run's entries back below as known (`inserted` false); none is enqueued twice.
        let inserted = try await rows("enqueuing \(keys.count) entries", .idempotent, """
            WITH input AS (
                SELECT * FROM unnest(\(keys)::text[], \(messages)::text[], \(froms)::text[], \(origins)::text[], \(states)::text[],
                                     \(attempts)::int8[], \(created)::float8[], \(updated)::float8[], \(due)::float8[])
                    WITH ORDINALITY AS t(key, message, from_phone, origin, state, attempts, created, updated, due, ord)
            ), first AS (
                SELECT DISTINCT ON (key) * FROM input ORDER BY key, ord
            )
            INSERT INTO switchboard_outbox (idempotency_key, message, from_phone, origin, state, attempts, created_at,
                                            updated_at, next_attempt_at)
            SELECT key, message, NULLIF(from_phone, ''), origin, state, attempts, created, updated, due FROM first ORDER BY ord
            ON CONFLICT (idempotency_key) DO NOTHING
            RETURNING id, idempotency_key
            """)
        var ids: [String: Int64] = [:]
        for row in inserted {
            let row = row.makeRandomAccess()
            ids[try row.value("idempotency_key", as: String.self)] = try row.value("id", as: Int64.self)
        }
        // Keys known before: read after the insert, which waited for any transaction inserting them.
        var stored: [String: OutboxEntry] = [:]
        let known = Array(Set(keys).subtracting(ids.keys))
        if !known.isEmpty {
            for row in try await rows("reading \(known.count) known outbox entries", .read,
                                      "SELECT * FROM switchboard_outbox WHERE idempotency_key = ANY(\(known)::text[])") {
                let entry = try Self.outboxEntry(row.makeRandomAccess())
                stored[entry.idempotencyKey] = entry
            }
        }
        return try batches.map { rows throws(SwitchboardError) in
            try rows.map { row throws(SwitchboardError) -> (entry: OutboxEntry, inserted: Bool) in
                let key = row.entry.idempotencyKey
                if let id = ids.removeValue(forKey: key) {
                    var entry = row.entry
                    entry.id = id
                    stored[key] = entry
                    return (entry, true)
                }
                guard let entry = stored[key] else { throw .storage("store: the entry for \(key) is neither new nor stored") }
                return (entry, false)
            }
        }
    }

    /// Inserts entries one statement each, in one transaction.
    private func insertOneByOne(_ batches: [[OutboxRow]]) async throws(SwitchboardError) -> [[(entry: OutboxEntry, inserted: Bool)]] {
        let queries = try batches.map { rows throws(SwitchboardError) in
            try rows.map { row throws(SwitchboardError) in (try Self.insert(row.entry), row.entry.idempotencyKey) }
        }
        // Inserts guarded by the unique key, each reading the stored entry when the key is known.
        let results = try await transaction("enqueuing \(queries.joined().count) entries", .idempotent) { connection in
            var results: [[InsertResult]] = []
            for batch in queries {
                var batchResults: [InsertResult] = []
                for (query, key) in batch {
                    batchResults.append(try await Self.insertOrFind(query, key: key, on: connection, logger: self.logger))
                }
                results.append(batchResults)
            }
            return results
        }
        return results.map { $0.map { ($0.entry, $0.inserted) } }
    }

    /// Takes the queued entry due first, marks it sending under a lease and counts the attempt.
    /// `SKIP LOCKED`: concurrent claimers pass over each other's rows instead of waiting.
    public func claimNextDue(at now: Date, leaseUntil: Date) async throws(SwitchboardError) -> OutboxEntry? {
        // A claim under a lease. One committed without its answer (a lost answer, then a second run
        // that claims another row) is left `sending` under a lease nobody holds: taken over when it expires,
        // as a dead dispatcher's, so it is not lost, and it was not sent (nobody got it).
        try await prepared("claiming the next outbox entry", .idempotent,
                           ClaimOutbox(now: now.storeSeconds, leaseUntil: leaseUntil.storeSeconds))
            .first.map { row throws(SwitchboardError) in try Self.outboxEntry(row.makeRandomAccess()) }
    }

    /// Writes an entry's mutable fields back.
    public func updateOutbox(_ entry: OutboxEntry) async throws(SwitchboardError) {
        // Absolute values by id.
        try await rows("updating outbox entry \(entry.id)", .idempotent, """
            UPDATE switchboard_outbox
            SET state = \(entry.state.rawValue), attempts = \(entry.attempts), updated_at = \(entry.updatedAt.storeSeconds),
                next_attempt_at = \(entry.nextAttemptAt.storeSeconds), lease_expires_at = \(entry.leaseExpiresAt?.storeSeconds),
                provider = \(entry.provider), instance = \(entry.instance), message_id = \(entry.messageID?.rawValue),
                last_error = \(entry.lastError), last_error_kind = \(entry.lastErrorKind?.rawValue)
            WHERE id = \(entry.id)
            """)
    }

    /// Entries in a state (or all), oldest first.
    public func outboxEntries(state: OutboxState?, limit: Int) async throws(SwitchboardError) -> [OutboxEntry] {
        let query: PostgresQuery = if let state {
            "SELECT * FROM switchboard_outbox WHERE state = \(state.rawValue) ORDER BY id LIMIT \(limit)"
        } else {
            "SELECT * FROM switchboard_outbox ORDER BY id LIMIT \(limit)"
        }
        return try await rows("listing the outbox", .read, query).map { row throws(SwitchboardError) in
            try Self.outboxEntry(row.makeRandomAccess())
        }
    }

    /// One entry by id.
    public func outboxEntry(id: Int64) async throws(SwitchboardError) -> OutboxEntry? {
        try await rows("reading outbox entry \(id)", .read, "SELECT * FROM switchboard_outbox WHERE id = \(id)")
            .first.map { row throws(SwitchboardError) in try Self.outboxEntry(row.makeRandomAccess()) }
    }

    /// One entry by idempotency key.
    public func outboxEntry(idempotencyKey: String) async throws(SwitchboardError) -> OutboxEntry? {
        try await rows("reading outbox entry \(idempotencyKey)", .read,
                       "SELECT * FROM switchboard_outbox WHERE idempotency_key = \(idempotencyKey)")
            .first.map { row throws(SwitchboardError) in try Self.outboxEntry(row.makeRandomAccess()) }
    }

    /// The entry that sent `messageID` through `provider`, compared by id (short or serialized form).
    public func outboxEntry(provider: String, messageID: MessageID) async throws(SwitchboardError) -> OutboxEntry? {
        // Serialized ids contain the short id after an underscore; the index narrows by provider,
        // the comparison in Swift decides.
        let key = messageID.comparable
        let pattern = "%\\_" + key.replacingOccurrences(of: "\\", with: "\\\\")
            .replacingOccurrences(of: "%", with: "\\%").replacingOccurrences(of: "_", with: "\\_") + "%"
        return try await rows("finding the outbox entry of \(messageID)", .read, """
            SELECT * FROM switchboard_outbox
            WHERE provider = \(provider) AND (message_id = \(key) OR message_id LIKE \(pattern))
            ORDER BY id DESC
            """).lazy.compactMap { row -> OutboxEntry? in try? Self.outboxEntry(row.makeRandomAccess()) }
            .first { $0.messageID?.comparable == key }
    }

    /// Entries per state.
    public func outboxCounts() async throws(SwitchboardError) -> [OutboxState: Int] {
        var counts: [OutboxState: Int] = [:]
        for row in try await rows("counting the outbox", .read, "SELECT state, COUNT(*) AS n FROM switchboard_outbox GROUP BY state") {
            let row = row.makeRandomAccess()
            if let state = OutboxState(rawValue: try row.value("state", as: String.self)) {
                counts[state] = try row.value("n", as: Int.self)
            }
        }
        return counts
    }

    /// When the earliest queued entry is due.
    public func nextOutboxDue() async throws(SwitchboardError) -> Date? {
        try await rows("reading the next due time", .read,
                       "SELECT MIN(next_attempt_at) AS due FROM switchboard_outbox WHERE state = 'queued'")
            .first.flatMap { row throws(SwitchboardError) in try row.makeRandomAccess().value("due", as: Double?.self) }
            .map(Date.init(storeSeconds:))
    }

    /// Moves every sending entry whose lease expired before `now` to `state`; how many moved.
    public func reclaimExpiredOutbox(to state: OutboxState, note: String, at now: Date) async throws(SwitchboardError) -> Int {
        // An entry without a lease (written by an older version) counts as expired. A row another
        // reclaimer holds is skipped: it is being moved already. `.distantFuture` (take every
        // send, at start) stamps the rows with the wall clock.
        let stamp = min(now, Date()).storeSeconds
        // Rows a first run moved are no longer `sending`: a second run moves only newly expired ones.
        return try await rows("taking over expired sends", .idempotent, """
            UPDATE switchboard_outbox
            SET state = \(state.rawValue), updated_at = \(stamp), next_attempt_at = \(stamp),
                lease_expires_at = NULL, last_error = \(note), last_error_kind = NULL
            WHERE id IN (SELECT id FROM switchboard_outbox
                         WHERE state = 'sending' AND (lease_expires_at IS NULL OR lease_expires_at <= \(now.storeSeconds))
                         FOR UPDATE SKIP LOCKED)
            RETURNING id
            """).count
    }

    // MARK: - Rows

    struct InsertResult: Sendable {
        var entry: OutboxEntry
        var inserted: Bool
    }

    private static func insert(_ entry: OutboxEntry) throws(SwitchboardError) -> PostgresQuery {
        let message = try json(entry.message)
        return """
            INSERT INTO switchboard_outbox (idempotency_key, message, from_phone, origin, state, attempts, created_at,
                updated_at, next_attempt_at, lease_expires_at, provider, instance, message_id, last_error, last_error_kind)
            VALUES (\(entry.idempotencyKey), \(message), \(entry.from?.digits), \(entry.origin.rawValue), \(entry.state.rawValue),
                    \(entry.attempts), \(entry.createdAt.storeSeconds), \(entry.updatedAt.storeSeconds),
                    \(entry.nextAttemptAt.storeSeconds), \(entry.leaseExpiresAt?.storeSeconds), \(entry.provider),
                    \(entry.instance), \(entry.messageID?.rawValue), \(entry.lastError), \(entry.lastErrorKind?.rawValue))
            ON CONFLICT (idempotency_key) DO NOTHING
            RETURNING *
            """
    }

    /// Runs an insert; when its key was known, reads the earlier entry instead.
    private static func insertOrFind(_ query: PostgresQuery, key: String, on connection: PostgresConnection,
                                     logger: Logger) async throws -> InsertResult {
        if let row = try await connection.query(query, logger: logger).collect().first {
            return InsertResult(entry: try outboxEntry(row.makeRandomAccess()), inserted: true)
        }
        guard let row = try await connection.query(
            "SELECT * FROM switchboard_outbox WHERE idempotency_key = \(key)", logger: logger).collect().first else {
            throw SwitchboardError.storage("store: the entry for \(key) vanished after insert")
        }
        return InsertResult(entry: try outboxEntry(row.makeRandomAccess()), inserted: false)
    }

    static func outboxEntry(_ row: PostgresRandomAccessRow) throws(SwitchboardError) -> OutboxEntry {
        let stateText = try row.value("state", as: String.self)
        let originText = try row.value("origin", as: String.self)
        guard let state = OutboxState(rawValue: stateText), let origin = SendOrigin(rawValue: originText) else {
            throw .storage("store: outbox row has state \"\(stateText)\", origin \"\(originText)\"")
        }
        let message: OutboundMessage
        do { message = try decode(OutboundMessage.self, json: try row.value("message", as: String.self)) } catch {
            throw .storage("store: an outbox message does not decode: \(error)")
        }
        let from = try row.value("from_phone", as: String?.self)
        let messageID = try row.value("message_id", as: String?.self)
        let kind = try row.value("last_error_kind", as: String?.self)
        var entry = OutboxEntry(
            id: try row.value("id"), idempotencyKey: try row.value("idempotency_key"), message: message,
            from: try from.map { text throws(SwitchboardError) in try Phone(text) }, origin: origin, state: state,
            attempts: try row.value("attempts", as: Int.self), createdAt: Date(storeSeconds: try row.value("created_at")),
            updatedAt: Date(storeSeconds: try row.value("updated_at")),
            nextAttemptAt: Date(storeSeconds: try row.value("next_attempt_at")),
            provider: try row.value("provider"), instance: try row.value("instance"),
            messageID: messageID.map { MessageID($0) }, lastError: try row.value("last_error"),
            lastErrorKind: kind.flatMap(SwitchboardError.Kind.init(rawValue:)))
        entry.leaseExpiresAt = try row.value("lease_expires_at", as: Double?.self).map(Date.init(storeSeconds:))
        return entry
    }
}
