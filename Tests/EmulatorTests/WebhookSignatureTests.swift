import EmulatorKit
import Foundation
import Testing

@Suite struct WebhookSignatureTests {
    @Test func signsWithHMACSHA512Hex() {
        // RFC 4231 test case 2.
        let mac = WebhookSignature.hmacSHA512Hex(body: Data("what do ya want for nothing?".utf8), secret: "Jefe")
        #expect(mac == "164b7a7bfcf819e2e395fbe73b56e0a387bd64222e831fd610270cd7ea2505549758bf75c05a994a6d034f65f8f0e6fdcaeab1a34d4a6b4b636e070a38bce737")
        #expect(WebhookSignature.verifySHA512(body: Data("what do ya want for nothing?".utf8), secret: "Jefe", signature: mac.uppercased()))
        #expect(!WebhookSignature.verifySHA512(body: Data("what do ya want for nothing!".utf8), secret: "Jefe", signature: mac))
    }

    @Test func comparesInConstantTimeButCorrectly() {
        #expect(WebhookSignature.constantTimeEquals("abc", "abc"))
        #expect(!WebhookSignature.constantTimeEquals("abc", "abd"))
        #expect(!WebhookSignature.constantTimeEquals("abc", "abcd"))
        #expect(!WebhookSignature.constantTimeEquals("", "a"))
    }
}
