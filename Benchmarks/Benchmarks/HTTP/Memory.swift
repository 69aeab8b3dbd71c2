import Benchmark
import BenchSupport
import Foundation
import Switchboard
import Synchronization

/// Resident memory (VmRSS), in its own process (the benchmark harness runs each benchmark in a
/// fresh one): at the start; with a router holding 10,000 connected Wasup instances; and the peak
/// while 1,000 automated sends (each a handoff check, one read of an `SQLiteStore`, and the send)
/// are in flight. nginx's `/slow`
/// prefix holds requests back to 2,000 a second, so the sends really are outstanding together,
/// each on its own connection.
///
/// The 1,000 sends go through `MessageRouter.send(_:from:)`, from phones spread over the table.
/// `inFlightPeak` records how many were outstanding at once: a router whose picks were slow would
/// let them out one at a time, and the row would say so.
func memoryBenchmark(baseURL: String?) {
    let instances = 10_000
    let inFlight = 1_000
    let baseline = BenchmarkMetric.custom("rssBaseline", polarity: .prefersSmaller, useScalingFactor: false)
    let routed = BenchmarkMetric.custom("rssRouted", polarity: .prefersSmaller, useScalingFactor: false)
    let peak = BenchmarkMetric.custom("rssInFlight", polarity: .prefersSmaller, useScalingFactor: false)
    let concurrent = BenchmarkMetric.custom("inFlightPeak", polarity: .prefersLarger, useScalingFactor: false)
    Benchmark(
        "Memory",
        configuration: .init(metrics: [.wallClock, baseline, routed, peak, concurrent], timeUnits: .nanoseconds,
                             units: [baseline: .count, routed: .count, peak: .count, concurrent: .count],
                             warmupIterations: 0, maxDuration: .seconds(60), maxIterations: 1, skip: baseURL == nil)
    ) { benchmark in
        guard let baseURL else { return }
        benchmark.measurement(baseline, residentBytes())
        let transport = CurlTransport()
        let wasup = WasupFixtures.provider(baseURL: baseURL + "/slow", transport: transport)
        let listed = ListedProvider(count: instances, inner: wasup)
        // The handoff guard a SwitchboardClient gives its router: a store read per automated send.
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("switchboard-bench-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = try SQLiteStore(path: folder.appendingPathComponent("handoff.sqlite").path)
        let router = try MessageRouter(providers: [listed], handoffs: HandoffGuard(store: store, providers: [listed]))
        let failures = await router.refresh()
        guard failures.isEmpty, router.routes().count == instances else { throw BenchError("the table did not load: \(failures)") }
        benchmark.measurement(routed, residentBytes())

        let phones = (0..<inFlight).map { ListedProvider.phone($0 * instances / inFlight) }
        let tally = Tally()
        let sampler = Task {
            while !Task.isCancelled {
                let rss = residentBytes()
                tally.highestRSS.withLock { $0 = max($0, rss) }
                try? await Task.sleep(for: .milliseconds(5))
            }
        }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<inFlight {
                group.addTask {
                    tally.outstanding.withLock { $0.now += 1; $0.most = max($0.most, $0.now) }
                    defer { tally.outstanding.withLock { $0.now -= 1 } }
                    let phone = phones[index]
                    let sent = try await router.send(BenchTarget.message, from: phone)
                    guard sent.id != nil else { throw BenchError("no message id") }
                }
            }
            try await group.waitForAll()
        }
        sampler.cancel()
        _ = await sampler.value
        benchmark.measurement(peak, tally.highestRSS.withLock { $0 })
        benchmark.measurement(concurrent, tally.outstanding.withLock { $0.most })
        blackHole(router)
        await transport.shutdown()
        await store.close()
    }
}

/// What the memory benchmark's tasks count together.
final class Tally: Sendable {
    let outstanding = Mutex((now: 0, most: 0))
    let highestRSS = Mutex(0)
}

/// This process's resident set size, in bytes (VmRSS from /proc/self/status).
func residentBytes() -> Int {
    guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return 0 }
    for line in status.split(separator: "\n") where line.hasPrefix("VmRSS:") {
        let kilobytes = line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first.flatMap { Int($0) } ?? 0
        return kilobytes * 1024
    }
    return 0
}
