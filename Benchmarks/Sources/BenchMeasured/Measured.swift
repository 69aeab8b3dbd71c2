import Benchmark
import BenchSupport

/// CPU time per iteration, as a metric of its own (see `ProcessCPU`).
package let cpuMetric = BenchmarkMetric.custom("cpuNanos", polarity: .prefersSmaller, useScalingFactor: false)

/// Registers a benchmark whose iterations also record the process's CPU time: the steadier figure
/// when other work competes for the cores, since wall time then includes waiting for one.
@discardableResult
package func measured(_ name: String, configuration: Benchmark.Configuration,
              closure: @escaping @Sendable (Benchmark) async throws -> Void,
              setup: Benchmark.BenchmarkSetupHook? = nil, teardown: Benchmark.BenchmarkTeardownHook? = nil) -> Benchmark? {
    var configuration = configuration
    configuration.metrics.append(cpuMetric)
    configuration.units[cpuMetric] = .count
    return Benchmark(name, configuration: configuration, closure: { benchmark in
        let start = ProcessCPU.nanoseconds()
        try await closure(benchmark)
        benchmark.measurement(cpuMetric, ProcessCPU.nanoseconds() - start)
    }, setup: setup, teardown: teardown)
}
