import Foundation

/// Where the inbox keeps inbound events between the webhook's answer and the app's handler:
/// recorded before the provider is answered, handed over at least once, in order per chat.
///
/// Each method is one transaction. A claim is a lease, so that several dispatchers (tasks,
/// processes or replicas) share one inbox and a dead one's claims are taken over when they expire.
public protocol InboxStore: Sendable {
    /// Records the events of one delivery whose deduplication keys were not seen before, each with
    /// its key, in one transaction; returns the entries recorded, in order. An event whose key was
    /// seen (also earlier in the same call) is skipped: a delivery half new, half seen records the
    /// new half once.
    func recordInbound(_ events: [(event: InboundEvent, key: String)], at date: Date) async throws(SwitchboardError) -> [InboxEntry]
    /// Takes the pending entry due first (`nextAttemptAt <= now`, oldest first) whose chat has no
    /// older entry pending or being handled, marks it ``InboxState/handling`` with a lease until
    /// `leaseUntil` (or takes over a handling entry whose lease expired), and counts the attempt.
    func claimNextInbound(at now: Date, leaseUntil: Date) async throws(SwitchboardError) -> InboxEntry?
    /// Writes an entry's state back (handled, pending again with a later `nextAttemptAt`, failed), keyed by its id.
    func updateInbound(_ entry: InboxEntry) async throws(SwitchboardError)
    /// Entries in `state` (every state when `nil`), oldest first, at most `limit`.
    func inboxEntries(state: InboxState?, limit: Int) async throws(SwitchboardError) -> [InboxEntry]
    /// One entry by id.
    func inboxEntry(id: Int64) async throws(SwitchboardError) -> InboxEntry?
    /// How many entries are in each state (states with none are absent).
    func inboxCounts() async throws(SwitchboardError) -> [InboxState: Int]
    /// When the earliest pending entry becomes due, if any is pending.
    func nextInboxDue() async throws(SwitchboardError) -> Date?
    /// Forgets handled entries handled before `handledBefore` and deduplication keys recorded
    /// before `seenBefore`; returns how many rows went.
    @discardableResult
    func pruneInbox(handledBefore: Date, seenBefore: Date) async throws(SwitchboardError) -> Int
}

/// Names an instance may go by besides its id (a WAHA session name), and the ids of messages an
/// instance sent (so a reaction to one's own message is recognized after a restart).
public protocol InstanceAliasStore: Sendable {
    /// Remembers that `alias` names instance `id` of `provider`.
    func rememberAlias(_ alias: String, for id: String, provider: String) async throws(SwitchboardError)
    /// The instance id `alias` names, when known.
    func instance(forAlias alias: String, provider: String) async throws(SwitchboardError) -> String?
}

/// The ids of messages sent through the library, per provider deployment.
public protocol SentMessageStore: Sendable {
    /// Remembers that `provider` sent `message` from `instance`.
    func rememberSent(_ message: MessageID, instance: String, provider: String, at date: Date) async throws(SwitchboardError)
    /// Whether `provider` sent `message` (compared by id, short or serialized form alike).
    func wasSent(_ message: MessageID, provider: String) async throws(SwitchboardError) -> Bool
}
