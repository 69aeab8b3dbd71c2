import Crypto
import Foundation
import Switchboard
import SwitchboardWasup
import TestSupport
import Testing

/// The token in the webhook URL is what makes a delivery genuine, since Wasup signs nothing.
@Suite struct WasupWebhookVerificationTests {
    static let body = Data(#"{"message_id":"3EB0","from_phone":"447835156367","webhook_id":"wa_lxyz123_abc45","event":"message","message":"hi"}"#.utf8)

    /// The URL Wasup was told to call for an instance, as the adapter registered it.
    static func registeredTarget(_ instance: String = Fixture.instanceID, secret: String = Fixture.webhookSecret) async throws -> String {
        let server = StubServer(SpecAnswers.answer)
        try await server.run { base in
            try await Fixture.provider(base, webhookSecret: secret).setWebhook(instance, url: "https://hooks.example.com/wasup/eu?x=1")
        }
        let url = try #require(server.requests.first?.json?["webhookUrl"] as? String)
        return String(url.dropFirst("https://hooks.example.com".count))
    }

    @Test func acceptsAGenuineDelivery() async throws {
        let target = try await Self.registeredTarget()
        let provider = Fixture.provider("http://127.0.0.1:9")
        try provider.verifyWebhook(WebhookDelivery(target: target, body: Self.body))
        let events = try provider.decodeWebhook(WebhookDelivery(target: target, body: Self.body))
        #expect(events.first?.instance == Fixture.instanceID)
    }

    @Test func rejectsForgeries() async throws {
        let genuine = try await Self.registeredTarget()
        let otherInstance = try await Self.registeredTarget("wa_other")
        let otherSecret = try await Self.registeredTarget(secret: "another-deployment-secret")
        let token = try #require(WebhookDelivery(target: genuine, body: Data()).queryItem("sb_token"))
        var flipped = Array(token)
        flipped[5] = flipped[5] == "A" ? "B" : "A"
        let forged: [(String, String)] = [
            ("no token at all", "/wasup/eu?x=1"),
            ("instance without token", "/wasup/eu?x=1&sb_instance=\(Fixture.instanceID)"),
            ("a guessed token", "/wasup/eu?x=1&sb_instance=\(Fixture.instanceID)&sb_token=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"),
            ("one character changed", genuine.replacingOccurrences(of: token, with: String(flipped))),
            ("a truncated token", genuine.replacingOccurrences(of: token, with: String(token.dropLast(2)))),
            ("another deployment's secret", otherSecret),
            ("another instance's URL for this instance's body", otherInstance),
            ("a token moved to another instance", genuine.replacingOccurrences(of: "sb_instance=\(Fixture.instanceID)", with: "sb_instance=wa_other")),
        ]
        let provider = Fixture.provider("http://127.0.0.1:9")
        // Twice: before any genuine delivery, then once the genuine tokens of both instances have
        // passed and are kept, so that the second round compares against the kept ones.
        for round in ["nothing kept", "genuine tokens kept"] {
            for (name, target) in forged {
                do {
                    try provider.verifyWebhook(WebhookDelivery(target: target, body: Self.body))
                    Issue.record("accepted a forgery (\(round)): \(name)")
                } catch {
                    #expect(error.kind == .unauthorized, "\(name) (\(round)): \(error)")
                    #expect(!error.description.contains(token), "\(name) (\(round)): the error shows the token")
                }
            }
            try provider.verifyWebhook(WebhookDelivery(target: genuine, body: Self.body))
            let otherBody = Data(String(decoding: Self.body, as: UTF8.self).replacingOccurrences(of: Fixture.instanceID, with: "wa_other").utf8)
            try provider.verifyWebhook(WebhookDelivery(target: otherInstance, body: otherBody))
        }
    }

    /// The token is the derivation the adapter documents, HMAC-SHA256 of the context and the
    /// instance id in base64url without padding, here made independently through Foundation.
    @Test func theTokenIsTheDocumentedHMACInBase64URL() async throws {
        for instance in [Fixture.instanceID, "wa_other", "é"] {
            let target = try await Self.registeredTarget(instance)
            let token = try #require(WebhookDelivery(target: target, body: Data()).queryItem("sb_token"))
            let mac = HMAC<SHA256>.authenticationCode(for: Data("switchboard.wasup.webhook\u{0}\(instance)".utf8),
                                                      using: SymmetricKey(data: Data(Fixture.webhookSecret.utf8)))
            let expected = Data(mac).base64EncodedString().replacingOccurrences(of: "+", with: "-")
                .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
            #expect(token == expected, "\(instance)")
            try Fixture.provider("http://127.0.0.1:9").verifyWebhook(WebhookDelivery(target: target, body: Data("{}".utf8)))
        }
    }

    @Test func withoutASecretEveryDeliveryIsRejected() async throws {
        let target = try await Self.registeredTarget()
        let provider = Fixture.provider("http://127.0.0.1:9", webhookSecret: nil)
        #expect(throws: SwitchboardError.self) { try provider.verifyWebhook(WebhookDelivery(target: target, body: Self.body)) }
    }

    @Test func theTokenIsRedactedWhereverTheURLIsPrinted() async throws {
        let target = try await Self.registeredTarget()
        let token = try #require(WebhookDelivery(target: target, body: Data()).queryItem("sb_token"))
        #expect(!Redaction.redact(target).contains(token))
        #expect(Redaction.redact(target).contains("sb_instance=\(Fixture.instanceID)"))
    }
}
