import EmulatorKit
import Foundation
import HTTPTypes
import Switchboard
import TestSupport

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
        try await EmulatorControl(base: base, transport: transport).send(method, path, json: json, body: body, headers: headers + extra)
    }

    /// Sends a request and parses the answer as JSON (null when it is not JSON).
    func json(_ method: String, _ path: String, json: JSONValue? = nil) async throws -> (status: Int, body: JSONValue) {
        let response = try await call(method, path, json: json)
        return (response.status.code, (try? JSONValue(parsing: response.body)) ?? .null)
    }
}
