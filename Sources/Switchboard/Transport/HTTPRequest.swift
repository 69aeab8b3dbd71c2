import Foundation

/// An HTTP method.
public struct HTTPMethod: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    /// The method's name, upper case.
    public let rawValue: String
    /// Creates a method from its name.
    public init(rawValue: String) { self.rawValue = rawValue.uppercased() }

    /// `GET`.
    public static let get = HTTPMethod(rawValue: "GET")
    /// `POST`.
    public static let post = HTTPMethod(rawValue: "POST")
    /// `PUT`.
    public static let put = HTTPMethod(rawValue: "PUT")
    /// `PATCH`.
    public static let patch = HTTPMethod(rawValue: "PATCH")
    /// `DELETE`.
    public static let delete = HTTPMethod(rawValue: "DELETE")
    /// `HEAD`.
    public static let head = HTTPMethod(rawValue: "HEAD")

    public var description: String { rawValue }
}

/// One HTTP request, as a value.
public struct HTTPRequest: Sendable, CustomStringConvertible, CustomReflectable {
    /// The method.
    public var method: HTTPMethod
    /// The absolute URL, query included.
    public var url: String
    /// Header fields in order; names are case-insensitive.
    public var headers: [(name: String, value: String)]
    /// The body, if any.
    public var body: Data?
    /// Longest time to establish the connection.
    public var connectTimeout: Duration
    /// Longest time for the whole exchange.
    public var timeout: Duration

    /// Creates a request.
    public init(method: HTTPMethod = .get, url: String, headers: [(name: String, value: String)] = [],
                body: Data? = nil, connectTimeout: Duration = .seconds(10), timeout: Duration = .seconds(30)) {
        self.method = method
        self.url = url
        self.headers = headers
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

    /// Percent-encodes a query or path component (RFC 3986 unreserved characters stay).
    public static func percentEncode(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: unreserved) ?? text
    }

    private static let unreserved = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")

    /// Sets a header, replacing any of the same name.
    public mutating func setHeader(_ name: String, _ value: String) {
        headers.removeAll { $0.name.caseInsensitiveCompare(name) == .orderedSame }
        headers.append((name, value))
    }

    /// The method and the URL with secrets redacted.
    public var description: String { "\(method) \(Redaction.redact(url))" }

    /// What `dump` and debuggers show: secrets in the URL and credential headers redacted.
    public var customMirror: Mirror {
        Mirror(self, children: [
            "method": method.rawValue, "url": Redaction.redact(url),
            "headers": headers.map { "\($0.name): \(Redaction.redactedHeaderValue(name: $0.name, value: $0.value))" },
            "bodyBytes": body?.count ?? 0,
        ])
    }
}
