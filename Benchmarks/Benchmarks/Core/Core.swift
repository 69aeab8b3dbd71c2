import Benchmark
import BenchSupport
import Foundation
import Switchboard
import SwitchboardWasup

/// In-process benchmarks. Each iteration does `batch` operations, so that sub-microsecond
/// operations are timed in bulk; BenchReport divides by the `xN` at the end of each name.
let batch = 1000

/// Settings for a benchmark whose iteration does `ops` operations.
func settings(seconds: Int = 2, metrics: [BenchmarkMetric] = [.wallClock, .mallocCountTotal]) -> Benchmark.Configuration {
    .init(metrics: metrics, timeUnits: .nanoseconds, warmupIterations: 3,
          maxDuration: .seconds(seconds), maxIterations: 100_000)
}

let benchmarks: @Sendable () -> Void = {
    webhookBenchmarks()
    routerBenchmarks()
    outboxBenchmarks()
}
