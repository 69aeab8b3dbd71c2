import Foundation
import Switchboard
import Synchronization

/// The memory row's work, shared by its benchmark and `BenchProfile memory` (for a heap profiler):
/// resident memory (VmRSS) at the start; with a router holding `instances` connected Wasup
/// instances; and the peak while `inFlight` automated sends (each a handoff check, one read of an
/// `SQLiteStore`, and the send) are in flight. nginx's `/slow` prefix holds requests back to 2,000
/// a second, so the sends really are outstanding together, each on its own connection.
///
/// The sends go through `MessageRouter.send(_:from:)`, from phones spread over the table.
/// `mostInFlight` records how many were outstanding at once: a router whose picks were slow would
/// let them out one at a time, and the row would say so.
public enum MemoryWorkload {
    /// What one run measured, in bytes (and sends for `mostInFlight`).
    public struct Measured: Sendable {
        public var baseline = 0
        public var routed = 0
        public var peak = 0
        public var mostInFlight = 0
    }

    /// Runs the sends against the bench target at `baseURL`.
    public static func run(baseURL: String, instances: Int = 10_000, inFlight: Int = 1_000) async throws -> Measured {
        var measured = Measured()
        measured.baseline = residentBytes()
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
        measured.routed = residentBytes()

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
                    let sent = try await router.send(BenchTarget.message, from: phones[index])
                    guard sent.id != nil else { throw BenchError("no message id") }
                }
            }
            try await group.waitForAll()
        }
        sampler.cancel()
        _ = await sampler.value
        measured.peak = tally.highestRSS.withLock { $0 }
        measured.mostInFlight = tally.outstanding.withLock { $0.most }
        withExtendedLifetime(router) {}
        await transport.shutdown()
        await store.close()
        return measured
    }

    /// What the workload's tasks count together.
    final class Tally: Sendable {
        let outstanding = Mutex((now: 0, most: 0))
        let highestRSS = Mutex(0)
    }

    /// This process's resident set size, in bytes (VmRSS from /proc/self/status).
    public static func residentBytes() -> Int {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return 0 }
        for line in status.split(separator: "\n") where line.hasPrefix("VmRSS:") {
            let kilobytes = line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first.flatMap { Int($0) } ?? 0
            return kilobytes * 1024
        }
        return 0
    }
}
