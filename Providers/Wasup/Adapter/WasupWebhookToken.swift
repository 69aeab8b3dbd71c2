import Crypto
import Foundation
import Switchboard

/// The per-instance token that authenticates Wasup's webhook deliveries.
///
/// Wasup documents no signature on its webhook POSTs, so the adapter registers each instance's
/// webhook URL with two extra query parameters: `sb_instance` (the instance id) and `sb_token`,
/// an HMAC-SHA256 of the instance id under the configured webhook secret, base64url without
/// padding. A delivery is genuine when its token is that HMAC (compared in constant time).
/// Nothing is stored: the secret alone re-derives every token, and rotating the secret revokes
/// them all (set the webhooks again afterwards).
///
/// The parameter name ends in `token`, so `Redaction` masks it in every log line and error.
struct WasupWebhookToken: Sendable, CustomStringConvertible, CustomReflectable {
    /// The query parameter that names the instance.
    static let instanceParameter = "sb_instance"
    /// The query parameter that carries the token.
    static let tokenParameter = "sb_token"
    private static let context = Data("switchboard.wasup.webhook\u{0}".utf8)

    private let key: [UInt8]

    init(secret: String) { key = Array(secret.utf8) }

    var description: String { "WasupWebhookToken(\(Redaction.mask))" }
    var customMirror: Mirror { Mirror(self, children: [], displayStyle: .struct) }

    /// The token for one instance.
    func token(for instance: String) -> String {
        let mac = HMAC<SHA256>.authenticationCode(for: Self.context + Data(instance.utf8), using: SymmetricKey(data: key))
        return Data(mac).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    /// Whether `presented` is the token for `instance`, in time independent of where they differ.
    func isValid(_ presented: String, for instance: String) -> Bool {
        guard let mac = Self.decodeBase64URL(presented), mac.count == SHA256.byteCount else { return false }
        return HMAC<SHA256>.isValidAuthenticationCode(mac, authenticating: Self.context + Data(instance.utf8),
                                                      using: SymmetricKey(data: key))
    }

    /// `url` with this instance's parameters appended (any earlier ones replaced).
    func url(_ url: String, instance: String) -> String {
        var base = Self.strip(url)
        var fragment = ""
        if let hash = base.firstIndex(of: "#") {
            fragment = String(base[hash...])
            base = String(base[..<hash])
        }
        let separator = base.contains("?") ? (base.hasSuffix("?") || base.hasSuffix("&") ? "" : "&") : "?"
        return base + separator + "\(Self.instanceParameter)=\(TransportRequest.percentEncode(instance))"
            + "&\(Self.tokenParameter)=\(token(for: instance))" + fragment
    }

    /// `url` without the adapter's parameters: the URL as the app gave it.
    static func strip(_ url: String) -> String {
        guard let question = url.firstIndex(of: "?") else { return url }
        var query = url[url.index(after: question)...]
        var fragment = ""
        if let hash = query.firstIndex(of: "#") {
            fragment = String(query[hash...])
            query = query[..<hash]
        }
        let kept = query.split(separator: "&", omittingEmptySubsequences: true).filter { pair in
            let name = pair.split(separator: "=", maxSplits: 1).first.map(String.init) ?? ""
            return name != instanceParameter && name != tokenParameter
        }
        return String(url[..<question]) + (kept.isEmpty ? "" : "?" + kept.joined(separator: "&")) + fragment
    }

    private static func decodeBase64URL(_ text: String) -> Data? {
        guard text.count <= 64, text.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }) else { return nil }
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        base64 += String(repeating: "=", count: (4 - base64.count % 4) % 4)
        return Data(base64Encoded: base64)
    }
}
