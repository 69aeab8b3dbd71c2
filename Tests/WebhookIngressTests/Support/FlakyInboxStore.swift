import Foundation
import Switchboard
import Synchronization

/// A real in-memory ``SQLiteStore`` whose `recordInbound` fails on the given calls (0 is the
/// first), as a full disk or a locked file would; every other call goes to the store.
final class FlakyInboxStore: InboxStore {
    let store: SQLiteStore
    private let failing: Set<Int>
    private let calls = Mutex(0)

    init(_ store: SQLiteStore, failing: Set<Int>) {
        self.store = store
        self.failing = failing
    }

    func recordInbound(_ events: [(event: InboundEvent, key: String)], at date: Date) async throws(SwitchboardError) -> [InboxEntry] {
        let call = calls.withLock { count in
            defer { count += 1 }
            return count
        }
        if failing.contains(call) { throw .storage("store: disk I/O error (injected, call \(call))") }
        return try await store.recordInbound(events, at: date)
    }

    func claimNextInbound(at now: Date, leaseUntil: Date) async throws(SwitchboardError) -> InboxEntry? {
        try await store.claimNextInbound(at: now, leaseUntil: leaseUntil)
    }
    func updateInbound(_ entry: InboxEntry) async throws(SwitchboardError) { try await store.updateInbound(entry) }
    func inboxEntries(state: InboxState?, limit: Int) async throws(SwitchboardError) -> [InboxEntry] {
        try await store.inboxEntries(state: state, limit: limit)
    }
    func inboxEntry(id: Int64) async throws(SwitchboardError) -> InboxEntry? { try await store.inboxEntry(id: id) }
    func inboxCounts() async throws(SwitchboardError) -> [InboxState: Int] { try await store.inboxCounts() }
    func nextInboxDue() async throws(SwitchboardError) -> Date? { try await store.nextInboxDue() }
    func pruneInbox(handledBefore: Date, seenBefore: Date) async throws(SwitchboardError) -> Int {
        try await store.pruneInbox(handledBefore: handledBefore, seenBefore: seenBefore)
    }
}
