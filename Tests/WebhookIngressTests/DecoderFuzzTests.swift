import Foundation
import Switchboard
import SwitchboardWasup
import SwitchboardWawp
import Testing

/// Thousands of mutated real payloads through both decoders: each one decodes into events or
/// throws a `SwitchboardError`, and never crashes the process. Deterministic: a fixed seed.
@Suite struct DecoderFuzzTests {
    static let wasupPayload = #"""
    {"message_id":"3EB0137919F0252BAB0D","created_at":"2026-11-22T03:28:39.845Z","from_phone":"447700900999","to_phone":"447700900123","message":"hello","media_type":"image","media_url":"https://example.com/a.jpg","mime_type":"image/jpeg","file_name":null,"status":"received","webhook_id":"wa_1","event":"message","quoted_message":"3EB0AAAA"}
    """#
    static let wawpPayloads = [
        #"{"id":"evt_1","timestamp":1800000000000,"session":"S1","engine":"WEBJS","event":"message","payload":{"id":"false_447700900999@c.us_3EB0","timestamp":1800000000,"from":"447700900999@c.us","fromMe":false,"body":"hi","hasMedia":true,"media":{"url":"https://example.com/a.jpg","mimetype":"image/jpeg"},"replyTo":{"id":"3EB1"}},"me":{"id":"447700900123@c.us","pushName":"Shop"}}"#,
        #"{"id":"evt_2","timestamp":1800000000000,"session":"S1","event":"message.ack","payload":{"id":"true_447700900999@c.us_3EB0","ack":3,"ackName":"READ","from":"447700900123@c.us","to":"447700900999@c.us"}}"#,
        #"{"id":"evt_3","timestamp":1800000000000,"session":"S1","event":"session.status","payload":{"status":"WORKING"},"me":{"id":"447700900123@c.us"}}"#,
        #"{"id":"evt_4","timestamp":1800000000000,"session":"S1","event":"message.reaction","payload":{"id":"false_x","from":"123456789012345@lid","reaction":{"text":"👍","messageId":"true_447700900999@c.us_3EB0"}}}"#,
    ]

    static let replacements = ["null", "true", "0", "-1e308", "\"\"", "[]", "{}", "[[[[[[[[]]]]]]]]", "\"\\u0000\"", "\"\\ud800\"", "1.5", "\"@lid\""]

    /// One mutation of `text`: a byte flipped, a slice cut, a value's type swapped, or the end cut off.
    static func mutate(_ text: String, _ random: inout PacingRandom) -> Data {
        var bytes = Array(text.utf8)
        switch Int.random(in: 0..<4, using: &random) {
        case 0:
            let index = Int.random(in: 0..<bytes.count, using: &random)
            bytes[index] ^= UInt8.random(in: 1...255, using: &random)
        case 1:
            let start = Int.random(in: 0..<bytes.count, using: &random)
            let end = min(bytes.count, start + Int.random(in: 1...12, using: &random))
            bytes.removeSubrange(start..<end)
        case 2:
            // Replace the value after a random colon with one of another type.
            let colons = bytes.indices.filter { bytes[$0] == UInt8(ascii: ":") }
            if let colon = colons.randomElement(using: &random) {
                var end = colon + 1
                var depth = 0
                while end < bytes.count {
                    let byte = bytes[end]
                    if byte == UInt8(ascii: "{") || byte == UInt8(ascii: "[") { depth += 1 }
                    if byte == UInt8(ascii: "}") || byte == UInt8(ascii: "]") { if depth == 0 { break }; depth -= 1 }
                    if byte == UInt8(ascii: ","), depth == 0 { break }
                    end += 1
                }
                bytes.replaceSubrange((colon + 1)..<end, with: Array(replacements.randomElement(using: &random)!.utf8))
            }
        default:
            bytes = Array(bytes.prefix(Int.random(in: 0..<bytes.count, using: &random)))
        }
        return Data(bytes)
    }

    @Test func mutatedDeliveriesNeverCrashEitherDecoder() async {
        let transport = CurlTransport()
        let wasup = WasupProvider(name: "wasup", baseURL: "http://127.0.0.1:9", apiKey: "k", transport: transport, webhookSecret: "s")
        let wawp = WawpProvider(name: "wawp", baseURL: "http://127.0.0.1:9", accessToken: "t", transport: transport)
        var random = PacingRandom(seed: 0x5EED)  // the core's SplitMix64: the same mutations on every run
        var decoded = 0, refused = 0
        let cases: [(any MessagingProvider, String)] = [(wasup, Self.wasupPayload)] + Self.wawpPayloads.map { (wawp, $0) }
        for (provider, payload) in cases {
            // The unmutated payload decodes: the fuzzing starts from something real.
            #expect((try? provider.decodeWebhook(WebhookDelivery(body: Data(payload.utf8))))?.isEmpty == false, "\(payload.prefix(60))")
            for _ in 0..<1_500 {
                let body = Self.mutate(payload, &random)
                do {
                    _ = try provider.decodeWebhook(WebhookDelivery(target: "/webhooks/x", body: body))
                    decoded += 1
                } catch {
                    refused += 1
                    #expect(!error.message.isEmpty)
                }
            }
        }
        #expect(decoded + refused == 1_500 * cases.count)
        #expect(refused > 0, "mutations that break the JSON must be refused")
        #expect(decoded > 0, "mutations that keep the JSON must still decode")
        await transport.shutdown()
    }
}
