import Foundation
import HTTPTypes
import Switchboard
import SwitchboardWasup
import SwitchboardWawp
import WasupEmulator
import WawpEmulator

/// Both emulators running in-process on free ports, a real adapter pointed at each, and the
/// phone's side played through their control APIs (`/__emulator/...`).
struct Deployments: Sendable {
    static let wasupKey = "wsk_e2e_routing_key"
    static let wawpToken = "wawp_e2e_routing_token"
    static let wawpWebhookSecret = "wawp_e2e_webhook_secret"
    /// One transport for the test process (it owns a thread; it lives as long as the process).
    static let transport = CurlTransport()

    let wasupEmulator: WasupEmulator
    let wawpEmulator: WawpEmulator
    let wasupBase: String
    let wawpBase: String
    let wasup: WasupProvider
    let wawp: WawpProvider

    /// Runs `body` against fresh emulators and stops them afterwards. `wawpWebhookAttempts` and
    /// `wawpWebhookBackoff` set how the Wawp emulator retries a webhook (the crash tests give it
    /// enough attempts to outlast a receiver's restart, as a real provider's retries do).
    static func run<T: Sendable>(wawpWebhookAttempts: Int = 3, wawpWebhookBackoff: Duration = .milliseconds(200),
                                 _ body: (Deployments) async throws -> T) async throws -> T {
        let wasupEmulator = try WasupEmulator(token: wasupKey, transport: transport, webhookAttempts: 1)
        let wawpEmulator = try WawpEmulator(token: wawpToken, transport: transport, webhookAttempts: wawpWebhookAttempts,
                                            webhookBackoff: wawpWebhookBackoff)
        let wasupBase = "http://127.0.0.1:\(try await wasupEmulator.start())"
        let wawpBase = "http://127.0.0.1:\(try await wawpEmulator.start())"
        let deployments = Deployments(
            wasupEmulator: wasupEmulator, wawpEmulator: wawpEmulator, wasupBase: wasupBase, wawpBase: wawpBase,
            wasup: wasupProvider(wasupBase), wawp: wawpProvider(wawpBase, instances: []))
        do {
            let value = try await body(deployments)
            await wasupEmulator.stop()
            await wawpEmulator.stop()
            return value
        } catch {
            await wasupEmulator.stop()
            await wawpEmulator.stop()
            throw error
        }
    }

    static func wasupProvider(_ base: String) -> WasupProvider {
        WasupProvider(name: "wasup", baseURL: base, apiKey: wasupKey, transport: transport)
    }

    static func wawpProvider(_ base: String, instances: [String]) -> WawpProvider {
        WawpProvider(name: "wawp", baseURL: base, accessToken: wawpToken, instances: instances, transport: transport,
                     webhookSecret: wawpWebhookSecret,
                     startupPolling: WawpProvider.StartupPolling(attempts: 10, interval: .milliseconds(10)))
    }

    // MARK: - Instances

    /// A Wasup instance linked to `phone`, with anti-ban limits high enough for bulk tests.
    func connectedWasup(_ phone: Phone) async throws -> String {
        let instance = try await wasup.createInstance(InstanceDraft(name: "wasup \(phone)"))
        _ = try await wasup.connect(instance.id, method: .qr)
        try await control(wasupBase, .post, "instances/\(instance.id)/scan", ["phone": phone.digits])
        try await call(wasupBase, .put, "/api/instances/\(instance.id)/anti-ban",
                       ["messagesPerHour": 100_000, "messagesPerDay": 100_000,
                        "uniqueChatsPerHour": 100_000, "uniqueChatsPerDay": 100_000],
                       headers: [("X-API-Key", Self.wasupKey)])
        return instance.id
    }

    /// A Wawp instance linked to `phone`.
    func connectedWawp(_ phone: Phone) async throws -> String {
        let instance = try await wawp.createInstance(InstanceDraft())
        _ = try await wawp.connect(instance.id, method: .qr)
        try await control(wawpBase, .post, "instances/\(instance.id)/scan", ["phone": phone.digits])
        return instance.id
    }

    /// The texts an instance delivered to WhatsApp, oldest first.
    func sentTexts(_ base: String, _ instance: String) async throws -> [String] {
        let answer = try await control(base, .get, "instances/\(instance)/sent")
        return (answer["messages"] as? [[String: Any]] ?? []).compactMap { $0["text"] as? String }
    }

    /// Makes the next `times` requests to `path` (a template such as
    /// `/api/instances/{instanceId}/send`) answer `status` with `body`.
    func fault(_ base: String, path: String, status: Int, body: String? = nil, times: Int = 1) async throws {
        var fault: [String: Any] = ["path": path, "status": status, "times": times]
        if let body {
            fault["body"] = body
            fault["contentType"] = "application/json"
        }
        try await control(base, .post, "faults", fault)
    }

    /// Points the Wawp emulator's webhooks at `url`, signed with the adapter's secret.
    func wawpWebhook(to url: String) async throws {
        try await control(wawpBase, .post, "webhook", ["url": url, "secret": Self.wawpWebhookSecret])
    }

    // MARK: - HTTP

    /// A control API call; the JSON answer. Throws unless 2xx.
    @discardableResult
    /// `timeout` bounds the whole exchange: an inbound message's control call answers once the
    /// emulator's webhook queue has delivered it, behind every delivery queued before it.
    func control(_ base: String, _ method: HTTPRequest.Method, _ path: String, _ body: [String: Any]? = nil,
                 timeout: Duration = .seconds(30)) async throws -> [String: Any] {
        try await call(base, method, "/__emulator/" + path, body, timeout: timeout)
    }

    @discardableResult
    func call(_ base: String, _ method: HTTPRequest.Method, _ path: String, _ body: [String: Any]? = nil,
              headers: [(String, String)] = [], timeout: Duration = .seconds(30)) async throws -> [String: Any] {
        var request = TransportRequest(method: method, url: base + path, body: try body.map { try JSONSerialization.data(withJSONObject: $0) },
                                       timeout: timeout)
        if body != nil { request.headerFields[.contentType] = "application/json" }
        for (name, value) in headers {
            guard let name = HTTPField.Name(name) else { throw HarnessError("\(name) is not a header name") }
            request.headerFields[name] = value
        }
        let response = try await Self.transport.send(request)
        guard (200..<300).contains(response.status.code) else {
            throw HarnessError("\(method) \(path) answered \(response.status.code): \(response.text)")
        }
        return (try? JSONSerialization.jsonObject(with: response.body)) as? [String: Any] ?? [:]
    }
}

struct HarnessError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
