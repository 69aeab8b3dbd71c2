import Foundation
import PostgresNIO
import Switchboard

extension PostgresStore {
    /// Records the events whose keys were not seen before; the entries recorded, in order.
    ///
    /// A group commit: deliveries recorded at the same moment (by this process) go into one
    /// statement, and each call returns once that statement has committed.
    public func recordInbound(_ events: [(event: InboundEvent, key: String)], at date: Date) async throws(SwitchboardError) -> [InboxEntry] {
        guard !events.isEmpty else { return [] }
        return try await inboundCommits.submit(try InboundRow.rows(events, at: date) { event throws(SwitchboardError) in try Self.json(event) })
    }

    /// Records deliveries in order, in one statement; per delivery, the entries recorded. A key
    /// seen before, by an earlier delivery of the batch too, is skipped.
    ///
    /// Keys go into `switchboard_inbox_key` first (`ON CONFLICT DO NOTHING`), so that of two replicas
    /// recording the same delivery at once one records it and the other waits for its commit and
    /// skips it. Keys are inserted in key order, so that two overlapping deliveries cannot deadlock.
    /// Only the new rows' ids come back: the entries are the ones given.
    func recordInbound(_ deliveries: [[InboundRow]]) async throws(SwitchboardError) -> [[InboxEntry]] {
        var keys: [String] = [], chatKeys: [String] = [], payloads: [String] = [], times: [Double] = []
        for row in deliveries.joined() {
            keys.append(row.entry.key)
            chatKeys.append(row.entry.chatKey)
            payloads.append(row.json)
            times.append(row.entry.receivedAt.storeSeconds)
        }
        // Keys are unique (ON CONFLICT DO NOTHING): a second run after a lost commit records nothing and
        // returns no entry, and the events the first run recorded are handed to the app from the inbox.
        let recorded = try await rows("recording \(keys.count) inbound events", .idempotent, """
            WITH input AS (
                SELECT * FROM unnest(\(keys)::text[], \(chatKeys)::text[], \(payloads)::text[], \(times)::float8[])
                    WITH ORDINALITY AS t(key, chat_key, event, received, ord)
            ), first AS (
                SELECT DISTINCT ON (key) key, chat_key, event, received, ord FROM input ORDER BY key, ord
            ), fresh AS (
                INSERT INTO switchboard_inbox_key (key, seen_at)
                SELECT key, received FROM first ORDER BY key
                ON CONFLICT (key) DO NOTHING RETURNING key
            )
            INSERT INTO switchboard_inbox (key, chat_key, event, state, attempts, received_at, next_attempt_at)
            SELECT f.key, f.chat_key, f.event, 'pending', 0, f.received, f.received FROM first f JOIN fresh USING (key) ORDER BY f.ord
            RETURNING id, key
            """)
        var ids: [String: Int64] = [:]
        for row in recorded {
            let row = row.makeRandomAccess()
            ids[try row.value("key", as: String.self)] = try row.value("id", as: Int64.self)
        }
        // Each new key's id goes to its first occurrence, in the order the rows came.
        return deliveries.map { rows in
            rows.compactMap { row -> InboxEntry? in
                guard let id = ids.removeValue(forKey: row.entry.key) else { return nil }
                var entry = row.entry
                entry.id = id
                return entry
            }
        }
    }

    /// Takes the oldest due entry whose chat has no older entry pending or being handled, or takes
    /// over a handling entry whose lease expired; marks it handling under a lease and counts the attempt.
    ///
    /// Per-chat order holds across replicas: an older entry of the chat, pending or handling, hides
    /// the newer ones from every claimer, and `SKIP LOCKED` keeps two claimers off one row. Ids come
    /// from a sequence, so two replicas recording one chat at the same moment may commit out of id
    /// order; an entry of the chat already being handled (under a live lease) therefore hides the
    /// others too, so that a chat is never handled twice at once.
    public func claimNextInbound(at now: Date, leaseUntil: Date) async throws(SwitchboardError) -> InboxEntry? {
        // A claim under a lease: one committed without its answer is taken over when its lease expires.
        try await prepared("claiming the next inbound event", .idempotent,
                           ClaimInbound(now: now.storeSeconds, leaseUntil: leaseUntil.storeSeconds))
            .first.map { row throws(SwitchboardError) in try Self.inboxEntry(row.makeRandomAccess()) }
    }

    /// Writes an entry's state back.
    public func updateInbound(_ entry: InboxEntry) async throws(SwitchboardError) {
        // Absolute values by id.
        try await rows("updating inbox entry \(entry.id)", .idempotent, """
            UPDATE switchboard_inbox
            SET state = \(entry.state.rawValue), attempts = \(entry.attempts),
                next_attempt_at = \(entry.nextAttemptAt.storeSeconds), lease_expires_at = \(entry.leaseExpiresAt?.storeSeconds),
                handled_at = \(entry.handledAt?.storeSeconds), last_error = \(entry.lastError)
            WHERE id = \(entry.id)
            """)
    }

    /// Entries in a state (or all), oldest first.
    public func inboxEntries(state: InboxState?, limit: Int) async throws(SwitchboardError) -> [InboxEntry] {
        let query: PostgresQuery = if let state {
            "SELECT * FROM switchboard_inbox WHERE state = \(state.rawValue) ORDER BY id LIMIT \(limit)"
        } else {
            "SELECT * FROM switchboard_inbox ORDER BY id LIMIT \(limit)"
        }
        return try await rows("listing the inbox", .read, query).map { row throws(SwitchboardError) in
            try Self.inboxEntry(row.makeRandomAccess())
        }
    }

    /// One entry by id.
    public func inboxEntry(id: Int64) async throws(SwitchboardError) -> InboxEntry? {
        try await rows("reading inbox entry \(id)", .read, "SELECT * FROM switchboard_inbox WHERE id = \(id)")
            .first.map { row throws(SwitchboardError) in try Self.inboxEntry(row.makeRandomAccess()) }
    }

    /// Entries per state.
    public func inboxCounts() async throws(SwitchboardError) -> [InboxState: Int] {
        var counts: [InboxState: Int] = [:]
        for row in try await rows("counting the inbox", .read, "SELECT state, COUNT(*) AS n FROM switchboard_inbox GROUP BY state") {
            let row = row.makeRandomAccess()
            if let state = InboxState(rawValue: try row.value("state", as: String.self)) {
                counts[state] = try row.value("n", as: Int.self)
            }
        }
        return counts
    }

    /// When the earliest pending entry is due.
    public func nextInboxDue() async throws(SwitchboardError) -> Date? {
        try await rows("reading the next inbox due time", .read,
                       "SELECT MIN(next_attempt_at) AS due FROM switchboard_inbox WHERE state = 'pending'")
            .first.flatMap { row throws(SwitchboardError) in try row.makeRandomAccess().value("due", as: Double?.self) }
            .map(Date.init(storeSeconds:))
    }

    /// Forgets handled entries handled before `handledBefore` and keys seen before `seenBefore`
    /// (a key outlives its event while the event is unfinished, so a retry is never taken for new).
    @discardableResult
    public func pruneInbox(handledBefore: Date, seenBefore: Date) async throws(SwitchboardError) -> Int {
        // Deletes: a second run deletes nothing more (the count may be low).
        try await rows("pruning the inbox", .idempotent, """
            WITH entries AS (
                DELETE FROM switchboard_inbox WHERE state = 'handled' AND handled_at < \(handledBefore.storeSeconds) RETURNING 1
            ), keys AS (
                DELETE FROM switchboard_inbox_key k WHERE k.seen_at < \(seenBefore.storeSeconds)
                    AND NOT EXISTS (SELECT 1 FROM switchboard_inbox i WHERE i.key = k.key AND i.state != 'handled')
                RETURNING 1
            )
            SELECT (SELECT COUNT(*) FROM entries) + (SELECT COUNT(*) FROM keys) AS n
            """).first.map { row throws(SwitchboardError) in try row.makeRandomAccess().value("n", as: Int.self) } ?? 0
    }

    static func inboxEntry(_ row: PostgresRandomAccessRow) throws(SwitchboardError) -> InboxEntry {
        let stateText = try row.value("state", as: String.self)
        guard let state = InboxState(rawValue: stateText) else {
            throw .storage("store: inbox row has state \"\(stateText)\"")
        }
        let event: InboundEvent
        do { event = try decode(InboundEvent.self, json: try row.value("event", as: String.self)) } catch {
            throw .storage("store: an inbound event does not decode: \(error)")
        }
        return InboxEntry(
            id: try row.value("id"), event: event, key: try row.value("key"), chatKey: try row.value("chat_key", as: String.self),
            state: state, attempts: try row.value("attempts", as: Int.self),
            receivedAt: Date(storeSeconds: try row.value("received_at")),
            nextAttemptAt: Date(storeSeconds: try row.value("next_attempt_at")),
            leaseExpiresAt: try row.value("lease_expires_at", as: Double?.self).map(Date.init(storeSeconds:)),
            handledAt: try row.value("handled_at", as: Double?.self).map(Date.init(storeSeconds:)),
            lastError: try row.value("last_error"))
    }
}
