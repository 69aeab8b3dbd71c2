import Crypto
import Foundation
import Switchboard
import Synchronization

/// Decides whether a webhook delivery is authentic and fresh.
///
/// - Signature: with a secret, `X-Webhook-Hmac` must be the hex HMAC-SHA512 of the raw body under
///   it (`X-Webhook-Hmac-Algorithm`, when sent, must say `sha512`), compared in constant time. An
///   unsigned delivery is refused, or accepted under ``WawpSignaturePolicy/verifyWhenPresent``.
/// - Freshness: `X-Webhook-Timestamp` (epoch milliseconds or seconds), or else the envelope's
///   `timestamp`, must be within ``maxAge`` of the time the delivery arrived, either way.
/// - Replays inside the freshness window are not refused here: a provider's genuine retry (after a
///   lost answer, or a 500 because the delivery could not be recorded) carries the same request id,
///   and refusing it would lose the event. `WebhookIngress` drops redelivered events by their ids in
///   the store instead, durably and across restarts, and answers 200.
final class WawpWebhookVerifier: Sendable {
    /// How old (or how far in the future) a delivery may be.
    static let maxAge: Duration = .seconds(300)

    private let provider: String
    private let secret: ProviderSecret?
    private let policy: WawpSignaturePolicy

    init(provider: String, secret: ProviderSecret?, policy: WawpSignaturePolicy = .required) {
        self.provider = provider
        self.secret = secret
        self.policy = policy
    }

    func verify(_ delivery: WebhookDelivery) throws(SwitchboardError) {
        let presented = delivery.header("X-Webhook-Hmac").map { String($0[...].trimmingHTTPSpace) }
        if let secret, presented?.isEmpty == false || policy == .required {
            guard let signature = presented, !signature.isEmpty else {
                throw reject("webhook delivery without X-Webhook-Hmac (signature policy: required)")
            }
            if let algorithm = delivery.header("X-Webhook-Hmac-Algorithm"), algorithm.lowercased() != "sha512" {
                throw reject("webhook delivery signed with \(algorithm.prefix(20)), not sha512")
            }
            guard Self.isValid(signature: signature, body: delivery.body, secret: secret.value) else {
                throw reject("webhook delivery with a wrong X-Webhook-Hmac")
            }
        }
        // The body is parsed for its `timestamp` only when the header is absent (a whole parse,
        // which the decoder does again).
        guard let sent = Self.timestamp(delivery.header("X-Webhook-Timestamp"))
                ?? WawpDate.parse(WawpJSON.parseContainer(delivery.body)?["timestamp"]) else {
            throw reject("webhook delivery without a timestamp: cannot tell whether it is fresh")
        }
        let age = delivery.receivedAt.timeIntervalSince(sent)
        let limit = Double(Self.maxAge.components.seconds)
        guard abs(age) <= limit else {
            throw reject("stale webhook delivery: sent \(Int(age.rounded()))s before it arrived (at most \(Int(limit))s allowed)")
        }
    }

    /// Whether `signature` (hex, any case) is the HMAC-SHA512 of `body` under `secret`, compared in
    /// constant time.
    static func isValid(signature: String, body: Data, secret: String) -> Bool {
        guard let given = Data(hex: signature) else { return false }
        let key = SymmetricKey(data: Data(secret.utf8))
        return HMAC<SHA512>.isValidAuthenticationCode(given, authenticating: body, using: key)
    }

    /// The hex HMAC-SHA512 of `body` under `secret`, as Wawp signs.
    static func signature(body: Data, secret: String) -> String {
        let mac = HMAC<SHA512>.authenticationCode(for: body, using: SymmetricKey(data: Data(secret.utf8)))
        return lowercaseHex(mac)
    }

    private static func timestamp(_ header: String?) -> Date? {
        guard let header = header?[...].trimmingHTTPSpace, !header.isEmpty else { return nil }
        return WawpDate.parse(.string(String(header)))
    }

    private func reject(_ message: String) -> SwitchboardError {
        SwitchboardError.unauthorized(message).from(provider: provider)
    }
}
