import EmulatorKit
import Foundation
import Hummingbird
import Logging
import NIOCore
import Synchronization

/// A real HTTP server on 127.0.0.1, port 0, that answers what a test scripts and records every
/// request. Tests reach it through a real transport (`CurlTransport`): nothing of HTTP is mocked.
package final class StubServer: Sendable {
    /// One request as it arrived.
    package struct Request: Sendable {
        package var method: String
        package var path: String
        /// The raw query, as sent (empty when there is none).
        package var rawQuery: String
        /// Header fields by lower-case name.
        package var headers: [String: String]
        package var body: Data

        /// A header's value, by case-insensitive name.
        package func header(_ name: String) -> String? { headers[name.lowercased()] }

        /// Query parameters, percent-decoded, in order.
        package var queryItems: [(name: String, value: String)] {
            rawQuery.split(separator: "&").map { pair in
                let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                let decode = { (text: Substring) in (String(text).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? String(text)) }
                return (decode(parts[0]), parts.count > 1 ? decode(parts[1]) : "")
            }
        }

        /// The first value of a query parameter.
        package func query(_ name: String) -> String? { queryItems.first { $0.name == name }?.value }

        /// The body as a JSON object, or nil.
        package var json: [String: Any]? { (try? JSONSerialization.jsonObject(with: body)) as? [String: Any] }
    }

    /// A scripted answer.
    package struct Answer: Sendable {
        package var status: Int
        package var body: Data
        package var headers: [String: String]

        /// `body` as UTF-8 text, JSON by default.
        package init(_ status: Int, _ body: String = "", headers: [String: String] = ["Content-Type": "application/json"]) {
            self.init(status, bytes: Data(body.utf8), headers: headers)
        }

        package init(_ status: Int, bytes: Data, headers: [String: String]) {
            self.status = status
            self.body = bytes
            self.headers = headers
        }

        package init(_ status: Int, bytes: Data, contentType: String) {
            self.init(status, bytes: bytes, headers: ["Content-Type": contentType])
        }

        /// A JSON answer from a JSON-compatible value.
        package static func json(_ status: Int, _ value: Any) -> Answer {
            let data = (try? JSONSerialization.data(withJSONObject: value, options: [.fragmentsAllowed])) ?? Data()
            return Answer(status, bytes: data, contentType: "application/json")
        }
    }

    package typealias Script = @Sendable (Request) -> Answer

    private let script: Script
    private static let logger = {
        var logger = Logger(label: "stub-server")
        logger.logLevel = .critical
        return logger
    }()
    private let log = Mutex<[Request]>([])

    package init(_ script: @escaping Script) { self.script = script }

    /// Every request so far, in order.
    package var requests: [Request] { log.withLock { $0 } }

    /// Runs the server while `body` runs; `body` gets the base URL (`http://127.0.0.1:PORT`).
    /// The server then stops gracefully, whether `body` returned or threw.
    package func run<T: Sendable>(_ body: @Sendable (String) async throws -> T) async throws -> T {
        try await BackgroundServer.run({ onServerRunning in
            Application(responder: Responder(server: self), configuration: .init(address: .hostname("127.0.0.1", port: 0)),
                        onServerRunning: onServerRunning, logger: Self.logger)
        }, while: { server in try await body("http://127.0.0.1:\(server.port)") })
    }

    /// Runs a server that answers every request with `answer`.
    package static func serving<T: Sendable>(_ answer: Answer, _ body: @Sendable (String, StubServer) async throws -> T) async throws -> T {
        let server = StubServer { _ in answer }
        return try await server.run { base in try await body(base, server) }
    }

    fileprivate func answer(_ request: Request) -> Answer {
        log.withLock { $0.append(request) }
        return script(request)
    }

    private struct Responder: HTTPResponder {
        typealias Context = BasicRequestContext
        let server: StubServer

        func respond(to request: Hummingbird.Request, context: Context) async throws -> Response {
            let buffer = try await request.body.collect(upTo: 1 << 22)
            var headers: [String: String] = [:]
            for field in request.headers { headers[field.name.canonicalName.lowercased()] = field.value }
            let seen = Request(method: request.method.rawValue, path: request.uri.path, rawQuery: request.uri.query ?? "",
                               headers: headers, body: Data(buffer.readableBytesView))
            let answer = server.answer(seen)
            var fields = HTTPFields()
            for (name, value) in answer.headers { if let name = HTTPFields.Element.Name(name) { fields[name] = value } }
            return Response(status: .init(code: answer.status), headers: fields,
                            body: .init(byteBuffer: ByteBuffer(bytes: answer.body)))
        }
    }
}
