import AsyncHTTPClient
import BenchSupport
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Switchboard
import SwitchboardWasup

/// One HTTP client under test: it sends the Wasup adapter's exact send request (method, URL,
/// headers, body) and reads the whole answer.
protocol RoundTripClient: Sendable {
    func roundTrip() async throws
    func shutdown() async throws
}

/// The most concurrent requests any benchmark makes; every client's pool allows this many
/// connections to the one host, so none queues behind a smaller default.
let maxConcurrency = 64

/// `CurlTransport` alone.
struct CurlClient: RoundTripClient {
    let transport = CurlTransport()
    let request: TransportRequest

    func roundTrip() async throws {
        let response = try await transport.send(request)
        guard response.status == 200, !response.body.isEmpty else { throw BenchError("curl: status \(response.status.code)") }
    }

    func shutdown() async throws { await transport.shutdown() }
}

/// The whole send path: `WasupProvider.send` (request building, auth, JSON, error mapping) over
/// `CurlTransport`.
struct StackClient: RoundTripClient {
    let transport: any HTTPTransport
    let provider: WasupProvider
    let shutdownTransport: @Sendable () async -> Void

    init(baseURL: String) {
        let curl = CurlTransport()
        transport = curl
        provider = WasupFixtures.provider(baseURL: baseURL, transport: curl)
        shutdownTransport = { await curl.shutdown() }
    }

    /// The stack over an in-process transport: what the layers above the transport cost alone.
    init(inProcess: Void) {
        transport = CapturingTransport(body: WasupFixtures.sendSuccess)
        provider = WasupFixtures.provider(baseURL: "http://127.0.0.1:9", transport: transport)
        shutdownTransport = {}
    }

    func roundTrip() async throws {
        let sent = try await provider.send(BenchTarget.message, from: BenchTarget.instanceID)
        guard sent.id != nil else { throw BenchError("stack: no message id") }
    }

    func shutdown() async throws { await shutdownTransport() }
}

/// AsyncHTTPClient on its own event loop group (one loop per core), pool raised to 64 per host.
struct AHCClient: RoundTripClient {
    let client: HTTPClient
    let request: HTTPClientRequest

    init(request template: TransportRequest) {
        var configuration = HTTPClient.Configuration()
        configuration.connectionPool = .init(idleTimeout: .seconds(60),
                                             concurrentHTTP1ConnectionsPerHostSoftLimit: maxConcurrency)
        client = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
        var request = HTTPClientRequest(url: template.url)
        request.method = .RAW(value: template.method.rawValue)
        for field in template.headerFields { request.headers.add(name: field.name.rawName, value: field.value) }
        if let body = template.body { request.body = .bytes(Array(body)) }
        self.request = request
    }

    func roundTrip() async throws {
        let response = try await client.execute(request, timeout: .seconds(30))
        let body = try await response.body.collect(upTo: 1 << 20)
        guard response.status.code == 200, body.readableBytes > 0 else { throw BenchError("ahc: status \(response.status)") }
    }

    func shutdown() async throws { try await client.shutdown() }
}

/// URLSession from FoundationNetworking, ephemeral, 64 connections per host.
struct URLSessionClient: RoundTripClient {
    let session: URLSession
    let request: URLRequest

    init(request template: TransportRequest) {
        let configuration = URLSessionConfiguration.ephemeral
        configuration.httpMaximumConnectionsPerHost = maxConcurrency
        session = URLSession(configuration: configuration)
        var request = URLRequest(url: URL(string: template.url)!)
        request.httpMethod = template.method.rawValue
        for field in template.headerFields { request.setValue(field.value, forHTTPHeaderField: field.name.rawName) }
        request.httpBody = template.body
        self.request = request
    }

    func roundTrip() async throws {
        let (data, response) = try await session.data(for: request)
        guard (response as? HTTPURLResponse)?.statusCode == 200, !data.isEmpty else { throw BenchError("urlsession: \(response)") }
    }

    func shutdown() async throws { session.invalidateAndCancel() }
}

/// Runs `concurrency` workers at once, each making `perWorker` round trips one after another.
func roundTrips(_ client: any RoundTripClient, concurrency: Int, perWorker: Int) async throws {
    try await withThrowingTaskGroup(of: Void.self) { group in
        for _ in 0..<concurrency {
            group.addTask {
                for _ in 0..<perWorker { try await client.roundTrip() }
            }
        }
        try await group.waitForAll()
    }
}

/// The full stack: `MessageRouter.send(_:from:origin:)` picking the instance by phone among 100
/// connected Wasup instances, then the Wasup adapter over `CurlTransport`. The router has the
/// handoff guard a `SwitchboardClient` gives it, over an `SQLiteStore` (WAL file in a temp folder):
/// automated sends (the default origin) first read the chat's handoff from the store; human sends
/// skip that check.
struct RouterClient: RoundTripClient {
    let router: MessageRouter
    let origin: SendOrigin
    let transport: CurlTransport
    let store: SQLiteStore
    let folder: URL
    static let instances = 100

    init(baseURL: String, origin: SendOrigin, instances: Int = RouterClient.instances) throws {
        transport = CurlTransport()
        let wasup = WasupFixtures.provider(baseURL: baseURL, transport: transport)
        let listed = ListedProvider(count: instances, inner: wasup)
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("switchboard-bench-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        store = try SQLiteStore(path: folder.appendingPathComponent("handoff.sqlite").path)
        router = try MessageRouter(providers: [listed], handoffs: HandoffGuard(store: store, providers: [listed]))
        self.origin = origin
    }

    /// Loads the routing table (from the listing, no HTTP).
    func load() async throws {
        let failures = await router.refresh()
        guard failures.isEmpty else { throw BenchError("refresh failed: \(failures)") }
    }

    func roundTrip() async throws {
        let phone = ListedProvider.phone(Int.random(in: 0..<Self.instances))
        let sent = try await router.send(BenchTarget.message, from: phone, origin: origin)
        guard sent.id != nil else { throw BenchError("router: no message id") }
    }

    func shutdown() async throws {
        await transport.shutdown()
        await store.close()
        try? FileManager.default.removeItem(at: folder)
    }
}
