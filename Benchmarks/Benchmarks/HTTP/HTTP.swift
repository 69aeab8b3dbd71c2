import Benchmark
import BenchMeasured
import BenchSupport
import Foundation
import Switchboard

/// HTTP round trips on loopback, against nginx answering a Wasup-shaped success (see
/// `Benchmarks/bench.sh`). One benchmark iteration is `concurrency` workers each making
/// `perWorker` round trips in sequence; BenchReport divides by the round trips per iteration, the
/// `xN` at the end of each name.
/// Every client sends the Wasup adapter's exact send request: `POST /api/instances/{id}/send`
/// with `X-API-Key`, `Accept`, `Content-Type` and the JSON body.
let perWorker = 8
let concurrencies = [1, 16, 64]

/// Clients by name, built in setup, torn down after their benchmarks.
final class ClientBox: @unchecked Sendable {
    var client: (any RoundTripClient)?
}

let benchmarks: @Sendable () -> Void = {
    let baseURL = BenchTarget.baseURL
    let makers: [(String, @Sendable (String, TransportRequest) async throws -> any RoundTripClient)] = [
        ("CurlTransport", { _, request in CurlClient(request: request) }),
        ("Stack", { base, _ in StackClient(baseURL: base) }),
        ("Router", { base, _ in
            let client = try RouterClient(baseURL: base, origin: .automated)
            try await client.load()
            return client
        }),
        ("Router human-origin", { base, _ in
            let client = try RouterClient(baseURL: base, origin: .human)
            try await client.load()
            return client
        }),
        ("AsyncHTTPClient", { _, request in AHCClient(request: request) }),
        ("URLSession", { _, request in URLSessionClient(request: request) }),
    ]
    for (name, make) in makers {
        for concurrency in concurrencies {
            let box = ClientBox()
            measured(
                "HTTP \(name) c=\(concurrency) x\(concurrency * perWorker)",
                configuration: .init(
                    metrics: [.wallClock, .mallocCountTotal],
                    timeUnits: .nanoseconds,
                    units: [.mallocCountTotal: .count],
                    warmupIterations: 5,
                    maxDuration: .seconds(3),
                    maxIterations: 100_000,
                    skip: baseURL == nil
                ),
                closure: { benchmark in
                    guard let client = box.client else { throw BenchError("no client") }
                    try await roundTrips(client, concurrency: concurrency, perWorker: perWorker)
                },
                setup: {
                    guard let baseURL else { return }
                    let request = try await WasupFixtures.sendRequest(baseURL: baseURL)
                    // wrk replays the very same body (bench.sh reads this file).
                    try request.body?.write(to: URL(fileURLWithPath: BenchTarget.urlFile + "-body.json"))
                    let client = try await make(baseURL, request)
                    try await client.roundTrip()  // connects; fails loudly if the target is wrong
                    box.client = client
                },
                teardown: {
                    try await box.client?.shutdown()
                    box.client = nil
                }
            )
        }
    }

    // The stack over an in-process transport: the adapter's cost per send with no I/O.
    let inProcess = StackClient(inProcess: ())
    measured(
        "Stack in-process x1000",
        configuration: .init(metrics: [.wallClock, .mallocCountTotal],
                             timeUnits: .nanoseconds, units: [.mallocCountTotal: .count], warmupIterations: 5, maxDuration: .seconds(2),
                             maxIterations: 100_000)
    ) { benchmark in
        for _ in 0..<1000 { try await inProcess.roundTrip() }
    }

    outboxToSentBenchmark(baseURL: baseURL)
    postgresOutboxToSentBenchmarks(baseURL: baseURL)
    memoryBenchmark(baseURL: baseURL)
}
