import Foundation
import HTTPTypes

/// One HTTP response from an ``HTTPTransport``.
///
/// Status and header fields are swift-http-types' own (`HTTPResponse.Status`, `HTTPFields`).
public struct TransportResponse: Sendable, CustomStringConvertible, CustomReflectable {
    /// The status.
    public var status: HTTPResponse.Status
    /// Header fields in the order received (the final response's, after any 1xx).
    public var headerFields: HTTPFields
    /// The body bytes.
    public var body: Data

    /// Creates a response.
    public init(status: HTTPResponse.Status, headerFields: HTTPFields = [:], body: Data = Data()) {
        self.status = status
        self.headerFields = headerFields
        self.body = body
    }

    /// The value of a header by case-insensitive name (several fields of one name are joined
    /// with commas); `nil` when absent or when `name` is not a valid field name.
    public func header(_ name: String) -> String? {
        HTTPField.Name(name).flatMap { headerFields[$0] }
    }

    /// The media type without parameters, lower case (`application/json`).
    public var mediaType: String? {
        // The first field, read directly: `headerFields[name]` joins every field of the name into
        // a new string, a tenth of a send's adapter work (issue 17). A response has one.
        headerFields.first { $0.name == .contentType }.map(\.value).map { value in
            let type = value[..<(value.utf8.firstIndex(of: UInt8(ascii: ";")) ?? value.endIndex)].trimmingHTTPSpace
            return type.utf8.contains(where: { $0 >= UInt8(ascii: "A") && $0 <= UInt8(ascii: "Z") }) ? type.lowercased() : String(type)
        }
    }

    /// The body as UTF-8 text (invalid bytes replaced).
    public var text: String { String(decoding: body, as: UTF8.self) }

    /// `Retry-After`, as delta-seconds or an HTTP-date, relative to `now`.
    public func retryAfter(now: Date = Date()) -> Duration? {
        headerFields[.retryAfter].flatMap { RetryAfter.parse($0, now: now) }
    }

    /// The status code and the body's size.
    public var description: String { "\(status.code), \(body.count) bytes" }

    /// What `dump` and debuggers show: credential headers (`Set-Cookie`) redacted.
    public var customMirror: Mirror {
        Mirror(self, children: [
            "status": status.code, "headers": Redaction.redactedLines(headerFields), "bodyBytes": body.count,
        ])
    }
}
