import Crypto
import Foundation
import Switchboard
import SwitchboardWawp

/// Wawp-shaped webhook deliveries, signed as Wawp signs them.
public enum WawpFixtures {
    /// The HMAC key "set in Wawp's dashboard" for the benchmark.
    public static let webhookSecret = "bench-wawp-webhook-secret"
    /// When every benchmark delivery was sent and received (fresh: the same second).
    public static let sentAt = Date(timeIntervalSince1970: 1_800_000_000)

    /// A fresh adapter: its replay filter has seen nothing yet.
    public static func provider() -> WawpProvider {
        WawpProvider(name: "wawp-bench", baseURL: "http://127.0.0.1:9", accessToken: "bench-access-token",
                     instances: ["default"], transport: CapturingTransport(body: "{}"), webhookSecret: webhookSecret)
    }

    /// A text message delivery as Wawp posts it (the spec's `message` envelope), numbered so that
    /// each has its own event id and message id, with Wawp's headers: the request id, the
    /// timestamp and `X-Webhook-Hmac`, the hex HMAC-SHA512 of the body.
    public static func messageDelivery(_ number: Int) -> WebhookDelivery {
        let tag = String(number, radix: 16, uppercase: true)
        let millis = Int(sentAt.timeIntervalSince1970 * 1000)
        let body = Data(#"{"id":"evt_01bench\#(tag)","timestamp":\#(millis),"event":"message","session":"default","metadata":{"user.id":"123","user.email":"email@example.com"},"me":{"id":"11111111111@c.us","pushName":"~"},"payload":{"id":"false_447441429009@c.us_3EB0\#(tag)","timestamp":1666943582,"from":"447441429009@c.us","fromMe":false,"source":"app","to":"11111111111@c.us","participant":null,"body":"Hello, I need help with my order","hasMedia":false,"media":null,"ack":1,"ackName":"SERVER","author":null,"location":null,"vCards":[],"replyTo":null},"engine":"WEBJS","environment":{"version":"2024.10.1","engine":"WEBJS","tier":"PLUS","browser":"/usr/path/to/bin/google-chrome"}}"#.utf8)
        let mac = HMAC<SHA512>.authenticationCode(for: body, using: SymmetricKey(data: Data(webhookSecret.utf8)))
        let signature = mac.map { String(format: "%02x", $0) }.joined()
        return WebhookDelivery(target: "/webhooks/wawp", headers: [
            ("Content-Type", "application/json"),
            ("X-Webhook-Request-Id", "req_bench_\(tag)"),
            ("X-Webhook-Timestamp", String(millis)),
            ("X-Webhook-Hmac", signature),
            ("X-Webhook-Hmac-Algorithm", "sha512"),
        ], body: body, receivedAt: sentAt)
    }
}
