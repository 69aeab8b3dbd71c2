import Foundation

/// One of issue 9's targets: how to judge it from a run, and what meeting it would take.
struct Target: Sendable {
    struct Verdict {
        var measured: String
        /// `nil` when the run has no numbers for it.
        var met: Bool?
        /// By how much it is missed.
        var gap: String = ""
    }

    var title: String
    var evaluate: @Sendable (Results) -> Verdict
    /// Shown when the target is not met: what it would take.
    var remedy: String
}

enum Targets {
    /// Rows of the issue that no benchmark here measures, with why; kept in the report as text.
    static let notMeasuredHere: [String] = []

    static let all: [Target] = [
        Target(
            title: "Full-stack send at 64 concurrent ≥ 0.9× AsyncHTTPClient",
            evaluate: { results in
                guard let stack = stackRow(results, 64)?.perSecond,
                      let ahc = results.benchmarks["HTTP AsyncHTTPClient c=64"]?.perSecond else { return .init(measured: "—", met: nil) }
                let value = stack / ahc
                return .init(measured: String(format: "%.2f×", value), met: value >= 0.9,
                             gap: String(format: "%.0f%% short of 0.9×", (0.9 - value) / 0.9 * 100))
            },
            remedy: Remedies.stackVersusAHC
        ),
        Target(
            title: "Full-stack send at 64 concurrent ≥ 2× URLSession",
            evaluate: { results in
                guard let stack = stackRow(results, 64)?.perSecond,
                      let session = results.benchmarks["HTTP URLSession c=64"]?.perSecond else { return .init(measured: "—", met: nil) }
                let value = stack / session
                return .init(measured: String(format: "%.2f×", value), met: value >= 2,
                             gap: String(format: "%.0f%% short of 2×", (2 - value) / 2 * 100))
            },
            remedy: Remedies.stackVersusURLSession
        ),
        Target(
            title: "Stack above the transport < 15% of raw CurlTransport (64 concurrent)",
            evaluate: { results in
                guard let stack = stackRow(results, 64)?.medianNanos,
                      let curl = results.benchmarks["HTTP CurlTransport c=64"]?.medianNanos else { return .init(measured: "—", met: nil) }
                let cost = (stack - curl) / curl
                return .init(measured: String(format: "%+.1f%% time per send", cost * 100), met: cost < 0.15,
                             gap: String(format: "%.1f points over 15%%", (cost - 0.15) * 100))
            },
            remedy: Remedies.stackOverhead
        ),
        Target(
            title: "Webhook decode ≥ 100,000 deliveries/s per core (each provider)",
            evaluate: { results in
                let rows = ["Wasup", "Wawp"].compactMap { name in results.benchmarks["Webhook \(name) decode"].map { (name, $0) } }
                guard !rows.isEmpty else { return .init(measured: "—", met: nil) }
                let measured = rows.map { "\($0.0) \(rate($0.1.perSecond))/s" }.joined(separator: ", ")
                let slowest = rows.compactMap { $0.1.perSecond }.min() ?? 0
                return .init(measured: measured, met: slowest >= 100_000,
                             gap: String(format: "slowest is %.0f%% short", (100_000 - slowest) / 1_000))
            },
            remedy: Remedies.decode
        ),
        Target(
            title: "Webhook with verification and durable dedup ≥ 10,000/s",
            evaluate: { results in
                let rows = ["Wasup", "Wawp"].compactMap { name in results.benchmarks["Webhook \(name) verify+decode+dedup"].map { (name, $0) } }
                guard !rows.isEmpty else { return .init(measured: "—", met: nil) }
                let measured = rows.map { "\($0.0) \(rate($0.1.perSecond))/s" }.joined(separator: ", ")
                let slowest = rows.compactMap { $0.1.perSecond }.min() ?? 0
                return .init(measured: measured, met: slowest >= 10_000,
                             gap: String(format: "slowest is %.0f%% short", (10_000 - slowest) / 100))
            },
            remedy: Remedies.dedup
        ),
        Target(
            title: "Router pick < 1 µs at 100,000 instances",
            evaluate: { results in
                guard let pick = results.benchmarks["Router pick n=100000"]?.medianNanos else { return .init(measured: "—", met: nil) }
                return .init(measured: time(pick), met: pick < 1_000, gap: String(format: "%.0f× too slow", pick / 1_000))
            },
            remedy: Remedies.router
        ),
        Target(
            title: "Router pick flat from 100 to 100,000 instances (within 2×)",
            evaluate: { results in
                guard let small = results.benchmarks["Router pick n=100"]?.medianNanos,
                      let large = results.benchmarks["Router pick n=100000"]?.medianNanos else { return .init(measured: "—", met: nil) }
                let growth = large / small
                return .init(measured: String(format: "%.1f× from 100 to 100,000", growth), met: growth <= 2,
                             gap: String(format: "grows %.0f×", growth))
            },
            remedy: Remedies.router
        ),
        Target(
            title: "Durable enqueue ≥ 5,000/s",
            evaluate: { results in
                guard let enqueue = results.benchmarks["Outbox enqueue"]?.perSecond else { return .init(measured: "—", met: nil) }
                return .init(measured: "\(rate(enqueue))/s", met: enqueue >= 5_000,
                             gap: String(format: "%.0f%% short", (5_000 - enqueue) / 50))
            },
            remedy: Remedies.enqueue
        ),
    ]

    /// The full-stack row: through the router where that was measured, the adapter otherwise.
    static func stackRow(_ results: Results, _ concurrency: Int) -> Measured? {
        results.benchmarks["HTTP Router c=\(concurrency)"] ?? results.benchmarks["HTTP Stack c=\(concurrency)"]
    }
}

/// What meeting each target would take, from what the runs and the code show.
enum Remedies {
    static let stackVersusAHC = "TBD"
    static let stackVersusURLSession = "TBD"
    static let stackOverhead = "TBD"
    static let decode = "TBD"
    static let dedup = "TBD"
    static let router = "TBD"
    static let enqueue = "TBD"
}
