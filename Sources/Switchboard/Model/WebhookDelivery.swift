import Foundation

/// One webhook request as it arrived, before anything is trusted.
public struct WebhookDelivery: Sendable {
    /// The request path with its query (`/webhooks/wasup-eu?token=…`). Redacted when printed.
    public var target: String
    /// Header fields as received.
    public var headers: [(name: String, value: String)]
    /// The raw body bytes, exactly as received (signatures are over these).
    public var body: Data
    /// When it arrived, by our clock.
    public var receivedAt: Date

    /// Creates a delivery.
    public init(target: String = "/", headers: [(name: String, value: String)] = [], body: Data, receivedAt: Date = Date()) {
        self.target = target
        self.headers = headers
        self.body = body
        self.receivedAt = receivedAt
    }

    /// The first value of a header, by case-insensitive name.
    public func header(_ name: String) -> String? {
        headers.first { $0.name.caseInsensitiveCompare(name) == .orderedSame }?.value
    }

    /// A query parameter of ``target``, percent-decoded.
    public func queryItem(_ name: String) -> String? {
        guard let question = target.firstIndex(of: "?") else { return nil }
        for pair in target[target.index(after: question)...].split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1)
            if parts.first.map(String.init) == name {
                return parts.count > 1 ? String(parts[1]).removingPercentEncoding : ""
            }
        }
        return nil
    }
}
