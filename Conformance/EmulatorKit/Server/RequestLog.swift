import Synchronization

/// Every provider API request an emulator served, in order. Thread-safe.
public final class RequestLog: Sendable {
    private let state = Mutex<(next: Int, entries: [RecordedRequest])>((1, []))

    /// An empty log.
    public init() {}

    /// Reserves the next sequence number.
    public func nextSequence() -> Int {
        state.withLock { state in
            defer { state.next += 1 }
            return state.next
        }
    }

    /// Appends an entry.
    public func append(_ entry: RecordedRequest) {
        state.withLock { $0.entries.append(entry) }
    }

    /// The entries in sequence order.
    public var entries: [RecordedRequest] {
        state.withLock { $0.entries }.sorted { $0.sequence < $1.sequence }
    }

    /// Forgets every entry (sequence numbers keep counting).
    public func clear() {
        state.withLock { $0.entries.removeAll() }
    }
}
