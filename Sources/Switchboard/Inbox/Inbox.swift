import Foundation
import Logging
import Tracing
import Synchronization

/// Durable receives: every inbound event is recorded before its webhook is answered, then handed
/// to the app's handler at least once, in order per chat, and marked handled only when the
/// handler returns.
///
/// - A handler that throws gets the event again after ``InboxRetryPolicy``'s delay; after its
///   last attempt the event is parked as ``InboxState/failed`` and the chat's later events flow
///   on. ``replay(id:)`` hands a failed event over again.
/// - Events of one chat are handed over one at a time, oldest first; events of different chats
///   in parallel, up to ``concurrency``.
/// - Several processes may dispatch from one store: claims are leases (``lease``), and a dead
///   dispatcher's claims are taken over when they expire.
///
/// Apps use it through ``SwitchboardClient``: its `run()` runs ``run(pollInterval:recovering:handler:)`` when the client
/// was given a handler, or the app reads ``SwitchboardClient/events()``.
public final class Inbox: Sendable {
    /// Handles one event; throwing hands it over again later.
    public typealias Handler = @Sendable (InboundEvent) async throws -> Void

    /// How many events are handled at once (each of a different chat).
    public let concurrency: Int
    /// When a failed event is tried again, and when it is parked.
    public let retry: InboxRetryPolicy
    /// How long a claim holds: longer than a handler may take.
    public let lease: Duration

    let store: any InboxStore
    let clock: any TimeSource
    let logger: Logger
    let wakeup = Wakeup()
    let draining = Mutex(false)

    /// Creates an inbox over `store`.
    public init(store: any InboxStore, concurrency: Int = 4, retry: InboxRetryPolicy = InboxRetryPolicy(),
                lease: Duration = .seconds(300), clock: any TimeSource = SystemTimeSource(),
                logger: Logger = Logger(label: "switchboard.inbox")) {
        self.store = store
        self.concurrency = max(1, concurrency)
        self.retry = retry
        self.lease = lease
        self.clock = clock
        self.logger = logger
    }

    /// Records a delivery's events that were not seen before (by key), in one transaction, and
    /// wakes the dispatcher; returns what was recorded.
    public func record(_ events: [(event: InboundEvent, key: String)], at date: Date) async throws(SwitchboardError) -> [InboxEntry] {
        let recorded = try await store.recordInbound(events, at: date)
        if !recorded.isEmpty { wakeup.signal() }
        return recorded
    }

    /// Entries in `state` (every state when `nil`), oldest first, at most `limit`.
    public func entries(state: InboxState? = nil, limit: Int = 100) async throws(SwitchboardError) -> [InboxEntry] {
        try await store.inboxEntries(state: state, limit: limit)
    }

    /// One entry by id.
    public func entry(id: Int64) async throws(SwitchboardError) -> InboxEntry? {
        try await store.inboxEntry(id: id)
    }

    /// How many entries are in each state.
    public func counts() async throws(SwitchboardError) -> [InboxState: Int] {
        try await store.inboxCounts()
    }

    /// Hands a ``InboxState/failed`` event over again, now. Throws
    /// ``SwitchboardError/Kind/notFound`` for an unknown id and
    /// ``SwitchboardError/Kind/invalidRequest`` for an event in another state.
    @discardableResult
    public func replay(id: Int64) async throws(SwitchboardError) -> InboxEntry {
        guard var entry = try await store.inboxEntry(id: id) else { throw .notFound("inbox entry \(id) does not exist") }
        guard entry.state == .failed else {
            throw .invalidRequest("inbox entry \(id) is \(entry.state); only failed entries can be replayed")
        }
        entry.state = .pending
        entry.attempts = 0
        entry.nextAttemptAt = clock.now()
        entry.leaseExpiresAt = nil
        try await store.updateInbound(entry)
        wakeup.signal()
        return entry
    }

    /// Forgets handled events and deduplication keys older than `retention`; how many rows went.
    @discardableResult
    public func prune(olderThan retention: Duration) async throws(SwitchboardError) -> Int {
        let cutoff = clock.now().adding(.zero - retention)
        return try await store.pruneInbox(handledBefore: cutoff, seenBefore: cutoff)
    }

    /// Stops claiming events: a running ``run(pollInterval:recovering:handler:)`` returns once the handlers in flight
    /// have finished.
    public func drain() {
        draining.withLock { $0 = true }
        wakeup.signal()
    }

    var isDraining: Bool { draining.withLock { $0 } }

    /// Hands the events a previous process left ``InboxState/handling`` over again now, instead
    /// of when their leases run out; returns how many there were. Call it only when no other
    /// process dispatches from the same store (their events in hand would look interrupted):
    /// ``run(pollInterval:recovering:handler:)`` does with `recovering: true`.
    @discardableResult
    public func recoverInterrupted() async throws(SwitchboardError) -> Int {
        var count = 0
        while true {
            let left = try await store.inboxEntries(state: .handling, limit: 500)
            guard !left.isEmpty else { break }
            let now = clock.now()
            for var entry in left {
                entry.state = .pending
                entry.leaseExpiresAt = nil
                entry.nextAttemptAt = now
                try await store.updateInbound(entry)
            }
            count += left.count
        }
        if count > 0 { logger.warning("inbox: \(count) event(s) were left handling by a previous process; handed over again") }
        return count
    }

    /// Hands events to `handler` until the calling task is cancelled or ``drain()`` is called: at
    /// once when an event is recorded (by another process too, when the store is
    /// ``StoreChangeNotifying``), when a retry falls due, and at least every `pollInterval`.
    ///
    /// - Parameter recovering: Whether to hand over at once the events a previous process left
    ///   in hand (``recoverInterrupted()``). Leave it `false` when several processes dispatch
    ///   from one store: a starting process cannot tell another's events in hand from a dead
    ///   one's, so only expired leases are taken over.
    public func run(pollInterval: Duration = .seconds(1), recovering: Bool = false, handler: @escaping Handler) async {
        if recovering {
            do { try await recoverInterrupted() } catch { logger.error("inbox: cannot recover interrupted events: \(error)") }
        }
        // Events recorded by another process wake this dispatcher at once when the store tells.
        let listener = wakeup.follow(store, .inbox)
        defer { listener?.cancel() }
        while !Task.isCancelled, !isDraining {
            await dispatchDue(handler: handler)
            guard !isDraining else { return }
            var wait = pollInterval
            if let due = try? await store.nextInboxDue() {
                wait = min(wait, .interval(due.timeIntervalSince(clock.now())))
            }
            await wakeup.wait(upTo: max(wait, .milliseconds(1)))
        }
    }

    /// Hands over every event due now, at most ``concurrency`` at once; returns how many
    /// handler calls were made.
    @discardableResult
    public func dispatchDue(handler: @escaping Handler) async -> Int {
        await withTaskGroup(of: Void.self) { group in
            var inFlight = 0
            var calls = 0
            var drained = false
            while true {
                if !drained, inFlight < concurrency, !isDraining {
                    if let entry = await claim() {
                        group.addTask { await self.handle(entry, with: handler) }
                        inFlight += 1
                        calls += 1
                        continue
                    }
                    drained = true
                }
                guard inFlight > 0 else { return calls }
                await group.next()
                inFlight -= 1
                drained = false
            }
        }
    }

    /// Claims the next entry due, or `nil`.
    func claim() async -> InboxEntry? {
        let now = clock.now()
        do {
            return try await store.claimNextInbound(at: now, leaseUntil: now.adding(lease))
        } catch {
            logger.error("inbox: cannot claim an event: \(error)")
            return nil
        }
    }

    /// Runs the handler on one claimed entry and records the outcome.
    /// Traced as a `switchboard.inbox.handle` span, inside which the handler runs (its own spans
    /// are children of it).
    func handle(_ claimed: InboxEntry, with handler: Handler) async {
        await SwitchboardTracing.withSpan("switchboard.inbox.handle", ofKind: .consumer) { span in
            span.set(SwitchboardTracing.Attribute.provider, claimed.event.provider)
            do {
                try await handler(claimed.event)
                await finish(claimed, error: nil)
            } catch {
                span.setStatus(SpanStatus(code: .error))
                await finish(claimed, error: error)
            }
        }
    }

    /// Marks a claimed entry handled (`error` is `nil`), pending again, or failed.
    func finish(_ claimed: InboxEntry, error: (any Error)?) async {
        var entry = claimed
        let now = clock.now()
        entry.leaseExpiresAt = nil
        if let error {
            entry.lastError = Redaction.redact("\(error)")
            if let delay = retry.delay(afterAttempts: entry.attempts) {
                entry.state = .pending
                entry.nextAttemptAt = now.adding(delay)
                logger.warning("inbox: the handler failed on event \(entry.id) (attempt \(entry.attempts)); again in \(delay): \(entry.lastError ?? "")")
            } else {
                entry.state = .failed
                logger.error("inbox: event \(entry.id) parked as failed after \(entry.attempts) attempt(s): \(entry.lastError ?? "")")
            }
        } else {
            entry.state = .handled
            entry.handledAt = now
            entry.lastError = nil
            SwitchboardMetrics.recordDispatchLag(now.timeIntervalSince(entry.receivedAt))
        }
        do {
            try await store.updateInbound(entry)
            if entry.state == .pending { wakeup.signal() }
        } catch {
            // Left handling: its lease expires and it is handed over again (at least once).
            logger.error("inbox: cannot record the outcome of event \(entry.id): \(error)")
        }
    }
}
