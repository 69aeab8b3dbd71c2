import Benchmark
import BenchSupport
import Foundation
import Switchboard

/// The outbox and its store, built in setup.
final class OutboxBox: @unchecked Sendable {
    var outbox: Outbox?
    var store: SQLiteStore?
    var folder: URL?
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
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("switchboard-bench-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        box.folder = folder
        let store = try SQLiteStore(path: folder.appendingPathComponent("outbox.sqlite").path)
        let router = try MessageRouter(providers: [ListedProvider(count: 1, inner: nil)])
        box.store = store
        box.outbox = Outbox(store: store, sender: router)
    }, teardown: {
        box.outbox = nil
        box.store = nil
        if let folder = box.folder { try? FileManager.default.removeItem(at: folder) }
    })

    // The same messages committed together: one `enqueue(contentsOf:)`, one transaction.
    let batchBox = OutboxBox()
    measured("Outbox enqueue batched x\(enqueues)", configuration: settings(seconds: 3), closure: { _ in
        guard let outbox = batchBox.outbox else { throw BenchError("no outbox") }
        let messages = (0..<enqueues).map { _ in (message: BenchTarget.message, from: Optional(ListedProvider.phone(0)), idempotencyKey: String?.none) }
        blackHole(try await outbox.enqueue(contentsOf: messages))
    }, setup: {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("switchboard-bench-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        batchBox.folder = folder
        let store = try SQLiteStore(path: folder.appendingPathComponent("outbox.sqlite").path)
        let router = try MessageRouter(providers: [ListedProvider(count: 1, inner: nil)])
        batchBox.store = store
        batchBox.outbox = Outbox(store: store, sender: router)
    }, teardown: {
        batchBox.outbox = nil
        batchBox.store = nil
        if let folder = batchBox.folder { try? FileManager.default.removeItem(at: folder) }
    })
}
