import Crypto
import Foundation
import Switchboard
import Synchronization

/// Decides whether a webhook delivery is authentic, fresh and new.
///
/// - Signature: with a secret, `X-Webhook-Hmac` must be the hex HMAC-SHA512 of the raw body under
///   it (`X-Webhook-Hmac-Algorithm`, when sent, must say `sha512`), compared in constant time.
/// - Freshness: `X-Webhook-Timestamp` (epoch milliseconds or seconds), or else the envelope's
///   `timestamp`, must be within ``maxAge`` of the time the delivery arrived, either way.
/// - Replay: `X-Webhook-Request-Id`, or else the envelope's `id`, must not have been accepted within
///   ``maxAge``. Ids are remembered only for accepted deliveries, at most ``capacity`` of them;
///   older ones are forgotten first, which is safe because a delivery that old is stale anyway.
final class WawpWebhookVerifier: Sendable {
    /// How old (or how far in the future) a delivery may be.
    static let maxAge: Duration = .seconds(300)
    /// How many delivery ids are remembered.
    static let capacity = 10_000

    private let provider: String
    private let secret: WawpSecret?
    private let seen = Mutex(SeenIDs())

    init(provider: String, secret: WawpSecret?) {
        self.provider = provider
        self.secret = secret
    }

    func verify(_ delivery: WebhookDelivery) throws(SwitchboardError) {
        if let secret {
            guard let signature = delivery.header("X-Webhook-Hmac")?.trimmingCharacters(in: .whitespaces), !signature.isEmpty else {
                throw reject("webhook delivery without X-Webhook-Hmac")
            }
            if let algorithm = delivery.header("X-Webhook-Hmac-Algorithm"), algorithm.lowercased() != "sha512" {
                throw reject("webhook delivery signed with \(algorithm.prefix(20)), not sha512")
            }
            guard Self.isValid(signature: signature, body: delivery.body, secret: secret.value) else {
                throw reject("webhook delivery with a wrong X-Webhook-Hmac")
            }
        }
        let envelope = WawpJSON.parse(delivery.body)
        guard let sent = Self.timestamp(delivery.header("X-Webhook-Timestamp")) ?? WawpDate.parse(envelope?["timestamp"]) else {
            throw reject("webhook delivery without a timestamp: cannot tell whether it is fresh")
        }
        let age = delivery.receivedAt.timeIntervalSince(sent)
        let limit = Double(Self.maxAge.components.seconds)
        guard abs(age) <= limit else {
            throw reject("stale webhook delivery: sent \(Int(age.rounded()))s before it arrived (at most \(Int(limit))s allowed)")
        }
        guard let requestID = delivery.header("X-Webhook-Request-Id")?.trimmingCharacters(in: .whitespaces).nilIfEmpty
            ?? envelope?["id"]?.nonEmptyString else {
            throw reject("webhook delivery without a request id: cannot tell whether it is a replay")
        }
        let isNew = seen.withLock { $0.insert(requestID, at: delivery.receivedAt, maxAge: limit, capacity: Self.capacity) }
        guard isNew else { throw reject("replayed webhook delivery \(requestID.prefix(80))") }
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
        return mac.map { String(format: "%02x", $0) }.joined()
    }

    private static func timestamp(_ header: String?) -> Date? {
        guard let header = header?.trimmingCharacters(in: .whitespaces), !header.isEmpty else { return nil }
        return WawpDate.parse(.string(header))
    }

    private func reject(_ message: String) -> SwitchboardError {
        SwitchboardError.unauthorized(message).from(provider: provider)
    }
}

/// Delivery ids accepted recently, oldest first, bounded in count.
struct SeenIDs {
    private var order: [(id: String, at: Date)] = []
    private var head = 0
    private var ids: Set<String> = []

    /// Records `id` unless it was seen within `maxAge` seconds before `now`; returns whether it was new.
    mutating func insert(_ id: String, at now: Date, maxAge: Double, capacity: Int) -> Bool {
        while head < order.count, now.timeIntervalSince(order[head].at) > maxAge || order.count - head >= capacity {
            ids.remove(order[head].id)
            head += 1
        }
        if head > 1024, head * 2 > order.count {
            order.removeFirst(head)
            head = 0
        }
        guard ids.insert(id).inserted else { return false }
        order.append((id, now))
        return true
    }
}

extension Data {
    /// Bytes from hex text (even length, any case); `nil` otherwise.
    init?(hex: String) {
        let characters = Array(hex.utf8)
        guard characters.count % 2 == 0 else { return nil }
        var bytes = [UInt8]()
        bytes.reserveCapacity(characters.count / 2)
        var index = 0
        while index < characters.count {
            guard let high = Self.nibble(characters[index]), let low = Self.nibble(characters[index + 1]) else { return nil }
            bytes.append(high << 4 | low)
            index += 2
        }
        self.init(bytes)
    }

    private static func nibble(_ character: UInt8) -> UInt8? {
        switch character {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): character - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): character - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): character - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}

extension String {
    var nilIfEmpty: String? { isEmpty ? nil : self }
}
