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
        let headers: [(name: String, value: String)]
        let body: Data
        var json: JSONValue? { try? JSONValue(parsing: body) }
        func header(_ name: String) -> String? {
            headers.first { $0.name.caseInsensitiveCompare(name) == .orderedSame }?.value
        }
    }

    private let state = Mutex<(received: [Received], script: [Int])>(([], []))
    private let running = Mutex<(task: Task<Void, any Error>, port: Int)?>(nil)

    /// Answers the next requests with these statuses, in order.
    func script(_ statuses: [Int]) { state.withLock { $0.script = statuses } }

    /// Everything received so far.
    var received: [Received] { state.withLock { $0.received } }

    /// The bodies received for one event, in order.
    func events(_ name: String) -> [JSONValue] {
        received.compactMap(\.json).filter { $0["event"]?.stringValue == name }
    }

    /// `http://127.0.0.1:port/hook`.
    var url: String { "http://127.0.0.1:\(running.withLock { $0?.port ?? 0 })/hook" }

    func start() async throws {
        let router = Router()
        router.post("/hook") { request, _ -> Response in
            var buffer = try await request.body.collect(upTo: 1 << 22)
            let body = Data(buffer.readBytes(length: buffer.readableBytes) ?? [])
            let headers = request.headers.map { (name: $0.name.canonicalName, value: $0.value) }
            let status = self.state.withLock { state -> Int in
                state.received.append(Received(headers: headers, body: body))
                return state.script.isEmpty ? 200 : state.script.removeFirst()
            }
            return Response(status: .init(code: status), body: ResponseBody(byteBuffer: ByteBuffer(string: "{}")))
        }
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        var logger = Logger(label: "test.webhook-receiver")
        logger.logLevel = .critical
        let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
                              onServerRunning: { continuation.yield($0.localAddress?.port ?? 0); continuation.finish() },
                              logger: logger)
        let task = Task { defer { continuation.finish() }; try await app.run() }
        var bound = 0
        for await port in ports { bound = port; break }
        running.withLock { $0 = (task, bound) }
    }

    func stop() async {
        guard let task = running.withLock({ $0?.task }) else { return }
        task.cancel()
        _ = await task.result
    }
}
