import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import Synchronization

/// A request context that knows the peer's address, so tests can count TCP connections.
struct PeerContext: RequestContext {
    var coreContext: CoreRequestContextStorage
    let peerPort: Int?

    init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        peerPort = source.channel.remoteAddress?.port
    }
}

/// What the test server saw.
final class ServerLog: Sendable {
    private let state = Mutex<(peers: Set<Int>, requests: Int, slowStarted: Int)>(([], 0, 0))

    func saw(peer: Int?) { state.withLock { $0.requests += 1; if let peer { $0.peers.insert(peer) } } }
    func slowStarted() { state.withLock { $0.slowStarted += 1 } }
    var connections: Int { state.withLock { $0.peers.count } }
    var requests: Int { state.withLock { $0.requests } }
    var slowRequestsStarted: Int { state.withLock { $0.slowStarted } }
}

/// Runs an HTTP server on 127.0.0.1, on a port the system picks, for the duration of `body`.
///
/// Routes: `/echo` (any method: the body back, with `X-Method` and `X-Query`), `/status/{code}`,
/// `/slow?ms=N` (answers after N ms), and `/json` (a fixed JSON body).
func withTestServer<T: Sendable>(_ body: @Sendable (_ base: String, _ log: ServerLog) async throws -> T) async throws -> T {
    let log = ServerLog()
    let router = Router(context: PeerContext.self)
    router.middlewares.add(PeerCounter(log: log))
    for method in [HTTPRequest.Method.get, .post, .put, .delete, .patch] {
        router.on("/echo", method: method) { request, _ -> Response in
            let bytes = try await request.body.collect(upTo: 64 << 20)
            var headers = HTTPFields()
            headers[.init("X-Method")!] = request.method.rawValue
            headers[.init("X-Query")!] = request.uri.query ?? ""
            headers[.contentType] = request.headers[.contentType] ?? "application/octet-stream"
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: bytes))
        }
    }
    router.get("/status/{code}") { _, context -> Response in
        let code = try context.parameters.require("code", as: Int.self)
        return Response(status: .init(code: code), body: .init(byteBuffer: ByteBuffer(string: "status \(code)")))
    }
    router.get("/slow") { request, _ -> String in
        log.slowStarted()
        let ms = request.uri.queryParameters.get("ms", as: Int.self) ?? 1000
        try await Task.sleep(for: .milliseconds(ms))
        return "slow"
    }
    router.get("/json") { _, _ -> Response in
        Response(status: .ok, headers: [.contentType: "application/json"],
                 body: .init(byteBuffer: ByteBuffer(string: #"{"ok":true}"#)))
    }
    let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)))
    return try await app.test(.live) { client in
        try await body("http://127.0.0.1:\(client.port!)", log)
    }
}

private struct PeerCounter: RouterMiddleware {
    let log: ServerLog
    func handle(_ request: Request, context: PeerContext, next: (Request, PeerContext) async throws -> Response) async throws -> Response {
        log.saw(peer: context.peerPort)
        return try await next(request, context)
    }
}
