import Foundation
import HTTPTypes
import Switchboard
import SwitchboardWawp
import TestSupport
import Testing
import WawpEmulator

/// A Wawp emulator started in-process on a free loopback port, the adapter pointed at it, and the
/// phone's side played through the emulator's control API (`/__emulator/...`).
struct WawpEmulatorHarness: Sendable {
    let provider: WawpProvider
    let base: String

    /// Runs `body` against a fresh emulator, then records an issue for every request in the
    /// emulator's log that the spec's catalog does not allow.
    static func run<T: Sendable>(_ body: (WawpEmulatorHarness) async throws -> T) async throws -> T {
        let emulator = try WawpEmulator(token: Fixture.accessToken, transport: Fixture.transport, startingPolls: 1,
                                        webhookAttempts: 1)
        let port = try await emulator.start()
        let base = "http://127.0.0.1:\(port)"
        let harness = WawpEmulatorHarness(provider: Fixture.provider(base, instances: []), base: base)
        return try await withCleanup {
            let value = try await body(harness)
            try await harness.expectNoCatalogViolations()
            return value
        } cleanup: {
            await emulator.stop()
        }
    }

    // MARK: The control API

    /// A control route's JSON answer; throws unless 2xx.
    @discardableResult
    func control(_ method: HTTPRequest.Method = .post, _ path: String, _ body: [String: Any]? = nil) async throws -> [String: Any] {
        try await EmulatorControl(base: base, transport: Fixture.transport).control(method, path, body)
    }

    /// What the instance delivered to WhatsApp, oldest first.
    func sent(_ instance: String) async throws -> [[String: Any]] {
        try await control(.get, "instances/\(instance)/sent")["messages"] as? [[String: Any]] ?? []
    }

    /// Records an issue for every logged request with catalog violations.
    func expectNoCatalogViolations(sourceLocation: SourceLocation = #_sourceLocation) async throws {
        let requests = try await control(.get, "requests")["requests"] as? [[String: Any]] ?? []
        #expect(!requests.isEmpty)
        for request in requests {
            let violations = request["violations"] as? [Any] ?? []
            #expect(violations.isEmpty, "\(request["method"] ?? "") \(request["path"] ?? ""): \(violations)", sourceLocation: sourceLocation)
        }
    }

    /// A new instance, paired by QR to `phone`.
    func connectedInstance(phone: Phone = Fixture.linked) async throws -> String {
        let instance = try await provider.createInstance(InstanceDraft())
        let state = try await provider.connect(instance.id, method: .qr)
        guard case .qr = state else { throw HarnessError(message: "connect answered \(state), not a QR") }
        try await control(.post, "instances/\(instance.id)/scan", ["phone": phone.digits])
        return instance.id
    }
}
