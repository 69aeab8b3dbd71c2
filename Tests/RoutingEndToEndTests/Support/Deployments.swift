import Foundation
import HTTPTypes
import Switchboard
import SwitchboardWasup
import SwitchboardWawp
import TestSupport
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

    // MARK: - Clients

    /// A configuration for a client on both emulators: provider `wasup` (with `wasupWebhookSecret`
    /// when given) and provider `wawp` holding the instances `wawp`.
    func configuration(store: String = ":memory:", wawp: [String], wasupWebhookSecret: String? = nil,
                       pacing: PacingConfiguration? = nil) -> SwitchboardConfiguration {
        var wasupValues: [String: ConfigurationValue] = ["apiKey": .string(Self.wasupKey)]
        if let wasupWebhookSecret { wasupValues["webhookSecret"] = .string(wasupWebhookSecret) }
        return SwitchboardConfiguration(store: store, providers: [
            ProviderConfiguration(name: "wasup", kind: "wasup", baseURL: wasupBase, values: wasupValues),
            ProviderConfiguration(name: "wawp", kind: "wawp", baseURL: wawpBase, instances: wawp,
                                  values: ["accessToken": .string(Self.wawpToken), "webhookSecret": .string(Self.wawpWebhookSecret)]),
        ], pacing: pacing)
    }

    /// A client of both providers' kinds built from `configuration`, on the test process's transport.
    func client(_ configuration: SwitchboardConfiguration, options: SwitchboardClient.Options, storeKinds: [StoreKind] = [],
                environment: [String: String] = ProcessInfo.processInfo.environment,
                onEvent: Inbox.Handler? = nil) throws -> SwitchboardClient {
        try SwitchboardClient(configuration: configuration, kinds: [WasupProvider.providerKind, WawpProvider.providerKind],
                              storeKinds: storeKinds, transport: Self.transport, options: options,
                              environment: environment, onEvent: onEvent)
    }

    // MARK: - Inbound

    /// The phone digits of contact `chat` in the inbound tests.
    static func contact(_ chat: Int) -> String { "3361000\(String(format: "%04d", chat))" }
    /// The text of inbound message `n` in the inbound tests.
    static func inboundText(_ n: Int) -> String { String(format: "inbox-%04d", n) }

    /// The phone's side of the inbound tests: `count` messages to the Wawp `instance` from `chats`
    /// contacts writing at once, message n from contact n % chats with text ``inboundText(_:)``.
    /// Each contact writes its messages one after another, so each chat's messages arrive in
    /// order (a control call returns once the emulator's webhook deliveries, with their retries,
    /// are over).
    /// `timeout` bounds each control call: it answers once the emulator's webhook queue has
    /// delivered its message, behind every delivery queued before it, with retries that back off
    /// while a receiver is down (12 doubling attempts from 100 ms is over 400 s). Ten minutes is
    /// a bound for a stuck emulator, not a pace the tests expect.
    func sendInbound(to instance: String, count: Int, chats: Int, timeout: Duration = .seconds(600)) async throws {
        try await withThrowingTaskGroup(of: Void.self) { group in
            for chat in 0..<chats {
                group.addTask {
                    for n in stride(from: chat, to: count, by: chats) {
                        try await control(wawpBase, .post, "instances/\(instance)/inbound",
                                          ["from": Self.contact(chat), "text": Self.inboundText(n)], timeout: timeout)
                    }
                }
            }
            try await group.waitForAll()
        }
    }

    // MARK: - HTTP

    /// A control API call; the JSON answer. Throws unless 2xx. `timeout` bounds the whole
    /// exchange: an inbound message's control call answers once the emulator's webhook queue has
    /// delivered it, behind every delivery queued before it.
    @discardableResult
    func control(_ base: String, _ method: HTTPRequest.Method, _ path: String, _ body: [String: Any]? = nil,
                 timeout: Duration = .seconds(30)) async throws -> [String: Any] {
        try await EmulatorControl(base: base, transport: Self.transport).control(method, path, body, timeout: timeout)
    }

    /// A provider API call with `headers`; the JSON answer. Throws unless 2xx.
    @discardableResult
    func call(_ base: String, _ method: HTTPRequest.Method, _ path: String, _ body: [String: Any]? = nil,
              headers: [(String, String)] = [], timeout: Duration = .seconds(30)) async throws -> [String: Any] {
        try await EmulatorControl(base: base, transport: Self.transport).call(method, path, body, headers: headers, timeout: timeout)
    }
}
