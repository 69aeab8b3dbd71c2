import Foundation
import Switchboard

/// Wasup's answers and webhook payloads are read as the core's schemaless ``ProviderJSON``.
typealias WasupJSON = ProviderJSON

/// Builds a JSON object, leaving out `nil` values.
struct WasupObject {
    private(set) var fields: [String: WasupJSON] = [:]

    subscript(key: String) -> String? {
        get { fields[key]?.string }
        set { fields[key] = newValue.map(WasupJSON.string) }
    }

    mutating func set(_ key: String, _ value: WasupJSON?) { fields[key] = value }

    var json: WasupJSON { .object(fields) }
}

/// Wasup's timestamps: ISO 8601 (`2026-01-29T12:00:00.000Z`), with or without fractional
/// seconds, or the same instant with a space for the `T` and a numeric offset
/// (`2026-01-29 12:00:00+00:00`, the form a YAML 1.1 reader makes of the spec's unquoted
/// examples, and SQL's); epoch seconds or milliseconds as numbers.
enum WasupDate {
    static func parse(_ value: WasupJSON?) -> Date? {
        guard let value else { return nil }
        if let text = value.string, let date = parse(text) { return date }
        // Epoch seconds or milliseconds.
        if let number = value.double, number > 0 { return Date(timeIntervalSince1970: number > 1e11 ? number / 1000 : number) }
        return nil
    }

    static func parse(_ text: String) -> Date? {
        if let date = ISO8601Timestamp.parse(text) { return date }  // the usual form, read directly
        var text = text.trimmingCharacters(in: .whitespaces)
        if text.count > 10, let space = text.firstIndex(of: " "), text.distance(from: text.startIndex, to: space) == 10 {
            text.replaceSubrange(space...space, with: "T")
        }
        if let date = try? Date(text, strategy: Date.ISO8601FormatStyle(includingFractionalSeconds: true)) { return date }
        return try? Date(text, strategy: Date.ISO8601FormatStyle())
    }
}
