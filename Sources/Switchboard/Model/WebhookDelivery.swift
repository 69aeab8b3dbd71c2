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

    /// The first value of a header, by name with ASCII letters compared case-insensitively
    /// (field names are ASCII tokens; any other byte matches only itself).
    public func header(_ name: String) -> String? {
        // Compared byte by byte: Foundation's `caseInsensitiveCompare` bridges through `NSString`,
        // a large share of a Wawp verify (issue 17).
        headers.first { Self.sameFieldName($0.name, name) }?.value
    }

    /// Whether two field names are equal ignoring ASCII case.
    static func sameFieldName(_ left: String, _ right: String) -> Bool {
        guard left.utf8.count == right.utf8.count else { return false }
        return zip(left.utf8, right.utf8).allSatisfy { a, b in
            guard a != b else { return true }
            let lower = a | 0x20  // ASCII letters differ from their other case in this bit alone
            return lower == b | 0x20 && lower >= UInt8(ascii: "a") && lower <= UInt8(ascii: "z")
        }
    }

    /// A query parameter of ``target``, percent-decoded: the first pair with that name; `""` for
    /// a name without `=`; `nil` when absent or when its value is not valid percent-encoded UTF-8.
    public func queryItem(_ name: String) -> String? {
        // Read over the bytes: splitting Characters and Foundation's `removingPercentEncoding`
        // were a third of a Wasup webhook decode (issue 17).
        var target = target
        return target.withUTF8 { bytes -> String? in
            guard let question = bytes.firstIndex(of: UInt8(ascii: "?")) else { return nil }
            var start = question + 1
            while start < bytes.count {
                let end = bytes[start...].firstIndex(of: UInt8(ascii: "&")) ?? bytes.count
                let equals = bytes[start..<end].firstIndex(of: UInt8(ascii: "="))
                if bytes[start..<(equals ?? end)].elementsEqual(name.utf8) {
                    guard let equals else { return "" }
                    return Self.percentDecoded(UnsafeBufferPointer(rebasing: bytes[(equals + 1)..<end]))
                }
                start = end + 1
            }
            return nil
        }
    }

    /// `text` with `%XX` escapes decoded (`+` stays `+`); `nil` for a bad escape or bytes that are
    /// not UTF-8.
    static func percentDecoded(_ text: UnsafeBufferPointer<UInt8>) -> String? {
        guard text.contains(UInt8(ascii: "%")) else { return String(decoding: text, as: UTF8.self) }
        var decoded: [UInt8] = []
        decoded.reserveCapacity(text.count)
        var iterator = text.makeIterator()
        while let byte = iterator.next() {
            guard byte == UInt8(ascii: "%") else { decoded.append(byte); continue }
            guard let high = iterator.next().flatMap(hexDigitValue), let low = iterator.next().flatMap(hexDigitValue) else { return nil }
            decoded.append(UInt8(high << 4 | low))
        }
        return String(validating: decoded, as: UTF8.self)
    }
}
