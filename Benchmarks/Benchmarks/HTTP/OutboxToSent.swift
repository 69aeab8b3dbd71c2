import Benchmark
import BenchMeasured
import BenchSupport
import Foundation
import Switchboard

final class OutboxToSentBox: @unchecked Sendable {
    var outbox: Outbox?
    var store: SQLiteStore?
    var client: RouterClient?
    var folder: URL?
}

/// Enqueue to sent: each iteration commits `messages` messages to the outbox (SQLite, WAL, temp
/// folder), then `dispatchDue()` claims and sends them all (the outbox's default concurrency of
/// 4) through the router and the Wasup adapter to nginx, recording each as sent. Time per message.
func outboxToSentBenchmark(baseURL: String?) {
    let box = OutboxToSentBox()
    let messages = 64
    measured(
        "Outbox enqueue-to-sent x\(messages)",
        configuration: .init(metrics: [.wallClock, .mallocCountTotal], timeUnits: .nanoseconds,
                             units: [.mallocCountTotal: .count], warmupIterations: 2,
                             maxDuration: .seconds(3), maxIterations: 100_000, skip: baseURL == nil),
        closure: { _ in
            guard let outbox = box.outbox, let store = box.store else { throw BenchError("no outbox") }
            let before = try await store.outboxCounts()[.sent] ?? 0
            for index in 0..<messages {
                try await outbox.enqueue(BenchTarget.message, from: ListedProvider.phone(index % RouterClient.instances))
            }
            _ = await outbox.dispatchDue()
            let after = try await store.outboxCounts()
            guard (after[.sent] ?? 0) - before == messages else { throw BenchError("not all sent: \(after)") }
        },
        setup: {
            guard let baseURL else { return }
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("switchboard-bench-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            box.folder = folder
            let client = try RouterClient(baseURL: baseURL, origin: .automated)
            try await client.load()
            try await client.roundTrip()
            let store = try SQLiteStore(path: folder.appendingPathComponent("outbox.sqlite").path)
            box.client = client
            box.store = store
            box.outbox = Outbox(store: store, sender: client.router)
        },
        teardown: {
            box.outbox = nil
            box.store = nil
            try await box.client?.shutdown()
            box.client = nil
            if let folder = box.folder { try? FileManager.default.removeItem(at: folder) }
        }
    )
}
