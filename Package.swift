// swift-tools-version:6.1
import PackageDescription

// The products this package's targets take from its dependencies, named once.
let argumentParser = Target.Dependency.product(name: "ArgumentParser", package: "swift-argument-parser")
let crypto = Target.Dependency.product(name: "Crypto", package: "swift-crypto")
let grdb = Target.Dependency.product(name: "GRDB", package: "GRDB.swift")
let httpTypes = Target.Dependency.product(name: "HTTPTypes", package: "swift-http-types")
let hummingbird = Target.Dependency.product(name: "Hummingbird", package: "hummingbird")
let hummingbirdTesting = Target.Dependency.product(name: "HummingbirdTesting", package: "hummingbird")
let inMemoryTracing = Target.Dependency.product(name: "InMemoryTracing", package: "swift-distributed-tracing")
let logging = Target.Dependency.product(name: "Logging", package: "swift-log")
let metrics = Target.Dependency.product(name: "Metrics", package: "swift-metrics")
let nioCore = Target.Dependency.product(name: "NIOCore", package: "swift-nio")
let postgresNIO = Target.Dependency.product(name: "PostgresNIO", package: "postgres-nio")
let prometheus = Target.Dependency.product(name: "Prometheus", package: "swift-prometheus")
let serviceLifecycle = Target.Dependency.product(name: "ServiceLifecycle", package: "swift-service-lifecycle")
let tracing = Target.Dependency.product(name: "Tracing", package: "swift-distributed-tracing")

/// What each provider's adapter takes.
let adapterDependencies: [Target.Dependency] = ["Switchboard", httpTypes, crypto, logging]
/// What the emulators' and the adapters' test targets take, besides their provider's targets.
let providerTestDependencies: [Target.Dependency] = ["TestSupport", "Switchboard", "EmulatorKit", httpTypes, hummingbird, logging]

let package = Package(
    name: "Switchboard",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "Switchboard", targets: ["Switchboard"]),
        .library(name: "SwitchboardWawp", targets: ["SwitchboardWawp"]),
        .library(name: "SwitchboardWasup", targets: ["SwitchboardWasup"]),
        .library(name: "SwitchboardConformance", targets: ["SwitchboardConformance"]),
        // Mounts a client's webhook endpoints on a Hummingbird router (the core never imports Hummingbird).
        .library(name: "SwitchboardHummingbird", targets: ["SwitchboardHummingbird"]),
        // PostgreSQL store (issue 16): several replicas share one outbox, inbox and routing table.
        .library(name: "SwitchboardPostgres", targets: ["SwitchboardPostgres"]),
        // A throwaway PostgreSQL server for tests and benchmarks (issue 16).
        .library(name: "PostgresTestServer", targets: ["PostgresTestServer"]),
        .executable(name: "switchboard", targets: ["SwitchboardCLI"]),
        // Emulators (issue 3).
        .library(name: "EmulatorKit", targets: ["EmulatorKit"]),
        .library(name: "WasupEmulator", targets: ["WasupEmulator"]),
        // Wawp emulator (issue 3).
        .library(name: "WawpEmulator", targets: ["WawpEmulator"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        // GRDB 7 links the system libsqlite3 through its GRDBSQLite system library (libsqlite3-dev).
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        // Metrics and traces (issue 19): the app picks the backends; the CLI serves Prometheus.
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-distributed-tracing", from: "1.7.3"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        // `make docs`: the DocC catalogs, broken symbol links as errors (issue 19).
        .package(url: "https://github.com/swiftlang/swift-docc-plugin", from: "1.5.0"),
    ],
    targets: [
        // libcurl, plus a tiny C shim: curl_easy_setopt/getinfo are variadic, which Swift cannot call.
        .target(name: "CCurl", path: "Sources/CCurl", linkerSettings: [.linkedLibrary("curl")]),
        // libqrencode, to draw pairing QR codes in the terminal (CLI only).
        .systemLibrary(name: "CQRencode", path: "Sources/CQRencode"),
        // The provider-neutral core. It imports no provider, emulator or suite.
        .target(name: "Switchboard", dependencies: ["CCurl", httpTypes, logging, grdb, serviceLifecycle, metrics, tracing],
                path: "Sources/Switchboard"),
        .target(name: "SwitchboardHummingbird", dependencies: ["Switchboard", hummingbird], path: "Sources/SwitchboardHummingbird"),
        // README's tour as a program: load the configuration, send from a phone number, receive and
        // reply in a Hummingbird app, shut down on SIGTERM. Built by `make test`; a test runs it
        // against the emulators, and another checks README and the DocC article show this code.
        .executableTarget(name: "ShopExample",
                          dependencies: ["Switchboard", "SwitchboardHummingbird", "SwitchboardWawp", "SwitchboardWasup", hummingbird],
                          path: "Examples/Shop"),
        // The PostgreSQL store (issue 16). The core never imports it: an app picks it by
        // configuration (`"store": "postgres://..."`) and links this product.
        .target(name: "SwitchboardPostgres", dependencies: ["Switchboard", postgresNIO, serviceLifecycle, logging],
                path: "Sources/SwitchboardPostgres"),
        // Starts a PostgreSQL server of its own (initdb into a temporary directory, a free
        // loopback port, as the `postgres` user when run as root) for tests and benchmarks.
        .target(name: "PostgresTestServer", path: "Tests/PostgresTestServer"),
        // What several test targets share: a scripted HTTP server on loopback that records requests
        // (StubServer), a webhook receiver that records and answers from a script (WebhookRecorder),
        // a log handler that keeps lines (CapturingLogHandler), calls to an emulator's control
        // API (EmulatorControl), and child processes that die with the test process (ChildProcess, on
        // PostgresTestServer's Spawn).
        // Tests only; not a product.
        .target(name: "TestSupport", dependencies: ["Switchboard", "EmulatorKit", "PostgresTestServer", httpTypes, hummingbird, logging, nioCore],
                path: "Tests/TestSupport"),
        .target(name: "SwitchboardWawp", dependencies: adapterDependencies, path: "Providers/Wawp/Adapter"),
        .target(name: "SwitchboardWasup", dependencies: adapterDependencies, path: "Providers/Wasup/Adapter"),
        // The suite runs its own webhook receiver (Hummingbird), so inbound cases need nothing
        // from the deployment beyond the harness contract (Conformance/README.md).
        // Its receiver is an EmulatorKit BackgroundServer, which stops gracefully.
        .target(name: "SwitchboardConformance", dependencies: ["Switchboard", "EmulatorKit", httpTypes, hummingbird, logging, nioCore],
                path: "Conformance/Suite"),
        .executableTarget(
            name: "SwitchboardCLI",
            dependencies: ["Switchboard", "SwitchboardWawp", "SwitchboardWasup", "SwitchboardConformance", "SwitchboardPostgres",
                           "SwitchboardHummingbird", "EmulatorKit", "WasupEmulator", "WawpEmulator", "CQRencode",
                           httpTypes, argumentParser, hummingbird, serviceLifecycle, logging, metrics, prometheus, nioCore],
            path: "Sources/SwitchboardCLI"),
        // --- Emulators (issue 3): shared scaffolding, one emulator per provider, their tests. ---
        .target(name: "EmulatorKit", dependencies: ["Switchboard", httpTypes, hummingbird, crypto, logging, serviceLifecycle],
                path: "Conformance/EmulatorKit"),
        // Rooted at Providers/Wasup so the generated catalog ships as its resource, from the one
        // committed copy (SwiftPM resources must sit inside the target's directory).
        .target(name: "WasupEmulator", dependencies: ["EmulatorKit"], path: "Providers/Wasup", exclude: ["Adapter"],
                sources: ["Emulator"], resources: [.copy("operations.json")]),
        .testTarget(name: "EmulatorTests", dependencies: providerTestDependencies + ["WasupEmulator"], path: "Tests/EmulatorTests"),
        // --- end of emulators ---
        // --- Wawp emulator (issue 3): the stateful local Wawp and its tests. ---
        // Rooted at Providers/Wawp so the generated catalog ships as its resource, from the one
        // committed copy, as WasupEmulator does.
        .target(name: "WawpEmulator", dependencies: ["EmulatorKit", "Switchboard", logging], path: "Providers/Wawp",
                exclude: ["Adapter", "Emulator/README.md"], sources: ["Emulator"], resources: [.copy("operations.json")]),
        .testTarget(name: "WawpEmulatorTests", dependencies: providerTestDependencies + ["WawpEmulator"],
                    path: "Tests/WawpEmulatorTests"),
        // --- end of Wawp emulator ---
        .testTarget(name: "SwitchboardTests",
                    dependencies: ["TestSupport", "Switchboard", httpTypes, hummingbird, hummingbirdTesting, nioCore, logging],
                    path: "Tests/SwitchboardTests"),
        // Store, router and outbox: no server, no provider, so it builds without Hummingbird.
        .testTarget(name: "RoutingTests", dependencies: ["Switchboard"], path: "Tests/RoutingTests"),
        // The router and the outbox through the real adapters against both emulators, the outbox
        // and inbox crash tests and the replica tests (real PostgreSQL), whose child process is
        // OutboxCrashChild.
        .testTarget(
            name: "RoutingEndToEndTests",
            dependencies: ["TestSupport", "Switchboard", "SwitchboardWasup", "SwitchboardWawp", "WasupEmulator", "WawpEmulator",
                           "SwitchboardHummingbird", "SwitchboardPostgres", "PostgresTestServer", "EmulatorKit",
                           httpTypes, hummingbird, nioCore,
                           // Traces and metrics (issue 19): the span tree under an in-memory tracer, the series in a
                           // Prometheus registry, and `switchboard listen --metrics` scraped as a separate process.
                           inMemoryTracing, tracing, metrics, prometheus],
            path: "Tests/RoutingEndToEndTests"),
        .executableTarget(
            name: "OutboxCrashChild",
            dependencies: ["Switchboard", "SwitchboardWasup", "SwitchboardWawp", "SwitchboardPostgres", "SwitchboardHummingbird",
                           // ChildProcess, for its `intermediate` mode (children die with their parent).
                           "TestSupport",
                           hummingbird, serviceLifecycle, logging],
            path: "Tests/OutboxCrashChild"),
        // WebhookIngress end to end: real deliveries from both emulators through the real adapters.
        .testTarget(
            name: "WebhookIngressTests",
            dependencies: ["TestSupport", "Switchboard", "SwitchboardWasup", "SwitchboardWawp", "WasupEmulator", "WawpEmulator",
                           "EmulatorKit", httpTypes],
            path: "Tests/WebhookIngressTests"),
        .testTarget(name: "WasupAdapterTests",
                    dependencies: providerTestDependencies + ["SwitchboardWasup", "SwitchboardConformance", "WasupEmulator", crypto],
                    path: "Tests/WasupAdapterTests"),
        // One store behaviour suite run against SQLiteStore and PostgresStore (issue 16), the latter on a
        // real server the tests start themselves (PostgresTestServer).
        .testTarget(name: "StoreTests", dependencies: ["PostgresTestServer", "SwitchboardPostgres", "Switchboard"],
                    path: "Tests/StoreTests"),
        // A third provider, as data: a made-up API on loopback and its adapter, written against the
        // core's public API only, used by the client, the router and the suite (ThirdProviderTests).
        // Its server is an EmulatorKit BackgroundServer, which stops gracefully.
        .target(name: "RelayProvider", dependencies: ["Switchboard", "EmulatorKit", httpTypes, hummingbird, nioCore],
                path: "Tests/RelayProvider"),
        .testTarget(name: "ThirdProviderTests", dependencies: ["RelayProvider", "Switchboard", "SwitchboardConformance"],
                    path: "Tests/ThirdProviderTests"),
        .testTarget(name: "WawpAdapterTests",
                    dependencies: providerTestDependencies + ["SwitchboardWawp", "SwitchboardConformance", "WawpEmulator", nioCore],
                    path: "Tests/WawpAdapterTests"),
    ],
    swiftLanguageModes: [.v6]
)
