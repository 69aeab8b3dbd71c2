import Foundation
import GRDB

extension SQLiteStore {
    /// Records the new events of a delivery and their deduplication marks, in one transaction with
    /// the deliveries recorded at the same moment (a group commit); returns once they are committed.
    public func recordInbound(_ events: [(event: InboundEvent, key: String)], at date: Date) async throws(SwitchboardError) -> [InboxEntry] {
        guard !events.isEmpty else { return [] }
        try checkOpen()
        return try await inboundCommits.submit(try InboundRow.rows(events, at: date, encode: Self.encodedEvent))
    }

    /// Records deliveries in order, in the caller's transaction; per delivery, the entries recorded.
    /// A key seen before, by an earlier delivery of the batch too, is skipped.
    static func recordInbound(_ deliveries: [[InboundRow]], in db: Database) throws -> [[InboxEntry]] {
        let mark = try db.cachedStatement(sql: "INSERT INTO seenEvent (id, seenAt) VALUES (?, ?) ON CONFLICT (id) DO NOTHING")
        let insert = try db.cachedStatement(sql: """
            INSERT INTO inbox (key, chatKey, event, state, attempts, receivedAt, nextAttemptAt)
            VALUES (?, ?, ?, 'pending', 0, ?, ?)
            """)
        return try deliveries.map { rows in
            var recorded: [InboxEntry] = []
            for row in rows {
                let at = row.entry.receivedAt.storeSeconds
                try mark.execute(arguments: [row.entry.key, at])
                guard db.changesCount == 1 else { continue }
                try insert.execute(arguments: [row.entry.key, row.entry.chatKey, row.json, at, row.entry.nextAttemptAt.storeSeconds])
                var stored = row.entry
                stored.id = db.lastInsertedRowID
                recorded.append(stored)
            }
            return recorded
        }
    }

    /// Takes the oldest due entry whose chat has no older unfinished entry, under a lease.
    public func claimNextInbound(at now: Date, leaseUntil: Date) async throws(SwitchboardError) -> InboxEntry? {
        try await write("claiming the next inbound event") { db in
            // Taken over: a handling entry whose dispatcher's lease ran out.
            try db.cachedStatement(sql: """
                UPDATE inbox SET state = 'pending', leaseExpiresAt = NULL
                WHERE state = 'handling' AND leaseExpiresAt <= ?
                """).execute(arguments: [now.storeSeconds])
            guard var entry = try Self.inboxEntries(where: """
                i.state = 'pending' AND i.nextAttemptAt <= ? AND NOT EXISTS (
                    SELECT 1 FROM inbox o WHERE o.chatKey = i.chatKey AND o.id < i.id AND o.state IN ('pending', 'handling'))
                ORDER BY i.id LIMIT 1
                """, [now.storeSeconds], in: db).first else { return nil }
            entry.state = .handling
            entry.attempts += 1
            entry.leaseExpiresAt = leaseUntil
            try db.cachedStatement(sql: "UPDATE inbox SET state = 'handling', attempts = ?, leaseExpiresAt = ? WHERE id = ?")
                .execute(arguments: [entry.attempts, leaseUntil.storeSeconds, entry.id])
            return entry
        }
    }

    /// Writes an entry's state back.
    public func updateInbound(_ entry: InboxEntry) async throws(SwitchboardError) {
        try await write("updating inbound event \(entry.id)") { db in
            try db.cachedStatement(sql: """
                UPDATE inbox SET state = ?, attempts = ?, nextAttemptAt = ?, leaseExpiresAt = ?, handledAt = ?, lastError = ?
                WHERE id = ?
                """).execute(arguments: [entry.state.rawValue, entry.attempts, entry.nextAttemptAt.storeSeconds,
                                         entry.leaseExpiresAt?.storeSeconds, entry.handledAt?.storeSeconds,
                                         entry.lastError, entry.id])
        }
    }

    /// Entries in a state (or all), oldest first.
    public func inboxEntries(state: InboxState?, limit: Int) async throws(SwitchboardError) -> [InboxEntry] {
        try await read("reading the inbox") { db in
            if let state {
                try Self.inboxEntries(where: "i.state = ? ORDER BY i.id LIMIT ?", [state.rawValue, limit], in: db)
            } else {
                try Self.inboxEntries(where: "1 ORDER BY i.id LIMIT ?", [limit], in: db)
            }
        }
    }

    /// One entry by id.
    public func inboxEntry(id: Int64) async throws(SwitchboardError) -> InboxEntry? {
        try await read("reading inbound event \(id)") { db in try Self.inboxEntries(where: "i.id = ?", [id], in: db).first }
    }

    /// Entries per state.
    public func inboxCounts() async throws(SwitchboardError) -> [InboxState: Int] {
        try await read("counting the inbox") { db in
            var counts: [InboxState: Int] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT state, COUNT(*) AS n FROM inbox GROUP BY state") {
                if let state = InboxState(rawValue: row["state"]) { counts[state] = row["n"] }
            }
            return counts
        }
    }

    /// When the earliest pending entry is due.
    public func nextInboxDue() async throws(SwitchboardError) -> Date? {
        try await read("reading the next inbound due time") { db in
            try Double.fetchOne(db, sql: "SELECT MIN(nextAttemptAt) FROM inbox WHERE state = 'pending'")
                .map(Date.init(storeSeconds:))
        }
    }

    /// Forgets handled entries and old deduplication marks.
    public func pruneInbox(handledBefore: Date, seenBefore: Date) async throws(SwitchboardError) -> Int {
        try await write("pruning the inbox") { db in
            try db.execute(sql: "DELETE FROM inbox WHERE state = 'handled' AND handledAt < ?", arguments: [handledBefore.storeSeconds])
            var count = db.changesCount
            // A mark outlives its event while the event is unfinished, so a retry is never taken for new.
            try db.execute(sql: """
                DELETE FROM seenEvent WHERE seenAt < ? AND id NOT IN (SELECT key FROM inbox WHERE state != 'handled')
                """, arguments: [seenBefore.storeSeconds])
            count += db.changesCount
            return count
        }
    }

    // MARK: - Rows

    private static func encodedEvent(_ event: InboundEvent) throws(SwitchboardError) -> String {
        do { return try json(event) } catch { throw .storage("store: cannot encode an inbound event: \(error)") }
    }

    private static func inboxEntries(where clause: String, _ arguments: StatementArguments, in db: Database) throws -> [InboxEntry] {
        try Row.fetchAll(db.cachedStatement(sql: "SELECT i.* FROM inbox i WHERE " + clause), arguments: arguments).map(inboxEntry)
    }

    private static func inboxEntry(_ row: Row) throws -> InboxEntry {
        let stateText: String = row["state"]
        guard let state = InboxState(rawValue: stateText) else {
            throw SwitchboardError.storage("store: inbox row has state \"\(stateText)\"")
        }
        let lease: Double? = row["leaseExpiresAt"]
        let handled: Double? = row["handledAt"]
        return InboxEntry(id: row["id"], event: try decode(InboundEvent.self, json: row["event"]), key: row["key"],
                          chatKey: row["chatKey"], state: state, attempts: row["attempts"],
                          receivedAt: Date(storeSeconds: row["receivedAt"]),
                          nextAttemptAt: Date(storeSeconds: row["nextAttemptAt"]),
                          leaseExpiresAt: lease.map(Date.init(storeSeconds:)),
                          handledAt: handled.map(Date.init(storeSeconds:)), lastError: row["lastError"])
    }
}
