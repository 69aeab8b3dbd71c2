import Foundation
import HTTPTypes

/// One HTTP request for an ``HTTPTransport``, as a value.
///
/// The method and the header fields are swift-http-types' own (`HTTPRequest.Method`, `HTTPFields`),
/// so a request reads the same as in Hummingbird or AsyncHTTPClient; the target stays a URL string.
public struct TransportRequest: Sendable, CustomStringConvertible, CustomReflectable {
    /// The method.
    public var method: HTTPRequest.Method
    /// The absolute URL, query included.
    public var url: String
    /// Header fields in order; names are case-insensitive.
    public var headerFields: HTTPFields
    /// The body, if any.
    public var body: Data?
    /// Longest time to establish the connection.
    public var connectTimeout: Duration
    /// Longest time for the whole exchange.
    public var timeout: Duration

    /// Creates a request.
    public init(method: HTTPRequest.Method = .get, url: String, headerFields: HTTPFields = [:],
                body: Data? = nil, connectTimeout: Duration = .seconds(10), timeout: Duration = .seconds(30)) {
        self.method = method
        self.url = url
        self.headerFields = headerFields
        self.body = body
        self.connectTimeout = connectTimeout
        self.timeout = timeout
    }

    /// Builds a URL from a base, a path and query items, percent-encoding each part.
    public static func url(base: String, path: String, query: [(String, String)] = []) -> String {
        var url = base.hasSuffix("/") ? String(base.dropLast()) : base
        url += path.hasPrefix("/") ? path : "/" + path
        if !query.isEmpty {
            url += "?" + query.map { "\(percentEncode($0.0))=\(percentEncode($0.1))" }.joined(separator: "&")
        }
        return url
    }

    /// Percent-encodes a query or path component: RFC 3986 unreserved characters stay, every other
    /// UTF-8 byte becomes `%XX` (upper-case hex, as `addingPercentEncoding` writes it).
    ///
    /// Over bytes, and text with nothing to encode (the usual instance id or phone) is returned as
    /// it is: Foundation's `addingPercentEncoding` bridged through `NSString` and was a seventh of
    /// a send's adapter work (issue 17).
    public static func percentEncode(_ text: String) -> String {
        let bytes = text.utf8
        guard bytes.contains(where: { !isUnreserved($0) }) else { return text }
        let digits: StaticString = "0123456789ABCDEF"
        var encoded: [UInt8] = []
        encoded.reserveCapacity(bytes.count * 3)
        for byte in bytes {
            if isUnreserved(byte) {
                encoded.append(byte)
            } else {
                encoded.append(UInt8(ascii: "%"))
                encoded.append(digits.utf8Start[Int(byte >> 4)])
                encoded.append(digits.utf8Start[Int(byte & 0x0F)])
            }
        }
        return String(decoding: encoded, as: UTF8.self)
    }

    /// RFC 3986 §2.3: `A`–`Z`, `a`–`z`, `0`–`9`, `-`, `.`, `_`, `~`.
    private static func isUnreserved(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
             UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
            true
        default:
            false
        }
    }

    /// The method and the URL with secrets redacted.
    public var description: String { "\(method) \(Redaction.redact(url))" }

    /// What `dump` and debuggers show: secrets in the URL and credential headers redacted.
    public var customMirror: Mirror {
        Mirror(self, children: [
            "method": method.rawValue, "url": Redaction.redact(url),
            "headers": Redaction.redactedLines(headerFields),
            "bodyBytes": body?.count ?? 0,
        ])
    }
}
