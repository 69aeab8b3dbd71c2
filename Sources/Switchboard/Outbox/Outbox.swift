import Foundation
import Logging
import Synchronization

/// A durable queue of messages to send: each is committed to the store before any network
/// traffic, then sent through the router by a dispatcher with bounded concurrency.
///
/// Apps use it through ``SwitchboardClient/enqueue(_:from:idempotencyKey:)``; the client's
/// `run()` runs the dispatcher.
///
/// - Idempotency: enqueuing a key again gives back the first entry, not a second message (and
///   throws ``SwitchboardError/Kind/invalidRequest`` if the message or phone differ).
/// - States: ``OutboxState``. A message that surely did not go out and may succeed later is
///   queued again after ``OutboxRetryPolicy``'s delay; an ambiguous failure is parked as
///   ``OutboxState/ambiguous`` and never re-sent by itself.
/// - Restarts: ``run(pollInterval:recovering:)`` first applies ``InterruptedSendPolicy`` to what a previous
///   process left sending, then resumes the queue.
///
/// Several processes may dispatch from one database: each message is claimed in a transaction,
/// by one dispatcher, under a lease of ``lease``; a dispatcher that dies leaves its claims to
/// expire, and another takes them over per ``interrupted`` (start them with
/// `run(recovering: false)`: a starting process cannot tell another's in-flight messages from a
/// dead one's, so only expired leases are taken over).
public final class Outbox: Sendable {
    /// How many sends may be in flight at once.
    public let concurrency: Int
    /// When failed messages are tried again.
    public let retry: OutboxRetryPolicy
    /// What happens to messages a previous process left sending.
    public let interrupted: InterruptedSendPolicy
    /// How long a claim holds: longer than a send can take (the transport's timeout).
    public let lease: Duration

    /// Paces each sending number before its sends; `nil`: nothing is paced.
    public let pacer: Pacer?

    let store: any OutboxStore
    let sender: any OutboundSender
    let clock: any TimeSource
    let logger: Logger
    let wakeup = Wakeup()
    let running = Mutex(false)
    let draining = Mutex(false)

    /// Creates an outbox over `store` that sends through `sender` (usually the ``MessageRouter``).
    public init(store: any OutboxStore, sender: any OutboundSender, concurrency: Int = 4,
                retry: OutboxRetryPolicy = OutboxRetryPolicy(), interrupted: InterruptedSendPolicy = .resend,
                lease: Duration = .seconds(120), clock: any TimeSource = SystemTimeSource(), pacer: Pacer? = nil,
                logger: Logger = Logger(label: "switchboard.outbox")) {
        self.pacer = pacer
        self.store = store
        self.sender = sender
        self.concurrency = max(1, concurrency)
        self.retry = retry
        self.interrupted = interrupted
        self.lease = lease
        self.clock = clock
        self.logger = logger
    }

    /// Commits several messages in one transaction (see ``enqueue(_:from:origin:idempotencyKey:)``);
    /// returns their entries in order.
    @discardableResult
    public func enqueue(contentsOf messages: [(message: OutboundMessage, from: Phone?, idempotencyKey: String?)],
                        origin: SendOrigin = .automated) async throws(SwitchboardError) -> [OutboxEntry] {
        let now = clock.now()
        var entries: [OutboxEntry] = []
        entries.reserveCapacity(messages.count)
        for item in messages {
            let key = item.idempotencyKey ?? FreshKey.make()
            try Self.validate(key: key)
            entries.append(OutboxEntry(idempotencyKey: key, message: item.message, from: item.from, origin: origin, createdAt: now))
        }
        let results = try await store.insertOutbox(contentsOf: entries)
        for (index, result) in results.enumerated() where !result.inserted {
            try Self.checkSame(result.entry, as: entries[index])
        }
        if results.contains(where: \.inserted) { wakeup.signal() }
        return results.map(\.entry)
    }

    static func validate(key: String) throws(SwitchboardError) {
        guard !key.isEmpty, key.count <= 256 else {
            throw .invalidRequest("an idempotency key must have 1 to 256 characters, this has \(key.count)")
        }
    }

    static func checkSame(_ stored: OutboxEntry, as entry: OutboxEntry) throws(SwitchboardError) {
        guard stored.message == entry.message, stored.from == entry.from else {
            throw .invalidRequest("idempotency key \"\(entry.idempotencyKey)\" was already used for a different message (outbox entry \(stored.id), \(stored.state))")
        }
    }

    /// Commits a message to the store, to be sent by the dispatcher; returns its entry. Nothing
    /// goes over the network before this returns.
    ///
    /// - Parameters:
    ///   - phone: The number to send from; `nil` lets the router's strategy pick.
    ///   - idempotencyKey: The same key enqueued again is the same message (the first entry is
    ///     returned, in whatever state it is). `nil` makes a fresh key: every call is a new message.
    @discardableResult
    public func enqueue(_ message: OutboundMessage, from phone: Phone? = nil, origin: SendOrigin = .automated,
                        idempotencyKey: String? = nil) async throws(SwitchboardError) -> OutboxEntry {
        let key = idempotencyKey ?? FreshKey.make()
        try Self.validate(key: key)
        let entry = OutboxEntry(idempotencyKey: key, message: message, from: phone, origin: origin, createdAt: clock.now())
        let (stored, inserted) = try await store.insertOutbox(entry)
        if inserted { wakeup.signal() } else { try Self.checkSame(stored, as: entry) }
        return stored
    }

    /// Entries in `state` (every state when `nil`), oldest first, at most `limit`
    /// (`switchboard outbox --state S`).
    public func entries(state: OutboxState? = nil, limit: Int = 100) async throws(SwitchboardError) -> [OutboxEntry] {
        try await store.outboxEntries(state: state, limit: limit)
    }

    /// One entry by id.
    public func entry(id: Int64) async throws(SwitchboardError) -> OutboxEntry? {
        try await store.outboxEntry(id: id)
    }

    /// One entry by idempotency key.
    public func entry(idempotencyKey: String) async throws(SwitchboardError) -> OutboxEntry? {
        try await store.outboxEntry(idempotencyKey: idempotencyKey)
    }

    /// How many entries are in each state (states with none are absent).
    public func counts() async throws(SwitchboardError) -> [OutboxState: Int] {
        try await store.outboxCounts()
    }

    /// Queues a ``OutboxState/failed`` or ``OutboxState/ambiguous`` message again, now: an
    /// operator's decision (for an ambiguous one, after checking that it did not arrive).
    /// Throws ``SwitchboardError/Kind/invalidRequest`` for a message in another state.
    @discardableResult
    public func requeue(id: Int64) async throws(SwitchboardError) -> OutboxEntry {
        guard var entry = try await store.outboxEntry(id: id) else { throw .notFound("outbox entry \(id) does not exist") }
        guard entry.state == .failed || entry.state == .ambiguous else {
            throw .invalidRequest("outbox entry \(id) is \(entry.state); only failed or ambiguous entries can be requeued")
        }
        let now = clock.now()
        entry.state = .queued
        entry.attempts = 0
        entry.nextAttemptAt = now
        entry.updatedAt = now
        try await store.updateOutbox(entry)
        wakeup.signal()
        return entry
    }
}
