import Benchmark
import BenchMeasured
import BenchSupport
import Foundation
import Switchboard
import SwitchboardPostgres

/// Outboxes over PostgreSQL stores, built in setup.
final class PostgresOutboxBox: @unchecked Sendable {
    var outboxes: [Outbox] = []
    var stores: [PostgresStore] = []

    func load(replicas: Int) async throws {
        stores = try await BenchPostgres.stores(replicas)
        let router = try MessageRouter(providers: [ListedProvider(count: 1, inner: nil)])
        outboxes = stores.map { Outbox(store: $0, sender: router) }
    }

    func close() async {
        outboxes = []
        for store in stores { await store.close() }
        stores = []
    }
}

/// Durable enqueues into PostgreSQL (issue 16) on the benchmarks' own server, fsync on (see
/// `BenchPostgres`); nothing dispatches, so the queue only grows. Each iteration enqueues
/// `enqueues` messages:
/// - one replica, one at a time: each enqueue is its own commit, a round trip and a WAL flush;
/// - three replicas at once (each its own store and pool on one database), each one at a time;
/// - one replica with 16 enqueues in flight: they share commits (the store's group commit);
/// - one replica, one `enqueue(contentsOf:)`: one statement.
func postgresOutboxBenchmarks() {
    let enqueues = 96
    for (name, replicas, inFlight) in [("1 replica", 1, 1), ("3 replicas", 3, 1), ("1 replica c=16", 1, 16)] {
        let box = PostgresOutboxBox()
        measured("Outbox PostgreSQL enqueue \(name) x\(enqueues)", configuration: settings(seconds: 3), closure: { _ in
            let outboxes = box.outboxes
            guard !outboxes.isEmpty else { throw BenchError("no outbox") }
            let workers = outboxes.count * inFlight
            try await withThrowingTaskGroup(of: Void.self) { group in
                for worker in 0..<workers {
                    let outbox = outboxes[worker % outboxes.count]
                    group.addTask {
                        for _ in 0..<(enqueues / workers) {
                            blackHole(try await outbox.enqueue(BenchTarget.message, from: ListedProvider.phone(0)))
                        }
                    }
                }
                try await group.waitForAll()
            }
        }, setup: {
            try await box.load(replicas: replicas)
        }, teardown: {
            await box.close()
        })
    }

    let batchBox = PostgresOutboxBox()
    measured("Outbox PostgreSQL enqueue batched x\(enqueues)", configuration: settings(seconds: 3), closure: { _ in
        guard let outbox = batchBox.outboxes.first else { throw BenchError("no outbox") }
        let messages = (0..<enqueues).map { _ in
            (message: BenchTarget.message, from: Optional(ListedProvider.phone(0)), idempotencyKey: String?.none)
        }
        blackHole(try await outbox.enqueue(contentsOf: messages))
    }, setup: {
        try await batchBox.load(replicas: 1)
    }, teardown: {
        await batchBox.close()
    })
}
