import EmulatorKit
import Foundation
import Switchboard
import TestSupport
import WasupEmulator

/// A Wasup emulator with token `K` on a free loopback port, a webhook receiver, and a client.
struct WasupHarness {
    static let token = "K"
    let emulator: WasupEmulator
    let receiver: WebhookRecorder
    let client: TestClient
    let anonymous: TestClient

    static func start(choices: EmulatorChoices = .standard) async throws -> WasupHarness {
        let receiver = WebhookRecorder()
        try await receiver.start()
        let emulator = try WasupEmulator(token: token, transport: TestTransport.shared, webhookBackoff: .milliseconds(1), choices: choices)
        let port = try await emulator.start()
        return WasupHarness(emulator: emulator, receiver: receiver,
                            client: TestClient(port: port, headers: [("X-API-Key", token)]), anonymous: TestClient(port: port))
    }

    func stop() async {
        await emulator.stop()
        await receiver.stop()
    }

    /// Runs `body` with a fresh harness, stopping it whatever happens.
    static func with(choices: EmulatorChoices = .standard, _ body: (WasupHarness) async throws -> Void) async throws {
        let harness = try await start(choices: choices)
        try await withCleanup { try await body(harness) } cleanup: { await harness.stop() }
    }

    /// Creates `id` and pairs it by QR as `phone`.
    @discardableResult
    func connected(_ id: String, phone: String, webhook: String? = nil) async throws -> JSONValue {
        var body: JSONObject = ["id": .string(id)]
        if let webhook { body["webhookUrl"] = .string(webhook) }
        _ = try await client.json("POST", "/api/instances", json: .object(body))
        _ = try await client.json("POST", "/api/instances/\(id)/connect")
        return try await client.json("POST", "/__emulator/instances/\(id)/scan", json: ["phone": .string(phone)]).body
    }

    func sent(_ id: String) async throws -> [JSONValue] {
        try await client.json("GET", "/__emulator/instances/\(id)/sent").body["messages"]?.arrayValue ?? []
    }

    func requests() async throws -> [JSONValue] {
        try await client.json("GET", "/__emulator/requests").body["requests"]?.arrayValue ?? []
    }
}
