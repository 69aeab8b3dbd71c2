import Foundation
import Switchboard
@testable import SwitchboardWawp
import Testing
import WawpEmulator

/// What the adapter does beyond the happy path of the emulator: the spec's `access-token`
/// security scheme, the statuses the spec's prose names, the missing-signature policy, and
/// clear errors where the spec-literal answer has nothing to read.
@Suite struct WawpFidelityTests {
    @Test func theSpecsProseStatusesMeanDisconnected() {
        #expect(WawpStatus.status("DISCONNECTED") == .disconnected)
        #expect(WawpStatus.status("LOGOUT") == .disconnected)
        #expect(WawpStatus.status("logout ") == .disconnected)
        #expect(WawpStatus.status("STOPPED") == .disconnected)
        #expect(WawpStatus.status("SOMETHING_ELSE") == nil)
    }

    static let unsigned = WebhookDelivery(target: "/webhooks/wawp", headers: [("Content-Type", "application/json")],
                                          body: Data(#"{"id":"e1","event":"message.ack","session":"s","timestamp":\#(Int(Date().timeIntervalSince1970 * 1000)),"payload":{"id":"true_447441429009@c.us_X","ack":2}}"#.utf8))

    @Test func anUnsignedDeliveryIsRefusedByDefault() {
        let wawp = Fixture.provider("http://127.0.0.1:9")
        #expect(wawp.signaturePolicy == .required)
        #expect(WawpWebhookVerificationTests.rejection(wawp, Self.unsigned)?.kind == .unauthorized)
        #expect(wawp.capabilities.supports(.webhookSignature))
    }

    @Test func verifyWhenPresentAcceptsUnsignedAndStillChecksASignature() throws {
        let wawp = WawpProvider(name: "wawp-test", baseURL: "http://127.0.0.1:9", accessToken: Fixture.accessToken,
                                transport: Fixture.transport, webhookSecret: Fixture.webhookSecret, signaturePolicy: .verifyWhenPresent)
        try wawp.verifyWebhook(Self.unsigned)
        var forged = Self.unsigned
        forged.headers.append(("X-Webhook-Hmac", String(repeating: "ab", count: 64)))
        #expect(WawpWebhookVerificationTests.rejection(wawp, forged)?.kind == .unauthorized)
        try wawp.verifyWebhook(WawpWebhookVerificationTests.delivery(receivedAt: WawpWebhookVerificationTests.now))
        // Unsigned deliveries can be forged, so the adapter does not claim signature checking.
        #expect(!wawp.capabilities.supports(.webhookSignature))
    }

    @Test func everyRequestCarriesTheAccessTokenHeader() async throws {
        let emulator = try WawpEmulator(token: Fixture.accessToken, transport: Fixture.transport)
        let port = try await emulator.start()
        try await withCleanup {
            let wawp = Fixture.provider("http://127.0.0.1:\(port)", instances: [])
            let created = try await wawp.createInstance(InstanceDraft())
            _ = try await wawp.instance(created.id)
            let requests = emulator.requestLog?.entries ?? []
            #expect(requests.count >= 2)
            for request in requests {
                let header = request.headers.first { $0.name.lowercased() == "access-token" }?.value
                #expect(header == Fixture.accessToken, "\(request.method) \(request.path) lacks the access-token header")
                #expect(request.violations.isEmpty, "\(request.violations)")
            }
        } cleanup: {
            await emulator.stop()
        }
    }

    @Test func theSpecLiteralAnswerGivesATypedErrorNamingTheOperation() async throws {
        let emulator = try WawpEmulator(token: Fixture.accessToken, transport: Fixture.transport, choices: .specLiteral)
        let port = try await emulator.start()
        try await withCleanup {
            let wawp = Fixture.provider("http://127.0.0.1:\(port)", instances: [])
            let created = try await wawp.createInstance(InstanceDraft())
            let info = await Fixture.failure { try await wawp.instance(created.id) }
            #expect(info?.kind == .invalidResponse)
            #expect(info?.message.contains("/v2/session/info") == true, "\(String(describing: info))")
            let connect = await Fixture.failure { try await wawp.connect(created.id, method: .qr) }
            #expect(connect?.kind == .invalidResponse, "\(String(describing: connect))")
            #expect(connect?.message.contains("/v2/") == true, "\(String(describing: connect))")
        } cleanup: {
            await emulator.stop()
        }
    }
}
