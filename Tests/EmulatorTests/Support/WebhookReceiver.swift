import EmulatorKit
import Foundation
import Hummingbird
import Logging
import Synchronization

/// An in-test webhook receiver: a real Hummingbird server on a free loopback port that records
/// every POST and answers from a script (then 200 `{}`).
final class WebhookReceiver: Sendable {
    /// One received webhook.
    struct Received: Sendable {
        let path: String
        let headers: [(name: String, value: String)]
        let body: Data
        var json: JSONValue? { try? JSONValue(parsing: body) }
        func header(_ name: String) -> String? {
            headers.first { $0.name.caseInsensitiveCompare(name) == .orderedSame }?.value
        }
    }

    private let state = Mutex<(received: [Received], script: [(status: Int, body: String)])>(([], []))
    private let task = Mutex<Task<Void, any Error>?>(nil)
    private let boundPort = Mutex(0)

    /// The bound port once started.
    var port: Int { boundPort.withLock { $0 } }

    /// Answers the next requests with these statuses and bodies, in order.
    func script(_ answers: [(status: Int, body: String)]) {
        state.withLock { $0.script = answers }
    }

    var received: [Received] { state.withLock { $0.received } }

    var url: String { "http://127.0.0.1:\(port)/hook" }

    func start() async throws {
        let router = Router()
        router.post("/hook") { request, _ -> Response in
            var buffer = try await request.body.collect(upTo: 1 << 20)
            let body = Data(buffer.readBytes(length: buffer.readableBytes) ?? [])
            let headers = request.headers.map { (name: $0.name.canonicalName, value: $0.value) }
            let answer = self.state.withLock { state -> (status: Int, body: String) in
                state.received.append(Received(path: request.uri.path, headers: headers, body: body))
                return state.script.isEmpty ? (200, "{}") : state.script.removeFirst()
            }
            var fields = HTTPFields()
            fields[.contentType] = "application/json"
            return Response(status: .init(code: answer.status), headers: fields,
                            body: ResponseBody(byteBuffer: ByteBuffer(string: answer.body)))
        }
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        var logger = Logger(label: "test.webhook-receiver")
        logger.logLevel = .critical
        let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
                              onServerRunning: { continuation.yield($0.localAddress?.port ?? 0); continuation.finish() },
                              logger: logger)
        let running = Task { defer { continuation.finish() }; try await app.run() }
        task.withLock { $0 = running }
        for await bound in ports {
            boundPort.withLock { $0 = bound }
            break
        }
    }

    func stop() async {
        guard let running = task.withLock({ $0 }) else { return }
        running.cancel()
        _ = await running.result
    }
}
