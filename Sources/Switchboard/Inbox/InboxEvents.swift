import Foundation

/// The inbox read as a sequence: each event is handed over at least once, and is marked handled
/// when the loop asks for the next one (or ends normally). Backpressure is the loop itself: the
/// next event is claimed only when the loop is ready for it; nothing is buffered or dropped.
///
/// ```swift
/// for try await event in client.events() {
///     try await handle(event)     // throwing ends the loop; the event is handed over again later
/// }
/// ```
///
/// An event whose loop body throws, or whose process dies, stays claimed until its lease runs
/// out, then is handed over again.
public struct InboxEvents: AsyncSequence, Sendable {
    public typealias Element = InboundEvent

    let inbox: Inbox
    let prepare: @Sendable (InboxEntry) async throws -> InboundEvent
    let pollInterval: Duration

    /// Reads `inbox`; `prepare` runs on each entry and gives the event handed over.
    init(inbox: Inbox, pollInterval: Duration = .seconds(1), prepare: @escaping @Sendable (InboxEntry) async throws -> InboundEvent) {
        self.inbox = inbox
        self.prepare = prepare
        self.pollInterval = pollInterval
    }

    public func makeAsyncIterator() -> Iterator {
        Iterator(sequence: self)
    }

    /// Claims events one at a time.
    public struct Iterator: AsyncIteratorProtocol {
        let sequence: InboxEvents
        var previous: InboxEntry?

        /// Marks the previous event handled, then waits for the next one; `nil` when the task is
        /// cancelled or the inbox drains.
        public mutating func next() async throws -> InboundEvent? {
            if let previous {
                await sequence.inbox.finish(previous, error: nil)
                self.previous = nil
            }
            let inbox = sequence.inbox
            while !Task.isCancelled, !inbox.isDraining {
                if let entry = await inbox.claim() {
                    let event: InboundEvent
                    do {
                        event = try await sequence.prepare(entry)
                    } catch {
                        await inbox.finish(entry, error: error)
                        continue
                    }
                    previous = entry
                    return event
                }
                await inbox.wakeup.wait(upTo: sequence.pollInterval)
            }
            return nil
        }
    }
}

extension Inbox {
    /// The inbox read as a sequence (see ``InboxEvents``), with none of the client's own work:
    /// ``SwitchboardClient/events()`` is the one apps read.
    public func events(pollInterval: Duration = .seconds(1)) -> InboxEvents {
        InboxEvents(inbox: self, pollInterval: pollInterval) { $0.event }
    }
}
