import Benchmark
import BenchSupport

/// Resident memory per send in flight, in its own process (the benchmark harness runs each
/// benchmark in a fresh one): see `MemoryWorkload`, which `BenchProfile memory` also runs for a
/// heap profiler. 1,000 automated sends in flight over a router of 10,000 instances.
func memoryBenchmark(baseURL: String?) {
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
        let measured = try await MemoryWorkload.run(baseURL: baseURL, instances: 10_000, inFlight: 1_000)
        benchmark.measurement(baseline, measured.baseline)
        benchmark.measurement(routed, measured.routed)
        benchmark.measurement(peak, measured.peak)
        benchmark.measurement(concurrent, measured.mostInFlight)
    }
}
