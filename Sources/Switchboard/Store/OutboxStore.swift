import Foundation

/// Where the ``Outbox`` keeps messages until they are sent, and what became of them.
///
/// Each method is one transaction, so that several dispatchers (tasks, processes or replicas)
/// sharing one database never take the same message twice. A claim is a lease: a dispatcher that
/// dies leaves its claims to expire (``reclaimExpiredOutbox(to:note:at:)``), never to be lost.
public protocol OutboxStore: Sendable {
    /// Inserts `entry` unless an entry with its idempotency key exists; returns the stored entry
    /// (the earlier one for a known key) and whether it was inserted. `entry.id` is ignored.
    func insertOutbox(_ entry: OutboxEntry) async throws(SwitchboardError) -> (entry: OutboxEntry, inserted: Bool)
    /// Inserts several entries in one transaction; the same per entry as ``insertOutbox(_:)``, in order.
    func insertOutbox(contentsOf entries: [OutboxEntry]) async throws(SwitchboardError) -> [(entry: OutboxEntry, inserted: Bool)]
    /// Takes the queued entry due first (`nextAttemptAt <= now`, oldest first), marks it
    /// ``OutboxState/sending`` with a lease until `leaseUntil` and counts the attempt; `nil` when
    /// nothing is due.
    func claimNextDue(at now: Date, leaseUntil: Date) async throws(SwitchboardError) -> OutboxEntry?
    /// Writes an entry back (state, attempts, result, error, lease), keyed by its id.
    func updateOutbox(_ entry: OutboxEntry) async throws(SwitchboardError)
    /// Entries in `state` (every state when `nil`), oldest first, at most `limit`.
    func outboxEntries(state: OutboxState?, limit: Int) async throws(SwitchboardError) -> [OutboxEntry]
    /// One entry by id.
    func outboxEntry(id: Int64) async throws(SwitchboardError) -> OutboxEntry?
    /// One entry by idempotency key.
    func outboxEntry(idempotencyKey: String) async throws(SwitchboardError) -> OutboxEntry?
    /// The entry that sent the provider's message `messageID`, for delivery tracking.
    func outboxEntry(provider: String, messageID: MessageID) async throws(SwitchboardError) -> OutboxEntry?
    /// How many entries are in each state (states with none are absent).
    func outboxCounts() async throws(SwitchboardError) -> [OutboxState: Int]
    /// When the earliest queued entry becomes due, if any is queued.
    func nextOutboxDue() async throws(SwitchboardError) -> Date?
    /// Moves every ``OutboxState/sending`` entry whose lease expired before `now` (its dispatcher
    /// died) to `state`, noting `note`; returns how many moved. With `now` = `.distantFuture`
    /// every sending entry moves (one process, at start).
    func reclaimExpiredOutbox(to state: OutboxState, note: String, at now: Date) async throws(SwitchboardError) -> Int
}
