import EmulatorKit
import Foundation
import HTTPTypes
import Logging
import Switchboard
import TestSupport
import Testing
import WawpEmulator

/// A WawpEmulator on a free loopback port, a libcurl client for it, and helpers that play both
/// the app's side (the Wawp API) and the phone's (the control API).
struct WawpHarness: Sendable {
    static let token = "test-token"
    let emulator: WawpEmulator
    let transport: CurlTransport
    let base: String

    /// Runs `body` against a fresh emulator, stopping everything afterwards.
    static func with(maxInstances: Int = 50, startingPolls: Int = 1,
                     _ body: (WawpHarness) async throws -> Void) async throws {
        let transport = CurlTransport()
        var logger = Logger(label: "test.wawp-emulator")
        logger.logLevel = .warning
        let emulator = try WawpEmulator(token: token, transport: transport, startingPolls: startingPolls, maxInstances: maxInstances,
                                        webhookAttempts: 3, webhookBackoff: .milliseconds(5), logger: logger)
        let port = try await emulator.start(configuration: EmulatorConfiguration(maxBodySize: 32_768, logRequests: false))
        let harness = WawpHarness(emulator: emulator, transport: transport, base: "http://127.0.0.1:\(port)")
        try await withCleanup { try await body(harness) } cleanup: {
            await emulator.stop()
            await transport.shutdown()
        }
    }

    /// Sends a request; `query` is percent-encoded, `json` serialized as the body.
    func call(_ method: String, _ path: String, query: [(String, String)] = [], json: JSONValue? = nil,
              body: Data? = nil, headers: [(name: String, value: String)] = []) async throws -> TransportResponse {
        try await EmulatorControl(base: base, transport: transport).send(method, path, query: query, json: json, body: body, headers: headers)
    }

    /// Calls a Wawp operation with the token and, when given, the instance in the query.
    func api(_ method: String, _ path: String, instance: String? = nil, _ query: [(String, String)] = [],
             token: String = WawpHarness.token) async throws -> TransportResponse {
        var items = [("access_token", token)]
        if let instance { items.append(("instance_id", instance)) }
        return try await call(method, path, query: items + query)
    }

    /// Calls a control route and parses the JSON answer.
    @discardableResult
    func control(_ method: String, _ path: String, _ json: JSONValue? = nil) async throws -> (status: Int, body: JSONValue) {
        let response = try await call(method, "/__emulator" + path, json: json)
        return (response.status.code, (try? JSONValue(parsing: response.body)) ?? .null)
    }

    /// Creates an instance and returns its id.
    func create() async throws -> String {
        let response = try await api("POST", "/v2/session/create")
        #expect(response.status == 201)
        return try #require(response.json?["instance_id"]?.stringValue)
    }

    /// The session status `/v2/session/info` reports.
    func status(_ instance: String) async throws -> String? {
        try await api("POST", "/v2/session/info", instance: instance).json?["status"]?.stringValue
    }

    /// Starts a session and polls info until it leaves `STARTING`; returns the status reached.
    @discardableResult
    func startAndWait(_ instance: String) async throws -> String? {
        #expect(try await api("POST", "/v2/session/start", instance: instance).status == 200)
        for _ in 0..<10 {
            let status = try await status(instance)
            if status != "STARTING" { return status }
        }
        return "STARTING"
    }

    /// A new instance paired by QR with `phone`, `WORKING`.
    func workingInstance(phone: String = "447700900123") async throws -> String {
        let instance = try await create()
        #expect(try await startAndWait(instance) == "SCAN_QR_CODE")
        let scanned = try await control("POST", "/instances/\(instance)/scan", ["phone": .string(phone)])
        #expect(scanned.status == 200)
        return instance
    }

    /// What the instance delivered to WhatsApp.
    func sent(_ instance: String) async throws -> [JSONValue] {
        try await control("GET", "/instances/\(instance)/sent").body["messages"]?.arrayValue ?? []
    }

    /// The request log.
    func requests() async throws -> [JSONValue] {
        try await control("GET", "/requests").body["requests"]?.arrayValue ?? []
    }
}

extension TransportResponse {
    /// The body as JSON, when it is.
    var json: JSONValue? { try? JSONValue(parsing: body) }
}
