import Foundation

/// Providers' timestamps, one reader for every adapter: ISO 8601 with or without fractional
/// seconds (`2026-01-29T12:00:00.000Z`), the same instant with a space for the `T` and a numeric
/// offset (`2026-01-29 12:00:00+00:00`, SQL's form and what a YAML 1.1 reader makes of unquoted
/// spec examples), and epoch seconds or milliseconds as numbers or numeric strings (WAHA's
/// messages and event envelopes).
package enum ProviderDate {
    /// The instant a JSON value names, or `nil`.
    package static func parse(_ value: ProviderJSON?) -> Date? {
        guard let value else { return nil }
        if case .string(let text) = value {
            if let date = ISO8601Timestamp.parse(text) { return date }  // the usual form, read directly
            if Double(text) == nil { return parse(text) }
        }
        guard let number = value.double, number > 0, number.isFinite else { return nil }
        return Date(timeIntervalSince1970: number > 1e11 ? number / 1000 : number)
    }

    /// The instant an ISO 8601 text names, or `nil`.
    package static func parse(_ text: String) -> Date? {
        if let date = ISO8601Timestamp.parse(text) { return date }  // the usual form, read directly
        var text = text.trimmingCharacters(in: .whitespaces)
        if text.count > 10, let space = text.firstIndex(of: " "), text.distance(from: text.startIndex, to: space) == 10 {
            text.replaceSubrange(space...space, with: "T")
        }
        if let date = try? Date(text, strategy: Date.ISO8601FormatStyle(includingFractionalSeconds: true)) { return date }
        return try? Date(text, strategy: Date.ISO8601FormatStyle())
    }
}
