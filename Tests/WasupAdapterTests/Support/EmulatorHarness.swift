import Foundation
import HTTPTypes
import Switchboard
import SwitchboardWasup
import TestSupport
import Testing
import WasupEmulator

/// A Wasup emulator started in-process on a free port, the adapter pointed at it, and the phone's
/// side played through the emulator's HTTP control API (`/__emulator/...`).
struct EmulatorHarness: Sendable {
    let provider: WasupProvider
    let base: String

    /// Runs `body` against a fresh emulator, then fails the test if the emulator's request log
    /// shows any request the Wasup spec does not define.
    static func run<T: Sendable>(webhookSecret: String? = Fixture.webhookSecret,
                                 _ body: (EmulatorHarness) async throws -> T) async throws -> T {
        let emulator = try WasupEmulator(token: Fixture.apiKey, transport: Fixture.transport, webhookAttempts: 1)
        let port = try await emulator.start()
        let base = "http://127.0.0.1:\(port)"
        let harness = EmulatorHarness(provider: Fixture.provider(base, webhookSecret: webhookSecret), base: base)
        return try await withCleanup {
            let value = try await body(harness)
            try await harness.expectNoCatalogViolations()
            return value
        } cleanup: {
            await emulator.stop()
        }
    }

    // MARK: The control API

    /// The emulator's control API.
    var emulator: EmulatorControl { EmulatorControl(base: base, transport: Fixture.transport) }

    /// `POST /__emulator/{path}` with a JSON body; the JSON answer. Throws unless 2xx.
    @discardableResult
    func control(_ path: String, _ body: [String: Any] = [:]) async throws -> [String: Any] {
        try await emulator.control(.post, path, body)
    }

    /// `DELETE /__emulator/{path}`.
    @discardableResult
    func controlDelete(_ path: String) async throws -> [String: Any] { try await emulator.control(.delete, path) }

    /// `GET /__emulator/{path}`.
    func controlGet(_ path: String) async throws -> [String: Any] { try await emulator.control(.get, path) }

    /// The phone scans the QR code.
    func scan(_ instance: String, phone: Phone) async throws {
        try await control("instances/\(instance)/scan", ["phone": phone.digits])
    }

    /// What the instance delivered to WhatsApp, oldest first.
    func sent(_ instance: String) async throws -> [[String: Any]] {
        try await controlGet("instances/\(instance)/sent")["messages"] as? [[String: Any]] ?? []
    }

    /// Makes the next `times` requests matching `path` fail as described.
    func fault(path: String, method: String? = nil, status: Int, body: String? = nil, contentType: String? = nil, times: Int = 1) async throws {
        var fault: [String: Any] = ["path": path, "status": status, "times": times]
        if let method { fault["method"] = method }
        if let body { fault["body"] = body }
        if let contentType { fault["contentType"] = contentType }
        try await control("faults", fault)
    }

    /// Records an issue for every request in the emulator's log that broke the spec's catalog.
    func expectNoCatalogViolations(sourceLocation: SourceLocation = #_sourceLocation) async throws {
        let requests = try await controlGet("requests")["requests"] as? [[String: Any]] ?? []
        for request in requests {
            let violations = request["violations"] as? [Any] ?? []
            #expect(violations.isEmpty, "\(request["method"] ?? "") \(request["path"] ?? ""): \(violations)", sourceLocation: sourceLocation)
        }
    }

    /// A connected instance: created, QR shown, scanned by `phone`.
    func connectedInstance(phone: Phone = Phone(e164Digits: "447700900123"), name: String = "Round trip") async throws -> Instance {
        let instance = try await provider.createInstance(InstanceDraft(name: name))
        _ = try await provider.connect(instance.id, method: .qr)
        try await scan(instance.id, phone: phone)
        return try await provider.instance(instance.id)
    }
}
