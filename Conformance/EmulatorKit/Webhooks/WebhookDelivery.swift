import Foundation
import Switchboard

/// One webhook to deliver: where, what and with which headers.
public struct WebhookDelivery: Sendable {
    /// The receiver's URL.
    public var url: String
    /// The body bytes, sent as they are (sign these).
    public var body: Data
    /// Extra headers (`Content-Type: application/json` is added unless set).
    public var headers: [(name: String, value: String)]
    /// A label for the log (`message`, `webhook.test`, ...).
    public var event: String

    /// Creates a delivery.
    public init(url: String, body: Data, headers: [(name: String, value: String)] = [], event: String = "") {
        self.url = url
        self.body = body
        self.headers = headers
        self.event = event
    }

    /// A JSON delivery, keys in the value's order.
    public init(url: String, json: JSONValue, headers: [(name: String, value: String)] = [], event: String = "") {
        self.init(url: url, body: json.data, headers: headers, event: event)
    }
}

/// What became of a webhook delivery after all its attempts.
public struct WebhookOutcome: Sendable {
    /// The delivery.
    public let delivery: WebhookDelivery
    /// How many attempts were made.
    public let attempts: Int
    /// The last response received, if any arrived.
    public let response: TransportResponse?
    /// The last transport error, when the last attempt got no response.
    public let error: String?

    /// Whether the receiver answered 2xx.
    public var delivered: Bool { response.map { (200..<300).contains($0.status.code) } ?? false }

    /// The receiver's answer parsed as JSON, when it is JSON.
    public var responseJSON: JSONValue? {
        guard let response, !response.body.isEmpty else { return nil }
        return try? JSONValue(parsing: response.body)
    }

    /// The outcome as the control API shows it. It carries the delivery itself (`target`: the URL's
    /// path and query, `headers`, `body` as text and `bodyBase64` as sent) so that a harness can hand
    /// it to an adapter to verify and decode exactly as a receiver would. `url` is redacted for
    /// display; `target` is not, since a receiver must see the per-instance token it was given.
    public var json: JSONValue {
        var headers = JSONObject()
        for header in delivery.headers { headers[header.name] = .string(header.value) }
        return ["event": .string(delivery.event), "url": .string(Redaction.redact(delivery.url)), "target": .string(target),
                "headers": .object(headers), "body": .string(String(decoding: delivery.body, as: UTF8.self)),
                "bodyBase64": .string(delivery.body.base64EncodedString()), "attempts": .int(attempts),
                "status": response.map { JSONValue.int($0.status.code) } ?? .null, "delivered": .bool(delivered),
                "error": JSONValue(error)]
    }

    /// The delivery URL's path and query.
    public var target: String {
        guard let scheme = delivery.url.range(of: "://"),
              let slash = delivery.url[scheme.upperBound...].firstIndex(of: "/") else { return "/" }
        return String(delivery.url[slash...])
    }
}
