import Crypto
import Foundation
import Switchboard
import SwitchboardWawp
import Testing

/// `X-Webhook-Hmac` (HMAC-SHA512 over the raw body) and freshness.
@Suite struct WawpWebhookVerificationTests {
    static let now = Date(timeIntervalSince1970: 1_800_000_000)

    static func hmac(_ body: Data, secret: String = Fixture.webhookSecret) -> String {
        HMAC<SHA512>.authenticationCode(for: body, using: SymmetricKey(data: Data(secret.utf8)))
            .map { String(format: "%02x", $0) }.joined()
    }

    static func delivery(id: String = UUID().uuidString, sentAt: Date = now, signature: String? = nil,
                         body: Data? = nil, receivedAt: Date = now) -> WebhookDelivery {
        let body = body ?? Data(#"{"id":"\#(id)","event":"message.ack","session":"s","timestamp":\#(Int(sentAt.timeIntervalSince1970 * 1000)),"payload":{"id":"true_447441429009@c.us_X","ack":2}}"#.utf8)
        return WebhookDelivery(target: "/webhooks/wawp", headers: [
            ("Content-Type", "application/json"),
            ("X-Webhook-Request-Id", id),
            ("X-Webhook-Timestamp", String(Int(sentAt.timeIntervalSince1970 * 1000))),
            ("X-Webhook-Hmac", signature ?? hmac(body)),
            ("X-Webhook-Hmac-Algorithm", "sha512"),
        ], body: body, receivedAt: receivedAt)
    }

    static func rejection(_ provider: WawpProvider, _ delivery: WebhookDelivery) -> SwitchboardError? {
        do { try provider.verifyWebhook(delivery); return nil } catch { return error }
    }

    @Test func aSignedFreshDeliveryIsAccepted() throws {
        let wawp = Fixture.provider("http://127.0.0.1:9")
        try wawp.verifyWebhook(Self.delivery())
        #expect(wawp.capabilities.support(for: .webhookSignature) == .provider)
        // Upper-case hex is the same signature.
        let body = Data(#"{"id":"u","event":"x","session":"s","timestamp":1800000000000}"#.utf8)
        try wawp.verifyWebhook(Self.delivery(id: "u", signature: Self.hmac(body).uppercased(), body: body))
    }

    @Test(arguments: ["forged", "wrong key", "missing", "truncated", "not hex"])
    func aForgedSignatureIsRejected(kind: String) {
        let wawp = Fixture.provider("http://127.0.0.1:9")
        let body = Data(#"{"id":"f","event":"x","session":"s","timestamp":1800000000000}"#.utf8)
        let good = Self.hmac(body)
        let signature = switch kind {
        case "forged": Self.hmac(Data(#"{"id":"f","event":"y","session":"s","timestamp":1800000000000}"#.utf8))
        case "wrong key": Self.hmac(body, secret: "another secret")
        case "missing": ""
        case "truncated": String(good.dropLast(2))
        default: String(repeating: "zz", count: 64)
        }
        let error = Self.rejection(wawp, Self.delivery(id: "f", signature: signature, body: body))
        #expect(error?.kind == .unauthorized)
        #expect(error?.provider == "wawp-test")
    }

    @Test func aStaleOrFutureDeliveryIsRejected() {
        let wawp = Fixture.provider("http://127.0.0.1:9")
        let stale = Self.rejection(wawp, Self.delivery(sentAt: Self.now.addingTimeInterval(-301)))
        #expect(stale?.kind == .unauthorized)
        #expect(stale?.message.contains("stale") == true)
        #expect(Self.rejection(wawp, Self.delivery(sentAt: Self.now.addingTimeInterval(301)))?.kind == .unauthorized)
        #expect(Self.rejection(wawp, Self.delivery(sentAt: Self.now.addingTimeInterval(-299))) == nil)
    }

    /// A genuine retry must pass verification (the ingress drops it as a duplicate, durably), or an
    /// event whose first delivery could not be recorded would be lost.
    @Test func aRedeliveryPassesVerification() {
        let wawp = Fixture.provider("http://127.0.0.1:9")
        let delivery = Self.delivery(id: "evt-replay")
        #expect(Self.rejection(wawp, delivery) == nil)
        #expect(Self.rejection(wawp, delivery) == nil)
        #expect(Self.rejection(wawp, Self.delivery(id: "evt-other", sentAt: Self.now.addingTimeInterval(-301)))?.kind == .unauthorized)
    }

    @Test func aRejectedForgeryDoesNotBlockTheRealDelivery() {
        let wawp = Fixture.provider("http://127.0.0.1:9")
        #expect(Self.rejection(wawp, Self.delivery(id: "evt-1", signature: String(repeating: "0", count: 128))) != nil)
        #expect(Self.rejection(wawp, Self.delivery(id: "evt-1")) == nil)
    }

    @Test func withoutASecretOnlyFreshnessIsChecked() {
        let wawp = Fixture.provider("http://127.0.0.1:9", webhookSecret: nil)
        #expect(wawp.capabilities.supports(.webhookSignature) == false)
        #expect(Self.rejection(wawp, Self.delivery(id: "n", signature: "anything")) == nil)
        #expect(Self.rejection(wawp, Self.delivery(id: "m", sentAt: Self.now.addingTimeInterval(-3600)))?.kind == .unauthorized)
    }

    @Test func theEnvelopeStandsInForMissingHeaders() {
        let wawp = Fixture.provider("http://127.0.0.1:9")
        let body = Data(#"{"id":"evt-env","event":"x","session":"s","timestamp":1800000000000}"#.utf8)
        let delivery = WebhookDelivery(headers: [("X-Webhook-Hmac", Self.hmac(body))], body: body, receivedAt: Self.now)
        #expect(Self.rejection(wawp, delivery) == nil)
        let undated = Data(#"{"event":"x","session":"s"}"#.utf8)
        #expect(Self.rejection(wawp, WebhookDelivery(headers: [("X-Webhook-Hmac", Self.hmac(undated))], body: undated, receivedAt: Self.now))?.kind == .unauthorized)
    }
}
