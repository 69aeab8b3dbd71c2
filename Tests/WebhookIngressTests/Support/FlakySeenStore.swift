import Foundation
import Switchboard
import Synchronization

/// A real ``SQLiteStore`` whose `markSeen` fails on the given calls (0 is the first), as a full
/// disk or a locked file would; every other call goes to the store.
final class FlakySeenStore: SeenEventStore {
    private let store: SQLiteStore
    private let failing: Set<Int>
    private let calls = Mutex(0)

    init(_ store: SQLiteStore, failing: Set<Int>) {
        self.store = store
        self.failing = failing
    }

    func markSeen(_ eventID: String, at date: Date) throws(SwitchboardError) -> Bool {
        let call = calls.withLock { count in
            defer { count += 1 }
            return count
        }
        if failing.contains(call) { throw .storage("store: disk I/O error (injected, call \(call))") }
        return try store.markSeen(eventID, at: date)
    }

    func forgetSeen(before date: Date) throws(SwitchboardError) -> Int {
        try store.forgetSeen(before: date)
    }
}
