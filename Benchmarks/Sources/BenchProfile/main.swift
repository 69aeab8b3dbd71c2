import BenchSupport
import Foundation
import Switchboard
import SwitchboardWasup
import SwitchboardWawp

// BenchProfile WORKLOAD [COUNT]: runs one benchmark's work COUNT times in a plain loop, outside the
// harness, for a profiler (`perf record -g .build/release/BenchProfile stack 20000`). Prints the
// time per operation; BENCHMARKS.md's numbers come from `make bench`, not from this.
//
// The work runs in a nonisolated function: top-level code runs on the main actor, and every call
// from it into the (nonisolated) library would hop to the global executor and back, two thread
// switches an operation that an app calling from a request handler does not pay.
let arguments = CommandLine.arguments
try await profile(arguments.count > 1 ? arguments[1] : "help",
                  count: arguments.count > 2 ? Int(arguments[2]) ?? 10_000 : 10_000)

func report(_ workload: String, _ elapsed: Duration, _ operations: Int) {
    let nanos = Double(elapsed.components.seconds) * 1e9 + Double(elapsed.components.attoseconds) / 1e9
    print("\(workload): \(operations) ops, \(String(format: "%.2f", nanos / Double(operations) / 1000)) µs/op")
}

func profile(_ workload: String, count: Int) async throws {
    let clock = ContinuousClock()
    switch workload {
    case "stack":
        let transport = CapturingTransport(body: WasupFixtures.sendSuccess)
        let wasup = WasupFixtures.provider(baseURL: "http://127.0.0.1:9", transport: transport)
        let elapsed = try await clock.measure {
            for _ in 0..<count { _ = try await wasup.send(BenchTarget.message, from: BenchTarget.instanceID) }
        }
        report(workload, elapsed, count)
    case "wasup-decode", "wasup-verify":
        // The deliveries the harness times: with the instance's webhook URL as their target.
        let wasup = WasupFixtures.provider(baseURL: "http://127.0.0.1:9", transport: CapturingTransport(body: "{}"))
        let target = try await WasupFixtures.webhookTarget(instance: BenchTarget.instanceID)
        let deliveries = (0..<1000).map { WebhookDelivery(target: target, body: WasupFixtures.messageDelivery($0)) }
        let elapsed = try clock.measure {
            for index in 0..<count {
                let delivery = deliveries[index % deliveries.count]
                if workload == "wasup-verify" { try wasup.verifyWebhook(delivery) } else { _ = try wasup.decodeWebhook(delivery) }
            }
        }
        report(workload, elapsed, count)
    case "wawp-decode", "wawp-verify":
        let wawp = WawpFixtures.provider()
        let deliveries = (0..<1000).map(WawpFixtures.messageDelivery)
        let elapsed = try clock.measure {
            for index in 0..<count {
                let delivery = deliveries[index % deliveries.count]
                if workload == "wawp-verify" { try wawp.verifyWebhook(delivery) } else { _ = try wawp.decodeWebhook(delivery) }
            }
        }
        report(workload, elapsed, count)
    case "provider-direct":
        // The floor under `router-N`: the same provider's send, called directly.
        let provider: any MessagingProvider = ListedProvider(count: 100, inner: nil)
        let elapsed = try await clock.measure {
            for index in 0..<count { _ = try await provider.send(BenchTarget.message, from: index & 1 == 0 ? "a" : "b") }
        }
        report(workload, elapsed, count)
    case let name where name.hasPrefix("router-"):
        // As the harness's row: phones made beforehand, cycling over up to 1,000 instances.
        let size = Int(name.dropFirst("router-".count)) ?? 100
        let router = try MessageRouter(providers: [ListedProvider(count: size, inner: nil)])
        _ = await router.refresh()
        let phones = (0..<min(size, 1000)).map { ListedProvider.phone($0 * size / min(size, 1000)) }
        let elapsed = try await clock.measure {
            for index in 0..<count { _ = try await router.send(BenchTarget.message, from: phones[index % phones.count]) }
        }
        report(workload, elapsed, count)
    case "enqueue", "dedup":
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("switchboard-profile-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = try SQLiteStore(path: folder.appendingPathComponent("profile.sqlite").path)
        let outbox = Outbox(store: store, sender: try MessageRouter(providers: [ListedProvider(count: 1, inner: nil)]))
        let elapsed = try await clock.measure {
            for index in 0..<count {
                if workload == "enqueue" {
                    _ = try await outbox.enqueue(BenchTarget.message, from: ListedProvider.phone(0))
                } else {
                    // What the ingress commits for one new delivery: its dedup mark and its inbox row.
                    let event = InboundEvent(provider: "wasup-bench", instance: BenchTarget.instanceID, id: "\(index)",
                                             timestamp: nil, body: .other(type: "bench", raw: "{}"))
                    _ = try await store.recordInbound([(event, "wasup-bench/\(index)")], at: Date())
                }
            }
        }
        report(workload, elapsed, count)
    case let name where name.hasPrefix("curl-"):
        // CurlTransport alone against the bench target (SWITCHBOARD_BENCH_URL), C workers at once.
        let concurrency = Int(name.dropFirst("curl-".count)) ?? 1
        guard let baseURL = BenchTarget.baseURL else { print("set SWITCHBOARD_BENCH_URL"); exit(2) }
        let request = try await WasupFixtures.sendRequest(baseURL: baseURL)
        let transport = CurlTransport()
        _ = try await transport.send(request)
        let perWorker = max(1, count / concurrency)
        let elapsed = try await clock.measure {
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<concurrency {
                    group.addTask { for _ in 0..<perWorker { _ = try await transport.send(request) } }
                }
                try await group.waitForAll()
            }
        }
        await transport.shutdown()
        report(workload, elapsed, perWorker * concurrency)
    case let name where name.hasPrefix("ingress-"):
        // The dedup rows: `WebhookIngress.receive` of new Wasup deliveries over an SQLiteStore
        // (verify, decode, the dedup mark and inbox row committed), C in flight; prints CPU.
        let concurrency = Int(name.dropFirst("ingress-".count)) ?? 1
        let wasup = WasupFixtures.provider(baseURL: "http://127.0.0.1:9", transport: CapturingTransport(body: "{}"))
        let target = try await WasupFixtures.webhookTarget(instance: BenchTarget.instanceID)
        let deliveries = (0..<count).map { WebhookDelivery(target: target, body: WasupFixtures.messageDelivery($0)) }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("switchboard-profile-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = try SQLiteStore(path: folder.appendingPathComponent("profile.sqlite").path)
        let ingress = WebhookIngress(providers: [wasup], inbox: Inbox(store: store))
        let cpu = ProcessCPU.nanoseconds()
        let elapsed = try await clock.measure {
            try await withThrowingTaskGroup(of: Void.self) { group in
                for worker in 0..<concurrency {
                    group.addTask {
                        for index in stride(from: worker, to: deliveries.count, by: concurrency) {
                            let answer = await ingress.receive(provider: wasup.name, deliveries[index])
                            guard answer.status == 200 else { throw BenchError("ingress answered \(answer.status)") }
                        }
                    }
                }
                try await group.waitForAll()
            }
        }
        report(workload, elapsed, count)
        print("CPU: \(String(format: "%.2f", Double(ProcessCPU.nanoseconds() - cpu) / Double(count) / 1000)) µs/op")
        await store.close()
    case let name where name.hasPrefix("http-"):
        // http-stack-C, http-router-C (automated: the handoff guard reads an SQLiteStore) or
        // http-human-C: the HTTP rows' sends against the bench target, C workers at once; prints CPU.
        // Two controls for the handoff check's cost under load: http-spin-C (a human-origin send
        // after 8 µs of busy CPU) and http-read-C (after the same store read as the check).
        let parts = name.split(separator: "-")
        guard parts.count == 3, let concurrency = Int(parts[2]), let baseURL = BenchTarget.baseURL else {
            print("usage: SWITCHBOARD_BENCH_URL=... BenchProfile http-stack|router|human|spin|read-C [COUNT]"); exit(2)
        }
        let kind = String(parts[1])
        let transport = CurlTransport()
        let wasup = WasupFixtures.provider(baseURL: baseURL, transport: transport)
        let listed = ListedProvider(count: 100, inner: wasup)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("switchboard-profile-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = try SQLiteStore(path: folder.appendingPathComponent("profile.sqlite").path)
        let router = try MessageRouter(providers: [listed], handoffs: HandoffGuard(store: store, providers: [listed]))
        _ = await router.refresh()
        let phones = (0..<100).map(ListedProvider.phone)
        let perWorker = max(1, count / concurrency)
        let cpu = ProcessCPU.nanoseconds()
        let elapsed = try await clock.measure {
            try await withThrowingTaskGroup(of: Void.self) { group in
                for worker in 0..<concurrency {
                    group.addTask {
                        for index in 0..<perWorker {
                            let phone = phones[(worker &* perWorker &+ index) % phones.count]
                            switch kind {
                            case "stack": _ = try await wasup.send(BenchTarget.message, from: BenchTarget.instanceID)
                            case "router": _ = try await router.send(BenchTarget.message, from: phone, origin: .automated)
                            case "spin":
                                let until = ContinuousClock.now + .microseconds(8)
                                while ContinuousClock.now < until {}
                                _ = try await router.send(BenchTarget.message, from: phone, origin: .human)
                            case "read":
                                _ = try await store.handoff(for: .person(phone), in: HandoffScope(provider: "wasup-bench", instance: BenchTarget.instanceID))
                                _ = try await router.send(BenchTarget.message, from: phone, origin: .human)
                            default: _ = try await router.send(BenchTarget.message, from: phone, origin: .human)
                            }
                        }
                    }
                }
                try await group.waitForAll()
            }
        }
        report(workload, elapsed, perWorker * concurrency)
        print("CPU: \(String(format: "%.2f", Double(ProcessCPU.nanoseconds() - cpu) / Double(perWorker * concurrency) / 1000)) µs/op")
        await transport.shutdown()
        await store.close()
    case let name where name.hasPrefix("handoff-"):
        // The handoff check an automated send makes (one SQLite read), C at once; prints CPU too.
        let concurrency = Int(name.dropFirst("handoff-".count)) ?? 1
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("switchboard-profile-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = try SQLiteStore(path: folder.appendingPathComponent("profile.sqlite").path)
        let scope = HandoffScope(provider: "wasup-bench", instance: BenchTarget.instanceID)
        let chat = ChatID.person(ListedProvider.phone(7))
        let perWorker = max(1, count / concurrency)
        let cpu = ProcessCPU.nanoseconds()
        let elapsed = try await clock.measure {
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<concurrency {
                    group.addTask { for _ in 0..<perWorker { _ = try await store.handoff(for: chat, in: scope) } }
                }
                try await group.waitForAll()
            }
        }
        report(workload, elapsed, perWorker * concurrency)
        print("CPU: \(String(format: "%.2f", Double(ProcessCPU.nanoseconds() - cpu) / Double(perWorker * concurrency) / 1000)) µs/op")
    case "memory":
        // The memory row's sends (needs SWITCHBOARD_BENCH_URL and nginx's /slow prefix, as bench.sh
        // serves it), for `heaptrack .build/release/BenchProfile memory`; COUNT sends in flight.
        guard let baseURL = BenchTarget.baseURL else { print("usage: SWITCHBOARD_BENCH_URL=... BenchProfile memory [COUNT]"); exit(2) }
        let measured = try await MemoryWorkload.run(baseURL: baseURL, instances: 10_000, inFlight: count)
        print("memory: baseline \(measured.baseline / 1024) KiB, routed \(measured.routed / 1024) KiB, peak \(measured.peak / 1024) KiB, "
              + "\(measured.mostInFlight) in flight at most: \(String(format: "%.1f", Double(measured.peak - measured.routed) / Double(count) / 1024)) KiB a send")
    default:
        print("usage: BenchProfile stack|wasup-decode|wasup-verify|wawp-decode|wawp-verify|router-N|provider-direct|enqueue|dedup|handoff-C|curl-C|ingress-C|http-stack|human|router-C|memory [COUNT]")
    }
}
