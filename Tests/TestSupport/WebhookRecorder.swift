import EmulatorKit
import Foundation
import Hummingbird
import Logging
import NIOCore
import Synchronization

/// A webhook receiver for the emulators' tests: a real Hummingbird server on a free loopback port
/// that records every POST to `/hook` and answers from a script (then 200 `{}`).
package final class WebhookRecorder: Sendable {
    /// One received webhook.
    package struct Received: Sendable {
        package let path: String
        package let headers: [(name: String, value: String)]
        package let body: Data
        package var json: JSONValue? { try? JSONValue(parsing: body) }
        package func header(_ name: String) -> String? {
            headers.first { $0.name.caseInsensitiveCompare(name) == .orderedSame }?.value
        }
    }

    private let state = Mutex<(received: [Received], script: [(status: Int, body: String)])>(([], []))
    private let running = Mutex<BackgroundServer?>(nil)

    package init() {}

    /// The bound port once started.
    package var port: Int { running.withLock { $0?.port ?? 0 } }

    /// `http://127.0.0.1:PORT/hook`.
    package var url: String { "http://127.0.0.1:\(port)/hook" }

    /// Answers the next requests with these statuses and bodies, in order.
    package func script(_ answers: [(status: Int, body: String)]) { state.withLock { $0.script = answers } }

    /// Answers the next requests with these statuses (body `{}`), in order.
    package func script(_ statuses: [Int]) { script(statuses.map { (status: $0, body: "{}") }) }

    /// Everything received so far, in order.
    package var received: [Received] { state.withLock { $0.received } }

    /// The bodies received for one event (their `event` field), in order.
    package func events(_ name: String) -> [JSONValue] {
        received.compactMap(\.json).filter { $0["event"]?.stringValue == name }
    }

    package func start() async throws {
        let router = Router()
        router.post("/hook") { request, _ -> Response in
            var buffer = try await request.body.collect(upTo: 1 << 22)
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
        var logger = Logger(label: "test.webhook-recorder")
        logger.logLevel = .critical
        let server = try await BackgroundServer.start { onServerRunning in
            Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
                        onServerRunning: onServerRunning, logger: logger)
        }
        running.withLock { $0 = server }
    }

    /// Stops the server gracefully (see `BackgroundServer`).
    package func stop() async {
        await running.withLock { $0 }?.stop()
    }
}
