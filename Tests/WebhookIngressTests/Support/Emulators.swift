import Foundation
import HTTPTypes
import Switchboard
import SwitchboardWasup
import SwitchboardWawp
import Synchronization
import TestSupport
import Testing
import WasupEmulator
import WawpEmulator

/// Shared values: one libcurl transport for the process, the secrets the adapters verify with.
enum Fixture {
    static let transport = CurlTransport()
    static let wasupKey = "wsk_ingress_tests_key"
    static let wawpToken = "wawp_ingress_tests_token"
    static let webhookSecret = "whsec_ingress_tests_0123456789"
    static let customer = Phone(e164Digits: "447835156367")
    static let linked = Phone(e164Digits: "358942721757")
}

/// An emulator on loopback (port 0) and its control API at `base/__emulator/...`.
struct ControlClient: Sendable {
    let base: String

    /// A control route's JSON answer; throws unless 2xx.
    @discardableResult
    func call(_ method: HTTPRequest.Method, _ path: String, _ body: [String: Any]? = nil) async throws -> [String: Any] {
        try await EmulatorControl(base: base, transport: Fixture.transport).control(method, path, body)
    }

    /// Every webhook the emulator delivered, oldest first, as a receiver got it: its path and
    /// query, headers and exact body bytes.
    func deliveries() async throws -> [WebhookDelivery] {
        let logged = try await call(.get, "webhooks")["webhooks"] as? [[String: Any]] ?? []
        return try logged.map { entry in
            let target = try #require(entry["target"] as? String)
            let headers = (entry["headers"] as? [String: String] ?? [:]).map { (name: $0.key, value: $0.value) }
            let body = try #require((entry["bodyBase64"] as? String).flatMap { Data(base64Encoded: $0) })
            return WebhookDelivery(target: target, headers: headers, body: body)
        }
    }

    /// The sink URL: a receiver on the emulator itself that accepts anything.
    var sink: String { base + "/__emulator/sink" }
}

/// A Wasup emulator with one connected instance whose webhook (token parameters added by the
/// adapter) points at the emulator's sink.
struct WasupSetup: Sendable {
    let provider: WasupProvider
    let control: ControlClient
    let instance: String

    static func run<T: Sendable>(_ body: (WasupSetup) async throws -> T) async throws -> T {
        let emulator = try WasupEmulator(token: Fixture.wasupKey, transport: Fixture.transport, webhookAttempts: 1)
        let port = try await emulator.start()
        return try await withCleanup { try await setUp("http://127.0.0.1:\(port)", body) } cleanup: { await emulator.stop() }
    }

    private static func setUp<T: Sendable>(_ base: String, _ body: (WasupSetup) async throws -> T) async throws -> T {
        let provider = WasupProvider(name: "wasup", baseURL: base, apiKey: Fixture.wasupKey, transport: Fixture.transport,
                                     webhookSecret: Fixture.webhookSecret)
        let control = ControlClient(base: base)
        let created = try await provider.createInstance(InstanceDraft(name: "Ingress"))
        _ = try await provider.connect(created.id, method: .qr)
        try await control.call(.post, "instances/\(created.id)/scan", ["phone": Fixture.linked.digits])
        try await provider.setWebhook(created.id, url: control.sink)
        return try await body(WasupSetup(provider: provider, control: control, instance: created.id))
    }

    /// A customer's message reaches the instance; returns the delivery the emulator made for it.
    func inbound(_ text: String) async throws -> WebhookDelivery {
        let before = try await control.deliveries().count
        try await control.call(.post, "instances/\(instance)/inbound", ["from": Fixture.customer.digits, "text": text])
        let after = try await control.deliveries()
        try #require(after.count == before + 1, "one delivery per inbound message")
        return after[before]
    }
}

/// A Wawp emulator that signs its webhooks with ``Fixture/webhookSecret`` and delivers them to
/// its sink, with one connected instance.
struct WawpSetup: Sendable {
    let provider: WawpProvider
    let control: ControlClient
    let instance: String

    static func provider(_ base: String) -> WawpProvider {
        WawpProvider(name: "wawp", baseURL: base, accessToken: Fixture.wawpToken, transport: Fixture.transport,
                     webhookSecret: Fixture.webhookSecret, startupPolling: .init(attempts: 8, interval: .milliseconds(1)))
    }

    static func run<T: Sendable>(_ body: (WawpSetup) async throws -> T) async throws -> T {
        let emulator = try WawpEmulator(token: Fixture.wawpToken, transport: Fixture.transport, startingPolls: 1, webhookAttempts: 1)
        let port = try await emulator.start()
        return try await withCleanup { try await setUp("http://127.0.0.1:\(port)", body) } cleanup: { await emulator.stop() }
    }

    private static func setUp<T: Sendable>(_ base: String, _ body: (WawpSetup) async throws -> T) async throws -> T {
        let control = ControlClient(base: base)
        try await control.call(.post, "webhook", ["url": control.sink, "secret": Fixture.webhookSecret])
        let provider = Self.provider(base)
        let created = try await provider.createInstance(InstanceDraft())
        guard case .qr = try await provider.connect(created.id, method: .qr) else { throw HarnessError(message: "no QR") }
        try await control.call(.post, "instances/\(created.id)/scan", ["phone": Fixture.linked.digits])
        return try await body(WawpSetup(provider: provider, control: control, instance: created.id))
    }

    /// A message reaches the instance from `from` (digits or a chat id); returns the `message`
    /// delivery (the emulator also sends `message.any`).
    func inbound(_ text: String, from: String = Fixture.customer.digits) async throws -> WebhookDelivery {
        let before = try await control.deliveries().count
        try await control.call(.post, "instances/\(instance)/inbound", ["from": from, "text": text])
        let new = try await control.deliveries().dropFirst(before)
        return try #require(new.first { Self.event(of: $0) == "message" }, "no `message` delivery")
    }

    /// The envelope's `event`.
    static func event(of delivery: WebhookDelivery) -> String? {
        ((try? JSONSerialization.jsonObject(with: delivery.body)) as? [String: Any])?["event"] as? String
    }

    /// A delivery of `envelope` signed as Wawp signs, fresh, with a new request id.
    static func signed(_ envelope: Any, secret: String = Fixture.webhookSecret) throws -> WebhookDelivery {
        let body = try JSONSerialization.data(withJSONObject: envelope, options: [.sortedKeys])
        return WebhookDelivery(target: "/webhooks/wawp", headers: [
            ("X-Webhook-Hmac", WebhookSignatureHex.sign(body, secret: secret)),
            ("X-Webhook-Hmac-Algorithm", "sha512"),
            ("X-Webhook-Timestamp", String(Int(Date().timeIntervalSince1970 * 1000))),
            ("X-Webhook-Request-Id", UUID().uuidString),
        ], body: body)
    }
}

/// What an ingress handed to its handler, in order.
final class Received: Sendable {
    private let events = Mutex<[InboundEvent]>([])
    func append(_ event: InboundEvent) { events.withLock { $0.append(event) } }
    var all: [InboundEvent] { events.withLock { $0 } }
}

/// The text of a message event.
func text(_ event: InboundEvent?) -> String? {
    guard let event, case .message(let message) = event.body else { return nil }
    return message.text
}

/// The message of a message event.
func messageOf(_ event: InboundEvent?) -> Message? {
    guard let event, case .message(let message) = event.body else { return nil }
    return message
}

/// A fresh SQLite file in the temporary directory.
func temporaryStorePath() -> String {
    FileManager.default.temporaryDirectory.appendingPathComponent("ingress-\(UUID().uuidString).sqlite").path
}
