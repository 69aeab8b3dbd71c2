import EmulatorKit
import Foundation
import HTTPTypes
import Switchboard

/// An emulator on loopback, called over a real transport: its control API (`base/__emulator/...`,
/// the phone's side and the test's knobs) and, with headers, its provider API.
package struct EmulatorControl: Sendable {
    /// `http://127.0.0.1:PORT`.
    package let base: String
    package let transport: any HTTPTransport

    package init(base: String, transport: any HTTPTransport) {
        self.base = base
        self.transport = transport
    }

    /// A control route's JSON answer (`{}` when it is not a JSON object); throws unless 2xx.
    /// `timeout` bounds the whole exchange.
    @discardableResult
    package func control(_ method: HTTPRequest.Method = .post, _ path: String, _ body: [String: Any]? = nil,
                         timeout: Duration = .seconds(30)) async throws -> [String: Any] {
        try await call(method, "/__emulator/" + path, body, timeout: timeout)
    }

    /// Any route's JSON answer (`{}` when it is not a JSON object), `body` sent as JSON with
    /// `headers`; throws unless 2xx. `timeout` bounds the whole exchange.
    @discardableResult
    package func call(_ method: HTTPRequest.Method, _ path: String, _ body: [String: Any]? = nil,
                      headers: [(String, String)] = [], timeout: Duration = .seconds(30)) async throws -> [String: Any] {
        var request = TransportRequest(method: method, url: base + path, body: try body.map { try JSONSerialization.data(withJSONObject: $0) },
                                       timeout: timeout)
        if body != nil { request.headerFields[.contentType] = "application/json" }
        for (name, value) in headers {
            guard let name = HTTPField.Name(name) else { throw HarnessError("\(name) is not a header name") }
            request.headerFields[name] = value
        }
        let response = try await transport.send(request)
        guard (200..<300).contains(response.status.code) else {
            throw HarnessError("\(method) \(path) answered \(response.status.code): \(response.text)")
        }
        return (try? JSONSerialization.jsonObject(with: response.body)) as? [String: Any] ?? [:]
    }

    /// Sends any request as the emulators' own tests do (`method` by name, `query` percent-encoded,
    /// `json` serialized as the body, else the raw `body`) and returns the answer whatever its status.
    package func send(_ method: String, _ path: String, query: [(String, String)] = [], json: JSONValue? = nil,
                      body: Data? = nil, headers: [(name: String, value: String)] = []) async throws -> TransportResponse {
        var request = TransportRequest(method: HTTPRequest.Method(method) ?? .get, url: TransportRequest.url(base: base, path: path, query: query),
                                       headerFields: HTTPFields(headers.compactMap { header in HTTPField.Name(header.name).map { HTTPField(name: $0, value: header.value) } }))
        if let json {
            request.body = json.data
            request.headerFields[.contentType] = "application/json"
        } else if let body {
            request.body = body
        }
        return try await transport.send(request)
    }
}

/// A test harness's own failure (an emulator that answered unexpectedly, a child that did not start).
package struct HarnessError: Error, CustomStringConvertible {
    package var message: String
    package var description: String { message }
    package init(_ message: String) { self.message = message }
    package init(message: String) { self.message = message }
}
