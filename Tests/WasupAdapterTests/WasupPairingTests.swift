import Foundation
import Switchboard
import SwitchboardWasup
import Synchronization
import TestSupport
import Testing

/// Connecting, pairing and status against a real loopback server.
@Suite struct WasupPairingTests {
    static let png = Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 1, 2, 3])
    static var dataURL: String { "data:image/png;base64," + png.base64EncodedString() }

    @Test func qrIsNotReadyThenReadyThenConnected() async throws {
        // Wasup's connect answers at once; the QR follows (204 until then), then the phone scans.
        let stage = Mutex(0)
        let server = StubServer { request in
            switch (request.method, String(request.path.split(separator: "/").last ?? "")) {
            case ("POST", "connect"):
                return .init(200, #"{"success":true,"message":"Connection started (QR mode)","pairingCode":null,"instance":{"id":"wa_1","status":"connecting","qrCode":null}}"#)
            case ("GET", "qr"):
                switch stage.withLock({ $0 }) {
                case 0: return .init(204)
                case 1: return .init(200, #"{"success":true,"status":"connecting","qrCode":"\#(Self.dataURL)","pairingCode":null}"#)
                default: return .init(200, #"{"success":true,"status":"connected","qrCode":null,"phone":"447393002183"}"#)
                }
            case ("GET", "connection"):
                return .init(200, #"{"success":true,"status":"connecting","phone":null,"qrCode":null,"pairingCode":null}"#)
            default:
                return .init(404, #"{"error":"Instance not found"}"#)
            }
        }
        let states = try await server.run { base in
            let provider = Fixture.provider(base)
            var states = [try await provider.connect("wa_1", method: .qr)]
            stage.withLock { $0 = 1 }
            states.append(try await provider.pairingState("wa_1"))
            stage.withLock { $0 = 2 }
            states.append(try await provider.pairingState("wa_1"))
            return states
        }
        #expect(states == [.waiting(.starting), .qr(QRCode(png: Self.png)), .connected(Phone(e164Digits: "447393002183"))])
        #expect(server.requests.map { "\($0.method) \($0.path.split(separator: "/").last ?? "")" } == [
            "POST connect", "GET qr", "GET connection", "GET qr", "GET qr",
        ])
        #expect(server.requests[0].body.isEmpty, "QR mode sends no pairingPhone")
    }

    @Test func pairingCodeComesBackFromConnect() async throws {
        let server = StubServer { _ in
            .init(200, #"{"success":true,"message":"Connection started","pairingCode":"A1B2-C3D4","instance":{"id":"wa_1","status":"connecting"}}"#)
        }
        let state = try await server.run { base in
            try await Fixture.provider(base).connect("wa_1", method: .code(phone: Phone(e164Digits: "447393002183")))
        }
        #expect(state == .code("A1B2-C3D4"))
        #expect(server.requests.count == 1)
        #expect(Fixture.jsonEqual(try #require(server.requests.first?.body), #"{"pairingPhone":"447393002183"}"#))
    }

    @Test func keptCredentialsReconnectWithoutPairing() async throws {
        let server = StubServer { _ in
            .init(200, #"{"success":true,"message":"Connected","instance":\#(SpecAnswers.instance)}"#)
        }
        let state = try await server.run { base in try await Fixture.provider(base).connect(Fixture.instanceID, method: .qr) }
        #expect(state == .connected(Phone(e164Digits: "60123456789")))
        #expect(server.requests.count == 1)
    }

    @Test func qrAsARawPNG() async throws {
        let server = StubServer { _ in .init(200, bytes: Self.png, contentType: "image/png") }
        let state = try await server.run { base in try await Fixture.provider(base).pairingState("wa_1") }
        #expect(state == .qr(QRCode(png: Self.png)))
    }

    @Test func disconnectKeepsAndLogoutClears() async throws {
        let server = StubServer(SpecAnswers.answer)
        try await server.run { base in
            let provider = Fixture.provider(base)
            try await provider.disconnect(Fixture.instanceID)
            try await provider.logout(Fixture.instanceID)
        }
        #expect(server.requests.map { "\($0.method) \($0.path)" } == [
            "POST /api/instances/\(Fixture.instanceID)/disconnect", "POST /api/instances/\(Fixture.instanceID)/clear-auth",
        ])
    }

    @Test(arguments: [
        (#"{"status":"connected","phone":"447393002183"}"#, InstanceStatus.connected),
        (#"{"status":"connecting","qrCode":null,"pairingCode":null}"#, .starting),
        (#"{"status":"connecting","qrCode":"data:image/png;base64,iVBORw0KGgo="}"#, .pairing),
        (#"{"status":"connecting","pairingCode":"A1B2-C3D4"}"#, .pairing),
        (#"{"status":"disconnected"}"#, .disconnected),
        (#"{"status":"logged_out"}"#, .failed),
        (#"{"status":"something-new"}"#, .disconnected),
    ])
    func statusOfEveryState(_ fields: String, _ status: InstanceStatus) async throws {
        let body = #"{"success":true,"instance":{"id":"wa_1","# + fields.dropFirst() + "}"
        let server = StubServer { _ in .init(200, body) }
        let instance = try await server.run { base in try await Fixture.provider(base).instance("wa_1") }
        #expect(instance.status == status, "\(fields)")
    }
}
