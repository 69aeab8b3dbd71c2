// swift-tools-version:6.1
// Switchboard's benchmarks: a package of their own, so that the library never depends on what it is
// compared against (AsyncHTTPClient, URLSession) nor on the benchmark harness. `make bench` at the
// repository root runs them and rewrites BENCHMARKS.md.
import PackageDescription

/// A product of the Switchboard package (the repository root).
func switchboard(_ product: String) -> Target.Dependency { .product(name: product, package: "Switchboard") }

let benchmark = Target.Dependency.product(name: "Benchmark", package: "benchmark")
/// What every benchmark executable takes: the shared setup and the library under test.
let benchmarkDependencies: [Target.Dependency] = ["BenchSupport", switchboard("Switchboard"), switchboard("SwitchboardWasup")]

let package = Package(
    name: "SwitchboardBenchmarks",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "Switchboard", path: ".."),
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.1", traits: ["MallocInterposer"]),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        // Signs Wawp deliveries as Wawp does (HMAC-SHA512); the library already depends on it.
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
    ],
    targets: [
        // What the benchmark targets share: the target URL, the request every client sends, the
        // recorded deliveries and instance tables.
        .target(
            name: "BenchSupport",
            dependencies: ["Switchboard", "SwitchboardWasup", "SwitchboardWawp", "SwitchboardPostgres", "PostgresTestServer"].map(switchboard)
                + [.product(name: "Crypto", package: "swift-crypto"), .product(name: "HTTPTypes", package: "swift-http-types")],
            path: "Sources/BenchSupport"),
        // What the two harness executables share: `measured`, a benchmark that also records CPU time.
        .target(name: "BenchMeasured", dependencies: ["BenchSupport", benchmark], path: "Sources/BenchMeasured"),
        // HTTP round trips on loopback against nginx: CurlTransport, the full send stack,
        // AsyncHTTPClient and URLSession.
        .executableTarget(
            name: "HTTP",
            dependencies: benchmarkDependencies + ["BenchMeasured", benchmark, switchboard("SwitchboardPostgres"),
                                                   .product(name: "AsyncHTTPClient", package: "async-http-client")],
            path: "Benchmarks/HTTP",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]),
        // In-process work: webhook decode, router pick, outbox enqueue, memory.
        .executableTarget(
            name: "Core",
            dependencies: benchmarkDependencies + ["BenchMeasured", benchmark, switchboard("SwitchboardPostgres"), switchboard("SwitchboardWawp")],
            path: "Benchmarks/Core",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]),
        // One benchmark's work in a plain loop, for a profiler (perf); not part of `make bench`.
        .executableTarget(name: "BenchProfile", dependencies: benchmarkDependencies + [switchboard("SwitchboardWawp")],
                          path: "Sources/BenchProfile"),
        // Turns the benchmark exports and wrk's output into BENCHMARKS.md.
        .executableTarget(name: "BenchReport", path: "Sources/BenchReport"),
    ]
)
