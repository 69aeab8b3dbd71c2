import Foundation

/// One benchmark's exported percentiles, per metric, in the units the export names.
struct Measured {
    /// The benchmark's name without the `xN` suffix.
    var name: String
    /// Operations per iteration (the `xN` suffix; 1 without one).
    var ops: Int
    /// Metric (`wallClock`, `mallocCountTotal`, `rssBytes`, …) → percentile (0…100) → value.
    var metrics: [String: [Int: Double]] = [:]

    func value(_ metric: String, _ percentile: Int) -> Double? { metrics[metric]?[percentile] }

    /// Median wall time per operation, in nanoseconds.
    var medianNanos: Double? { value("wallClock", 50).map { $0 / Double(ops) } }
    /// p99 wall time per operation, in nanoseconds (the iteration's p99 over its operations).
    var p99Nanos: Double? { value("wallClock", 99).map { $0 / Double(ops) } }
    /// Median CPU time (user + system, every thread of the process) per operation, in nanoseconds.
    var cpuNanos: Double? { value("cpuNanos", 50).map { $0 / Double(ops) } }
    /// Operations per CPU-second: the rate one core would sustain with nothing else on it.
    var perCPUSecond: Double? { cpuNanos.flatMap { $0 > 0 ? 1e9 / $0 : nil } }
    /// Operations per second at the median.
    var perSecond: Double? { medianNanos.map { 1e9 / $0 } }
    /// Median allocations per operation.
    var mallocs: Double? { value("mallocCountTotal", 50).map { $0 / Double(ops) } }
}

/// What `bench.sh` left in the results folder.
struct Results {
    var benchmarks: [String: Measured] = [:]
    var wrk: [Int: WrkRun] = [:]
    var machine: [String: String] = [:]
    /// The benchmarks bench.sh ran again (`repeat-N` subfolders), each run with this run's other
    /// numbers: what a repeated target is judged on as well.
    var repeats: [Results] = []

    init(folder: URL) throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path)
        for file in files where file.hasSuffix(".histogram.percentiles.tsv") {
            // current.<target>.<name with _ for spaces>.<metric>.histogram.percentiles.tsv
            var stem = String(file.dropLast(".histogram.percentiles.tsv".count))
            guard let firstDot = stem.firstIndex(of: ".") else { continue }
            stem = String(stem[stem.index(after: firstDot)...])  // drop the baseline name
            guard let targetDot = stem.firstIndex(of: "."), let metricDot = stem.lastIndex(of: "."), targetDot < metricDot else { continue }
            let metric = String(stem[stem.index(after: metricDot)...])
            var name = String(stem[stem.index(after: targetDot)..<metricDot]).replacingOccurrences(of: "_", with: " ")
            var ops = 1
            if let x = name.range(of: " x", options: .backwards), let count = Int(name[x.upperBound...]) {
                ops = count
                name = String(name[..<x.lowerBound])
            }
            let text = try String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8)
            var values: [Int: Double] = [:]
            for line in text.split(separator: "\n").dropFirst() {
                let parts = line.split(separator: "\t")
                if parts.count == 2, let percentile = Int(parts[0]), let value = Double(parts[1]) { values[percentile] = value }
            }
            benchmarks[name, default: Measured(name: name, ops: ops)].metrics[metric] = values
        }
        for concurrency in [1, 16, 64] {
            let file = folder.appendingPathComponent("wrk-c\(concurrency).txt")
            if let text = try? String(contentsOf: file, encoding: .utf8), let run = WrkRun(text) { wrk[concurrency] = run }
        }
        for file in files.sorted() where file.hasPrefix("repeat-") {
            var again = try Results(folder: folder.appendingPathComponent(file))
            guard !again.benchmarks.isEmpty else { continue }
            again.benchmarks = benchmarks.merging(again.benchmarks) { _, repeated in repeated }
            again.wrk = wrk
            repeats.append(again)
        }
        if let text = try? String(contentsOf: folder.appendingPathComponent("machine.txt"), encoding: .utf8) {
            for line in text.split(separator: "\n") {
                if let equals = line.firstIndex(of: "=") {
                    machine[String(line[..<equals])] = String(line[line.index(after: equals)...])
                }
            }
        }
    }
}

/// What wrk printed: requests per second and its latency percentiles.
struct WrkRun {
    var perSecond: Double
    var p50Micros: Double?
    var p99Micros: Double?
    var non2xx: Int

    init?(_ text: String) {
        var perSecond: Double?
        var non2xx = 0
        for line in text.split(separator: "\n") {
            let fields = line.split(separator: " ", omittingEmptySubsequences: true)
            if fields.first == "Requests/sec:", fields.count > 1 { perSecond = Double(fields[1]) }
            if fields.first == "Non-2xx", let count = fields.last.flatMap({ Int($0) }) { non2xx = count }
            if fields.count == 2, fields[0] == "50%" { p50Micros = Self.micros(fields[1]) }
            if fields.count == 2, fields[0] == "99%" { p99Micros = Self.micros(fields[1]) }
        }
        guard let perSecond else { return nil }
        self.perSecond = perSecond
        self.non2xx = non2xx
    }

    /// wrk's `123.45us`, `1.20ms`, `2.00s` in microseconds.
    static func micros(_ text: Substring) -> Double? {
        for (suffix, factor) in [("us", 1.0), ("ms", 1_000.0), ("s", 1_000_000.0)] where text.hasSuffix(suffix) {
            return Double(text.dropLast(suffix.count)).map { $0 * factor }
        }
        return nil
    }
}
