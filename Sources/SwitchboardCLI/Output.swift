import Foundation

/// Prints a result as text or as one JSON line.
enum Output {
    static func emit<T: Encodable>(_ value: T, json: Bool, text: () -> String) {
        if json {
            print(line(value))
        } else {
            print(text())
        }
    }

    /// `value` as one JSON line, keys sorted.
    static func line<T: Encodable>(_ value: T) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return String(decoding: (try? encoder.encode(value)) ?? Data("{}".utf8), as: UTF8.self)
    }
}
