import Foundation
import Hummingbird
import Logging
import NIOCore
import Synchronization

/// A real HTTP server on 127.0.0.1, port 0, that answers what a test scripts and records every
/// request. Tests speak to it through a real transport: nothing of HTTP is mocked.
final class ScriptedServer: Sendable {
    /// One request as it arrived.
    struct Recorded: Sendable {
        var method: String
        var path: String
        var query: String
        /// Header fields by lower-case name.
        var headers: [String: String]
        var body: Data

        /// A header's value, by case-insensitive name.
        func header(_ name: String) -> String? { headers[name.lowercased()] }

        /// The body as JSON, or nil.
        var json: [String: Any]? { (try? JSONSerialization.jsonObject(with: body)) as? [String: Any] }
    }

    /// A scripted answer.
    struct Answer: Sendable {
        var status: Int
        var body: String
        var headers: [String: String]

        init(_ status: Int, _ body: String = "", headers: [String: String] = ["Content-Type": "application/json"]) {
            self.status = status
            self.body = body
            self.headers = headers
        }

        init(_ status: Int, bytes: Data, contentType: String) {
            self.status = status
            self.body = String(decoding: bytes, as: UTF8.self)
            self.headers = ["Content-Type": contentType]
            self.bytes = bytes
        }

        var bytes: Data?
    }

    typealias Script = @Sendable (Recorded) -> Answer

    private let script: Script
    private let log = Mutex<[Recorded]>([])

    init(_ script: @escaping Script) { self.script = script }

    /// Every request so far, in order.
    var requests: [Recorded] { log.withLock { $0 } }

    /// Runs the server for the duration of `body`, which gets the base URL.
    func run<T: Sendable>(_ body: @Sendable (String) async throws -> T) async throws -> T {
        let (ports, continuation) = AsyncStream<Int>.makeStream()
        var logger = Logger(label: "scripted-server")
        logger.logLevel = .critical
        let app = Application(
            responder: Responder(server: self),
            configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { channel in continuation.yield(channel.localAddress?.port ?? 0) },
            logger: logger
        )
        return try await withThrowingTaskGroup(of: T?.self) { group in
            group.addTask {
                try await app.runService(gracefulShutdownSignals: [])
                return nil
            }
            var iterator = ports.makeAsyncIterator()
            guard let port = await iterator.next() else { throw CancellationError() }
            do {
                let value = try await body("http://127.0.0.1:\(port)")
                group.cancelAll()
                return value
            } catch {
                group.cancelAll()
                throw error
            }
        }
    }

    fileprivate func answer(_ request: Recorded) -> Answer {
        log.withLock { $0.append(request) }
        return script(request)
    }

    private struct Responder: HTTPResponder {
        typealias Context = BasicRequestContext
        let server: ScriptedServer

        func respond(to request: Request, context: Context) async throws -> Response {
            let buffer = try await request.body.collect(upTo: 1 << 22)
            var headers: [String: String] = [:]
            for field in request.headers { headers[field.name.canonicalName.lowercased()] = field.value }
            let recorded = Recorded(method: request.method.rawValue, path: request.uri.path,
                                    query: request.uri.query ?? "", headers: headers,
                                    body: Data(buffer.readableBytesView))
            let answer = server.answer(recorded)
            var fields = HTTPFields()
            for (name, value) in answer.headers { if let name = HTTPFields.Element.Name(name) { fields[name] = value } }
            let bytes = answer.bytes ?? Data(answer.body.utf8)
            return Response(status: .init(code: answer.status), headers: fields,
                            body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
        }
    }
}
