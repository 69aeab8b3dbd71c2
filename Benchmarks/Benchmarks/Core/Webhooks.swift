import Benchmark
import BenchSupport
import Foundation
import Switchboard
import SwitchboardWasup
import SwitchboardWawp

/// Deliveries per iteration with a durable write each: fewer, since each commits to disk.
let dedupBatch = 100

/// What the webhook benchmarks prepare in setup.
final class WebhookBox: @unchecked Sendable {
    var wasup: [WebhookDelivery] = []
    var wawp: [WebhookDelivery] = []
    var store: SQLiteStore?
    var folder: URL?
    /// Makes each iteration's dedup keys new, as each real delivery is.
    var round = 0
}

/// Webhook deliveries on one thread, `batch` distinct text messages per iteration:
/// - decode: `decodeWebhook` alone;
/// - verify+decode: `verifyWebhook` first (Wasup: the URL token, HMAC-SHA256; Wawp: HMAC-SHA512
///   of the body, freshness and its in-memory replay filter, new for each iteration);
/// - verify+decode+dedup: then `SQLiteStore.markSeen` for each event, on a WAL file in a temp folder.
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
    let prepareStore: @Sendable () async throws -> Void = {
        try await prepare()
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("switchboard-bench-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        box.folder = folder
        box.store = try SQLiteStore(path: folder.appendingPathComponent("dedup.sqlite").path)
    }
    let removeStore: @Sendable () async throws -> Void = {
        box.store = nil
        if let folder = box.folder { try? FileManager.default.removeItem(at: folder) }
    }

    Benchmark("Webhook Wasup decode x\(batch)", configuration: settings(), closure: { _ in
        for delivery in box.wasup { blackHole(try wasup.decodeWebhook(delivery)) }
    }, setup: prepare)

    Benchmark("Webhook Wasup verify+decode x\(batch)", configuration: settings(), closure: { _ in
        for delivery in box.wasup {
            try wasup.verifyWebhook(delivery)
            blackHole(try wasup.decodeWebhook(delivery))
        }
    }, setup: prepare)

    Benchmark("Webhook Wasup verify+decode+dedup x\(dedupBatch)", configuration: settings(), closure: { _ in
        guard let store = box.store else { throw BenchError("no store") }
        box.round += 1
        let round = box.round
        for delivery in box.wasup.prefix(dedupBatch) {
            try wasup.verifyWebhook(delivery)
            for event in try wasup.decodeWebhook(delivery) {
                guard try store.markSeen("\(event.provider)/\(round)/\(event.id)", at: event.timestamp ?? Date()) else {
                    throw BenchError("a new delivery was seen before")
                }
            }
        }
    }, setup: prepareStore, teardown: removeStore)

    Benchmark("Webhook Wawp decode x\(batch)", configuration: settings(), closure: { _ in
        let wawp = WawpFixtures.provider()
        for delivery in box.wawp { blackHole(try wawp.decodeWebhook(delivery)) }
    }, setup: prepare)

    Benchmark("Webhook Wawp verify+decode x\(batch)", configuration: settings(), closure: { _ in
        let wawp = WawpFixtures.provider()  // a new replay filter: every delivery is new to it
        for delivery in box.wawp {
            try wawp.verifyWebhook(delivery)
            blackHole(try wawp.decodeWebhook(delivery))
        }
    }, setup: prepare)

    Benchmark("Webhook Wawp verify+decode+dedup x\(dedupBatch)", configuration: settings(), closure: { _ in
        guard let store = box.store else { throw BenchError("no store") }
        box.round += 1
        let round = box.round
        let wawp = WawpFixtures.provider()
        for delivery in box.wawp.prefix(dedupBatch) {
            try wawp.verifyWebhook(delivery)
            for event in try wawp.decodeWebhook(delivery) {
                guard try store.markSeen("\(event.provider)/\(round)/\(event.id)", at: event.timestamp ?? Date()) else {
                    throw BenchError("a new delivery was seen before")
                }
            }
        }
    }, setup: prepareStore, teardown: removeStore)
}
