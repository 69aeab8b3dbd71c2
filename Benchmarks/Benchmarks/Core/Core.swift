import Benchmark
import BenchSupport
import Foundation
import Switchboard
import SwitchboardWasup

/// In-process benchmarks. Each iteration does `batch` operations, so that sub-microsecond
/// operations are timed in bulk; BenchReport divides by the `xN` at the end of each name.
let batch = 1000

/// Settings for a benchmark whose iteration does `ops` operations.
/// Times in nanoseconds and allocations as plain counts: the export must not switch to K or M
/// on its own, since BenchReport divides by the operations per iteration.
func settings(seconds: Int = 2, warmup: Int = 3, maxIterations: Int = 100_000) -> Benchmark.Configuration {
    .init(metrics: [.wallClock, .mallocCountTotal], timeUnits: .nanoseconds, units: [.mallocCountTotal: .count],
          warmupIterations: warmup, maxDuration: .seconds(seconds), maxIterations: maxIterations)
}

let benchmarks: @Sendable () -> Void = {
    webhookBenchmarks()
    routerBenchmarks()
    outboxBenchmarks()
    postgresOutboxBenchmarks()
    postgresWebhookBenchmarks()
}
