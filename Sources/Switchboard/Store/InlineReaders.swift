import Foundation
import GRDB
import Synchronization

/// Read-only connections to a store's file that a read takes on the calling thread, only when one
/// is free at that instant: it never waits for a connection, nor for another process's lock (no
/// busy timeout), and says so by returning `nil`, so that the caller goes through GRDB's async
/// reader pool instead.
///
/// For the read every automated send makes (the handoff check). Through the pool, one read is a hop
/// to a reader's dispatch queue and back plus a `BEGIN`/`COMMIT`: about 100 µs of CPU a read in
/// `BenchProfile handoff-1`, almost all of it thread wake-ups. On the calling thread it is the
/// statement alone, about 8 µs (issue 17). A free connection's queue is idle, so GRDB's
/// synchronous read runs on this thread without blocking it.
///
/// `body` must be one statement: it runs outside an explicit transaction, in the statement's own
/// read transaction, so it sees every commit made before it, by any connection or process, as a
/// pooled read does, but two statements could see two different commits.
final class InlineReaders: Sendable {
    private let connections: [DatabaseQueue]
    /// Which connections are taken, one bit each.
    private let taken = Mutex<UInt64>(0)

    /// `count` read-only connections to the WAL database at `path`, or none when one cannot be opened.
    init(path: String, count: Int) {
        var configuration = Configuration()
        configuration.label = "switchboard.store.inline"
        configuration.readonly = true
        configuration.busyMode = .immediateError
        var connections: [DatabaseQueue] = []
        for _ in 0..<min(max(count, 0), 64) {
            guard let queue = try? DatabaseQueue(path: path, configuration: configuration) else { break }
            connections.append(queue)
        }
        self.connections = connections
    }

    /// `body`'s result, read on this thread through a free connection; `nil` when none is free or
    /// the read failed (the caller's pooled read then answers, with its own error if it fails too).
    func read<T>(_ body: (Database) throws -> T) -> T? {
        guard let index = take() else { return nil }
        defer { release(index) }
        // One statement is its own read transaction: no BEGIN and COMMIT around it.
        return try? connections[index].unsafeRead(body)
    }

    /// Closes every connection; later reads find none free.
    func close() {
        taken.withLock { $0 = .max }
        for connection in connections { try? connection.close() }
    }

    private func take() -> Int? {
        taken.withLock { bits in
            for index in connections.indices where bits & (1 << UInt64(index)) == 0 {
                bits |= 1 << UInt64(index)
                return index
            }
            return nil
        }
    }

    private func release(_ index: Int) {
        taken.withLock { $0 &= ~(1 << UInt64(index)) }
    }
}
