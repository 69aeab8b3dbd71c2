import Benchmark
import BenchMeasured
import BenchSupport
import Foundation
import Switchboard

/// The router and its table, built in setup.
final class RouterBox: @unchecked Sendable {
    var router: MessageRouter?
    var phones: [Phone] = []
}

/// Picking an instance by phone among N connected instances: `MessageRouter.send(_:from:)` over a
/// provider that answers sends at once, so what is timed is the router's own work (planning the
/// candidates from the table, marking the start, recording the success). The phones cycle over
/// 1,000 instances spread across the table.
func routerBenchmarks() {
    // Picks per iteration: the same 1,000 at every size, so that the harness's own cost per
    // iteration (its clock, CPU-time and malloc counters) is spread as thinly at 100,000 instances
    // as at 100. (It was 10 and 1 picks at the large sizes when a pick sorted the whole table.)
    for (size, picks, warmup) in [(100, 1000, 3), (10_000, 1000, 3), (100_000, 1000, 3)] {
        let box = RouterBox()
        measured("Router pick n=\(size) x\(picks)", configuration: settings(seconds: 3, warmup: warmup), closure: { _ in
            guard let router = box.router else { throw BenchError("no router") }
            let phones = box.phones
            for index in 0..<picks {
                blackHole(try await router.send(BenchTarget.message, from: phones[index % phones.count]))
            }
        }, setup: {
            let router = try MessageRouter(providers: [ListedProvider(count: size, inner: nil)])
            let failures = await router.refresh()
            guard failures.isEmpty, router.routes().count == size else { throw BenchError("the table did not load: \(failures)") }
            let spread = min(size, 1000)
            box.phones = (0..<spread).map { ListedProvider.phone($0 * size / spread) }
            box.router = router
        })
    }
}
