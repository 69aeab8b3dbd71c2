import Benchmark
import BenchMeasured
import BenchSupport
import Foundation
import Switchboard

/// The outbox and its store, built in setup.
final class OutboxBox: @unchecked Sendable {
    var outbox: Outbox?
    var store: SQLiteStore?
    var folder: URL?

    /// A new SQLite file in a temporary folder, and an outbox on it that routes to one instance.
    func load() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("switchboard-bench-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        self.folder = folder
        let store = try SQLiteStore(path: folder.appendingPathComponent("outbox.sqlite").path)
        let router = try MessageRouter(providers: [ListedProvider(count: 1, inner: nil)])
        self.store = store
        outbox = Outbox(store: store, sender: router)
    }

    /// Drops the outbox and the store, and removes the folder.
    func close() {
        outbox = nil
        store = nil
        if let folder { try? FileManager.default.removeItem(at: folder) }
    }
}

/// Durable enqueues: `Outbox.enqueue` commits each message to SQLite (WAL file in a temp folder)
/// before it returns. Nothing dispatches, so the queue only grows.
func outboxBenchmarks() {
    let box = OutboxBox()
    let enqueues = 100
    measured("Outbox enqueue x\(enqueues)", configuration: settings(seconds: 3), closure: { _ in
        guard let outbox = box.outbox else { throw BenchError("no outbox") }
        for _ in 0..<enqueues {
            blackHole(try await outbox.enqueue(BenchTarget.message, from: ListedProvider.phone(0)))
        }
    }, setup: {
        try box.load()
    }, teardown: {
        box.close()
    })

    // The same messages committed together: one `enqueue(contentsOf:)`, one transaction.
    let batchBox = OutboxBox()
    measured("Outbox enqueue batched x\(enqueues)", configuration: settings(seconds: 3), closure: { _ in
        guard let outbox = batchBox.outbox else { throw BenchError("no outbox") }
        let messages = (0..<enqueues).map { _ in (message: BenchTarget.message, from: Optional(ListedProvider.phone(0)), idempotencyKey: String?.none) }
        blackHole(try await outbox.enqueue(contentsOf: messages))
    }, setup: {
        try batchBox.load()
    }, teardown: {
        batchBox.close()
    })
}
