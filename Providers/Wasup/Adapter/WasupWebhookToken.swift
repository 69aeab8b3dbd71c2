import Crypto
import Foundation
import Switchboard
import Synchronization

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

    /// The secret's bytes (`SymmetricKey` is not `Sendable`, so it is made per use).
    private let key: [UInt8]
    /// Tokens of instances whose deliveries passed, so that the next delivery from one compares
    /// without an HMAC, which was more than half of a Wasup verify (issue 17). Only tokens that
    /// matched are kept, so forged deliveries naming other instances cannot crowd them out.
    private let verified = VerifiedTokens()

    init(secret: String) { key = Array(secret.utf8) }

    var description: String { "WasupWebhookToken(\(Redaction.mask))" }
    var customMirror: Mirror { Mirror(self, children: [], displayStyle: .struct) }

    /// The token for one instance.
    func token(for instance: String) -> String {
        String(decoding: tokenBytes(for: instance), as: UTF8.self)
    }

    /// Whether `presented` is the token for `instance`, in time independent of where they differ:
    /// the expected token is made and compared byte for byte, every byte looked at. (Decoding the
    /// presented token through Foundation's base64 and string replacing was most of a Wasup
    /// verify, issue 17.)
    func isValid(_ presented: String, for instance: String) -> Bool {
        if let known = verified.token(for: instance) { return Self.same(presented, known) }
        let expected = tokenBytes(for: instance)
        guard Self.same(presented, expected) else { return false }
        verified.keep(expected, for: instance)
        return true
    }

    /// Whether `presented` is `expected`, looking at every byte whatever differs.
    private static func same(_ presented: String, _ expected: [UInt8]) -> Bool {
        guard presented.utf8.count == expected.count else { return false }
        var difference: UInt8 = 0
        for (given, wanted) in zip(presented.utf8, expected) { difference |= given ^ wanted }
        return difference == 0
    }

    /// The token's text as bytes: the HMAC, base64url without padding.
    private func tokenBytes(for instance: String) -> [UInt8] {
        var mac = HMAC<SHA256>(key: SymmetricKey(data: key))
        mac.update(data: Self.context)
        mac.update(data: Array(instance.utf8))
        return mac.finalize().withUnsafeBytes { Self.base64URL($0) }
    }

    private static let base64URLAlphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)

    /// `bytes` in base64url (RFC 4648 §5), without padding.
    private static func base64URL(_ bytes: UnsafeRawBufferPointer) -> [UInt8] {
        var text: [UInt8] = []
        text.reserveCapacity((bytes.count * 4 + 2) / 3)
        var index = 0
        while index < bytes.count {
            let chunk = bytes[index..<min(index + 3, bytes.count)]
            var group = 0
            for byte in chunk { group = group << 8 | Int(byte) }
            group <<= 8 * (3 - chunk.count)
            for position in 0...chunk.count { text.append(base64URLAlphabet[(group >> (18 - 6 * position)) & 0x3F]) }
            index += 3
        }
        return text
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
}

/// The tokens ``WasupWebhookToken`` has seen presented correctly, by instance: at most 4,096
/// instances, forgotten all at once when full (a deployment has far fewer).
private final class VerifiedTokens: Sendable {
    private static let limit = 4096
    private let tokens = Mutex<[String: [UInt8]]>([:])

    func token(for instance: String) -> [UInt8]? { tokens.withLock { $0[instance] } }

    func keep(_ token: [UInt8], for instance: String) {
        tokens.withLock { tokens in
            if tokens.count >= Self.limit { tokens.removeAll(keepingCapacity: true) }
            tokens[instance] = token
        }
    }
}
