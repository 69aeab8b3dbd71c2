import Benchmark
import BenchMeasured
import BenchSupport
import Foundation
import Switchboard
import SwitchboardWasup
import SwitchboardWawp

/// Deliveries per iteration with a durable write each: fewer, since each is a transaction.
let dedupBatch = 100
/// Iterations (warm-up included) the deliveries prepared for the dedup benchmarks last.
let dedupRounds = 100

/// What the webhook benchmarks prepare in setup.
final class WebhookBox: @unchecked Sendable {
    var wasup: [WebhookDelivery] = []
    var wawp: [WebhookDelivery] = []
    var store: SQLiteStore?
    var ingress: WebhookIngress?
    var wawpName = ""
    var folder: URL?
    /// Makes each iteration's dedup keys new, as each real delivery is.
    var round = 0
}

/// Webhook deliveries on one thread, `batch` distinct text messages per iteration:
/// - decode: `decodeWebhook` alone;
/// - verify+decode: `verifyWebhook` first (Wasup: the URL token, HMAC-SHA256; Wawp: HMAC-SHA512
///   of the body, freshness and its in-memory replay filter, new for each iteration);
/// - verify+decode+dedup: `WebhookIngress.receive` with an `SQLiteStore` (WAL file in a temp folder)
///   as its seen-event store, which verifies, decodes and marks each event seen.
func webhookBenchmarks() {
    let box = WebhookBox()
    let wasup = WasupFixtures.provider(baseURL: "http://127.0.0.1:9", transport: CapturingTransport(body: "{}"))
    let prepare: @Sendable () async throws -> Void = {
        let target = try await WasupFixtures.webhookTarget(instance: BenchTarget.instanceID)
        box.wasup = (0..<batch).map { WebhookDelivery(target: target, body: WasupFixtures.messageDelivery($0)) }
        box.wawp = (0..<batch).map(WawpFixtures.messageDelivery)
        // Both must be genuine and decode to a message, or the numbers mean nothing.
        try wasup.verifyWebhook(box.wasup[0])
        try WawpFixtures.provider().verifyWebhook(box.wawp[0])
        for events in [try wasup.decodeWebhook(box.wasup[0]), try WawpFixtures.provider().decodeWebhook(box.wawp[0])] {
            guard events.count == 1, case .message = events[0].body else { throw BenchError("a delivery did not decode to one message: \(events)") }
        }
    }
    measured("Webhook Wasup decode x\(batch)", configuration: settings(), closure: { _ in
        for delivery in box.wasup { blackHole(try wasup.decodeWebhook(delivery)) }
    }, setup: prepare)

    measured("Webhook Wasup verify+decode x\(batch)", configuration: settings(), closure: { _ in
        for delivery in box.wasup {
            try wasup.verifyWebhook(delivery)
            blackHole(try wasup.decodeWebhook(delivery))
        }
    }, setup: prepare)

    measured("Webhook Wawp decode x\(batch)", configuration: settings(), closure: { _ in
        let wawp = WawpFixtures.provider()
        for delivery in box.wawp { blackHole(try wawp.decodeWebhook(delivery)) }
    }, setup: prepare)

    measured("Webhook Wawp verify+decode x\(batch)", configuration: settings(), closure: { _ in
        let wawp = WawpFixtures.provider()  // a new replay filter: every delivery is new to it
        for delivery in box.wawp {
            try wawp.verifyWebhook(delivery)
            blackHole(try wawp.decodeWebhook(delivery))
        }
    }, setup: prepare)

    // Through `WebhookIngress.receive` with the SQLite store as its seen-event store: verify,
    // decode, `markSeen` per event, exactly as a webhook endpoint does. Every delivery is new (its
    // own message id, and for Wawp its own request id for the replay filter), so each iteration
    // takes the next `dedupBatch` of deliveries prepared in setup.
    // With 16 in flight as well, as a server takes deliveries: those that arrive together share a
    // commit (the store's group commit), the "batched commits" of issue 17's target.
    for (provider, inFlight) in [("Wasup", 1), ("Wawp", 1), ("Wasup", 16), ("Wawp", 16)] {
        measured("Webhook \(provider) verify+decode+dedup\(inFlight == 1 ? "" : " c=\(inFlight)") x\(dedupBatch)",
                  configuration: settings(maxIterations: dedupRounds - 3), closure: { _ in
            guard let ingress = box.ingress else { throw BenchError("no ingress") }
            let round = box.round
            box.round += 1
            let deliveries = provider == "Wasup" ? box.wasup : box.wawp
            let name = provider == "Wasup" ? wasup.name : box.wawpName
            let batch = Array(deliveries[(round * dedupBatch)..<((round + 1) * dedupBatch)])
            // Worker `worker` of `inFlight` receives every `inFlight`-th delivery, one after another.
            let work: @Sendable (Int) async throws -> Void = { worker in
                for index in stride(from: worker, to: batch.count, by: inFlight) {
                    let answer = await ingress.receive(provider: name, batch[index])
                    guard answer.status == 200, answer.events.count == 1 else {
                        throw BenchError("ingress answered \(answer.status): \(String(describing: answer.error))")
                    }
                }
            }
            guard inFlight > 1 else { return try await work(0) }
            try await withThrowingTaskGroup(of: Void.self) { group in
                for worker in 0..<inFlight { group.addTask { try await work(worker) } }
                try await group.waitForAll()
            }
        }, setup: {
            try await prepare()
            box.round = 0
            let count = dedupRounds * dedupBatch
            if provider == "Wasup" {
                let target = box.wasup[0].target
                box.wasup = (0..<count).map { WebhookDelivery(target: target, body: WasupFixtures.messageDelivery($0)) }
            } else {
                box.wawp = (0..<count).map(WawpFixtures.messageDelivery)
            }
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("switchboard-bench-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            box.folder = folder
            let store = try SQLiteStore(path: folder.appendingPathComponent("dedup.sqlite").path)
            let wawp = WawpFixtures.provider()
            box.wawpName = wawp.name
            box.store = store
            box.ingress = WebhookIngress(providers: [wasup, wawp], inbox: Inbox(store: store))
        }, teardown: {
            box.ingress = nil
            box.store = nil
            if let folder = box.folder { try? FileManager.default.removeItem(at: folder) }
        })
    }
}
