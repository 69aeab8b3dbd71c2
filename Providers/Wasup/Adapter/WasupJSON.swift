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

/// Wasup's timestamps: ISO 8601, with or without fractional seconds.
enum WasupDate {
    static func parse(_ value: WasupJSON?) -> Date? {
        guard let value else { return nil }
        if let text = value.string, let date = parse(text) { return date }
        // Epoch seconds or milliseconds.
        if let number = value.double, number > 0 { return Date(timeIntervalSince1970: number > 1e11 ? number / 1000 : number) }
        return nil
    }

    static func parse(_ text: String) -> Date? {
        if let date = try? Date(text, strategy: Date.ISO8601FormatStyle(includingFractionalSeconds: true)) { return date }
        return try? Date(text, strategy: Date.ISO8601FormatStyle())
    }
}
