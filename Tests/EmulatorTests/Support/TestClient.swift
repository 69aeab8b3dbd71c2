import EmulatorKit
import Foundation
import HTTPTypes
import Switchboard

/// Calls an emulator on loopback through a real HTTP transport.
struct TestClient: Sendable {
    let base: String
    let port: Int
    let transport: any HTTPTransport
    var headers: [(name: String, value: String)] = []

    init(port: Int, transport: any HTTPTransport = TestTransport.shared, headers: [(name: String, value: String)] = []) {
        base = "http://127.0.0.1:\(port)"
        self.port = port
        self.transport = transport
        self.headers = headers
    }

    /// Sends a request; `json` is serialized as the body.
    func call(_ method: String, _ path: String, json: JSONValue? = nil, body: Data? = nil,
              headers extra: [(name: String, value: String)] = []) async throws -> TransportResponse {
        var request = TransportRequest(method: HTTPRequest.Method(method) ?? .get, url: base + path,
                                       headerFields: HTTPFields((headers + extra).compactMap { header in HTTPField.Name(header.name).map { HTTPField(name: $0, value: header.value) } }))
        if let json {
            request.body = json.data
            request.headerFields[.contentType] = "application/json"
        } else if let body {
            request.body = body
        }
        return try await transport.send(request)
    }

    /// Sends a request and parses the answer as JSON (null when it is not JSON).
    func json(_ method: String, _ path: String, json: JSONValue? = nil) async throws -> (status: Int, body: JSONValue) {
        let response = try await call(method, path, json: json)
        return (response.status.code, (try? JSONValue(parsing: response.body)) ?? .null)
    }
}
