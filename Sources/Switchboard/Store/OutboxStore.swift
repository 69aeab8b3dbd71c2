import Foundation

/// Where the ``Outbox`` keeps messages until they are sent, and what became of them.
///
/// Each method is one transaction, so that several dispatchers (threads or processes) sharing a
/// file never take the same message twice.
public protocol OutboxStore: Sendable {
    /// Inserts `entry` unless an entry with its idempotency key exists; returns the stored entry
    /// (the earlier one for a known key) and whether it was inserted. `entry.id` is ignored.
    func insertOutbox(_ entry: OutboxEntry) throws(SwitchboardError) -> (entry: OutboxEntry, inserted: Bool)
    /// Takes the queued entry due first (`nextAttemptAt <= now`, oldest first), marks it
    /// ``OutboxState/sending`` and counts the attempt; `nil` when nothing is due.
    func claimNextDue(at now: Date) throws(SwitchboardError) -> OutboxEntry?
    /// Writes an entry back (state, attempts, result, error), keyed by its id.
    func updateOutbox(_ entry: OutboxEntry) throws(SwitchboardError)
    /// Entries in `state` (every state when `nil`), oldest first, at most `limit`.
    func outboxEntries(state: OutboxState?, limit: Int) throws(SwitchboardError) -> [OutboxEntry]
    /// One entry by id.
    func outboxEntry(id: Int64) throws(SwitchboardError) -> OutboxEntry?
    /// One entry by idempotency key.
    func outboxEntry(idempotencyKey: String) throws(SwitchboardError) -> OutboxEntry?
    /// How many entries are in each state (states with none are absent).
    func outboxCounts() throws(SwitchboardError) -> [OutboxState: Int]
    /// When the earliest queued entry becomes due, if any is queued.
    func nextOutboxDue() throws(SwitchboardError) -> Date?
    /// Moves every ``OutboxState/sending`` entry (left so by a process that stopped mid-send) to
    /// `state`, noting `note` as its last error; returns how many moved.
    func resetInterruptedOutbox(to state: OutboxState, note: String, at now: Date) throws(SwitchboardError) -> Int
}
