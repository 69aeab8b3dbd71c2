import Benchmark
import BenchMeasured
import BenchSupport
import Foundation
import Switchboard
import SwitchboardPostgres

final class PostgresOutboxToSentBox: @unchecked Sendable {
    var outboxes: [Outbox] = []
    var stores: [PostgresStore] = []
    var client: RouterClient?
}

/// Enqueue to sent on PostgreSQL (issue 16), on the benchmarks' own server (fsync on): each
/// iteration commits `messages` messages (one at a time, through the first replica), then the
/// dispatchers, one or three (each its own store and pool on one database, as replicas), run
/// `dispatchDue()` at once: they claim with `FOR UPDATE SKIP LOCKED` under a lease and send through
/// the router and the Wasup adapter to nginx, recording each as sent. Time per message.
func postgresOutboxToSentBenchmarks(baseURL: String?) {
    let messages = 64
    for dispatchers in [1, 3] {
        let box = PostgresOutboxToSentBox()
        measured(
            "Outbox PostgreSQL enqueue-to-sent \(dispatchers == 1 ? "1 dispatcher" : "3 dispatchers") x\(messages)",
            configuration: .init(metrics: [.wallClock, .mallocCountTotal], timeUnits: .nanoseconds,
                                 units: [.mallocCountTotal: .count], warmupIterations: 2,
                                 maxDuration: .seconds(3), maxIterations: 100_000, skip: baseURL == nil),
            closure: { _ in
                let outboxes = box.outboxes
                guard let first = outboxes.first, let store = box.stores.first else { throw BenchError("no outbox") }
                let before = try await store.outboxCounts()[.sent] ?? 0
                for index in 0..<messages {
                    try await first.enqueue(BenchTarget.message, from: ListedProvider.phone(index % RouterClient.instances))
                }
                await withTaskGroup(of: Void.self) { group in
                    for outbox in outboxes { group.addTask { _ = await outbox.dispatchDue() } }
                }
                let after = try await store.outboxCounts()
                guard (after[.sent] ?? 0) - before == messages else { throw BenchError("not all sent: \(after)") }
            },
            setup: {
                guard let baseURL else { return }
                let client = try RouterClient(baseURL: baseURL, origin: .automated)
                try await client.load()
                try await client.roundTrip()
                box.client = client
                box.stores = try await BenchPostgres.stores(dispatchers)
                box.outboxes = box.stores.map { Outbox(store: $0, sender: client.router) }
            },
            teardown: {
                box.outboxes = []
                for store in box.stores { await store.close() }
                box.stores = []
                try await box.client?.shutdown()
                box.client = nil
            }
        )
    }
}
