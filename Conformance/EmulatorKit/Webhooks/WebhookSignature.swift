import Crypto
import Foundation

/// HMAC signing of webhook bodies, as providers that sign their webhooks do it.
public enum WebhookSignature {
    /// The lower-case hex HMAC-SHA512 of `body` under `secret`.
    public static func hmacSHA512Hex(body: Data, secret: String) -> String {
        let key = SymmetricKey(data: Data(secret.utf8))
        let mac = HMAC<SHA512>.authenticationCode(for: body, using: key)
        return mac.map { String(format: "%02x", $0) }.joined()
    }

    /// Whether `signature` (hex, any case) is the HMAC-SHA512 of `body` under `secret`; compared in
    /// constant time.
    public static func verifySHA512(body: Data, secret: String, signature: String) -> Bool {
        constantTimeEquals(hmacSHA512Hex(body: body, secret: secret), signature.lowercased())
    }

    /// Compares two strings' UTF-8 bytes in time that depends only on their lengths.
    public static func constantTimeEquals(_ lhs: String, _ rhs: String) -> Bool {
        let a = Array(lhs.utf8), b = Array(rhs.utf8)
        var difference = UInt8(truncatingIfNeeded: a.count ^ b.count)
        for index in 0..<max(a.count, b.count) {
            difference |= (index < a.count ? a[index] : 0) ^ (index < b.count ? b[index] : 0)
        }
        return difference == 0 && a.count == b.count
    }
}
