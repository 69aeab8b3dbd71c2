import Benchmark
import BenchMeasured
import BenchSupport
import Foundation
import Switchboard
import SwitchboardPostgres
import SwitchboardWasup

/// What the PostgreSQL webhook benchmarks prepare in setup.
final class PostgresWebhookBox: @unchecked Sendable {
    var deliveries: [WebhookDelivery] = []
    var ingresses: [WebhookIngress] = []
    var stores: [PostgresStore] = []
    /// Makes each iteration's dedup keys new, as each real delivery is.
    var round = 0
}

/// Verified and deduplicated webhooks on PostgreSQL (issue 16): `WebhookIngress.receive` with a
/// `PostgresStore` on the benchmarks' own server (fsync on) as its inbox, each delivery verified,
/// decoded and recorded durably before its answer, as a webhook endpoint does. A server takes
/// deliveries concurrently, so 16 are in flight; with three replicas (each its own store and
/// pool on one database) they are spread over the three in turn. Deliveries that arrive together
/// share commits (the store's group commit). Every delivery is new.
func postgresWebhookBenchmarks() {
    let wasup = WasupFixtures.provider(baseURL: "http://127.0.0.1:9", transport: CapturingTransport(body: "{}"))
    let inFlight = 16
    for replicas in [1, 3] {
        let box = PostgresWebhookBox()
        measured("Webhook Wasup verify+decode+dedup PostgreSQL \(replicas == 1 ? "1 replica" : "3 replicas") c=\(inFlight) x\(dedupBatch)",
                 configuration: settings(maxIterations: dedupRounds - 3), closure: { _ in
            let ingresses = box.ingresses
            guard !ingresses.isEmpty else { throw BenchError("no ingress") }
            let round = box.round
            box.round += 1
            let deliveries = Array(box.deliveries[(round * dedupBatch)..<((round + 1) * dedupBatch)])
            try await withThrowingTaskGroup(of: Void.self) { group in
                for worker in 0..<inFlight {
                    group.addTask {
                        for index in stride(from: worker, to: deliveries.count, by: inFlight) {
                            let answer = await ingresses[index % ingresses.count].receive(provider: wasup.name, deliveries[index])
                            guard answer.status == 200, answer.events.count == 1 else {
                                throw BenchError("ingress answered \(answer.status): \(String(describing: answer.error))")
                            }
                        }
                    }
                }
                try await group.waitForAll()
            }
        }, setup: {
            let target = try await WasupFixtures.webhookTarget(instance: BenchTarget.instanceID)
            box.deliveries = (0..<(dedupRounds * dedupBatch)).map { WebhookDelivery(target: target, body: WasupFixtures.messageDelivery($0)) }
            try wasup.verifyWebhook(box.deliveries[0])
            box.round = 0
            box.stores = try await BenchPostgres.stores(replicas)
            box.ingresses = box.stores.map { WebhookIngress(providers: [wasup], inbox: Inbox(store: $0)) }
        }, teardown: {
            box.ingresses = []
            for store in box.stores { await store.close() }
            box.stores = []
        })
    }
}
