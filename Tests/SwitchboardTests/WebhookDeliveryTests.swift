import Foundation
import Switchboard
import Testing

/// `WebhookDelivery`'s header and query look-ups read bytes instead of going through Foundation
/// (issue 17); these check them against what Foundation answers.
@Suite struct WebhookDeliveryTests {
    @Test func headerNamesMatchIgnoringASCIICaseOnly() {
        let delivery = WebhookDelivery(headers: [("X-Webhook-Hmac", "abc"), ("content-type", "application/json"),
                                                 ("X-Ünicode", "u")], body: Data())
        #expect(delivery.header("x-webhook-hmac") == "abc")
        #expect(delivery.header("X-WEBHOOK-HMAC") == "abc")
        #expect(delivery.header("Content-Type") == "application/json")
        #expect(delivery.header("X-Webhook-Hma") == nil)
        #expect(delivery.header("X-Webhook-Hmac-Algorithm") == nil)
        // `[` and `{`, `@` and a backtick, differ only in the bit that folds letters: not letters.
        #expect(WebhookDelivery(headers: [("a[b", "1")], body: Data()).header("a{b") == nil)
        #expect(WebhookDelivery(headers: [("a@b", "1")], body: Data()).header("a`b") == nil)
        #expect(delivery.header("X-Ünicode") == "u")
    }

    @Test func queryItemsAgreeWithFoundation() {
        let targets = [
            "/webhooks/wasup?sb_instance=inst-1&sb_token=abc_-DEF",
            "/w?a=1&a=2&b", "/w?b=&a=x%20y", "/w?a=%E2%82%AC%2B+", "/w?a=%zz", "/w?a=%E2%82", "/w",
            "/w?&&a=1&", "/w?a==b", "/w?aa=1&a=2", "/w?a=%",
        ]
        for target in targets {
            for name in ["a", "b", "sb_instance", "sb_token", "c"] {
                #expect(WebhookDelivery(target: target, body: Data()).queryItem(name) == Self.foundation(target, name),
                        "\(target) \(name)")
            }
        }
    }

    @Test func aPresentNameWithoutAValueReadsEmpty() {
        #expect(WebhookDelivery(target: "/w?flag&a=1", body: Data()).queryItem("flag") == "")
        #expect(WebhookDelivery(target: "/w?a=1", body: Data()).queryItem("flag") == nil)
    }

    /// The lookup as it was written before, over Foundation.
    private static func foundation(_ target: String, _ name: String) -> String? {
        guard let question = target.firstIndex(of: "?") else { return nil }
        for pair in target[target.index(after: question)...].split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            if parts.first.map(String.init) == name {
                return parts.count > 1 ? String(parts[1]).removingPercentEncoding : ""
            }
        }
        return nil
    }
}
