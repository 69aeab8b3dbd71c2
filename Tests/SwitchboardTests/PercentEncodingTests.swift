import Foundation
import Testing
@testable import Switchboard

/// `TransportRequest.percentEncode` over bytes against Foundation's `addingPercentEncoding` with
/// RFC 3986's unreserved set, which it replaced (issue 17): the same text for every input.
@Suite struct PercentEncodingTests {
    static let unreserved = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")

    static func foundation(_ text: String) -> String? { text.addingPercentEncoding(withAllowedCharacters: unreserved) }

    @Test func encodesAsFoundationDoes() throws {
        var samples = [
            "", "wa_bench_000001", "447700900123", "447700900123@c.us", "a b", "a+b", "a&b=c", "100%", "/api/x?y#z",
            "-._~", "!*'();:@&=+$,/?#[]", "é", "Zoë", "😀", "日本語", "\u{0}", "\t\n\r", "\u{7F}", "\u{80}", "\u{FEFF}x",
            "e\u{301}", "🇬🇧", "A-Z_a.z~0-9",
        ]
        var random = PacingRandom(seed: 3986)
        let alphabet = Array("aZ09-._~ %&=+/?#@:é😀\u{301}\u{0}\"'<>\\^`{|}")
        for _ in 0..<300 {
            samples.append(String((0..<random.below(12)).map { _ in alphabet[random.below(alphabet.count)] }))
        }
        for text in samples {
            let expected = try #require(Self.foundation(text), "Foundation refused \(text.debugDescription)")
            #expect(TransportRequest.percentEncode(text) == expected, "\(text.debugDescription)")
        }
    }

    @Test func leavesUnreservedTextAsItIs() {
        #expect(TransportRequest.percentEncode("wa_bench_000001") == "wa_bench_000001")
        #expect(TransportRequest.percentEncode("a b/c") == "a%20b%2Fc")
        #expect(TransportRequest.percentEncode("é") == "%C3%A9")
    }
}
