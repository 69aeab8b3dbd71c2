import Foundation

/// A JSON value, decoded without a schema.
///
/// Wasup's responses and webhook payloads are read through this rather than strict `Decodable`
/// structs: a field of an unexpected type reads as `nil` instead of failing the whole body, and the
/// adapter decides which missing fields are fatal (``SwitchboardError/Kind/invalidResponse``).
enum WasupJSON: Hashable, Sendable, Codable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([WasupJSON])
    case object([String: WasupJSON])

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() { self = .null }
        else if let value = try? container.decode(Bool.self) { self = .bool(value) }
        else if let value = try? container.decode(Double.self) { self = .number(value) }
        else if let value = try? container.decode(String.self) { self = .string(value) }
        else if let value = try? container.decode([WasupJSON].self) { self = .array(value) }
        else { self = .object(try container.decode([String: WasupJSON].self)) }
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case .bool(let value): try container.encode(value)
        case .number(let value):
            if value == value.rounded(), abs(value) < 1e15 { try container.encode(Int64(value)) } else { try container.encode(value) }
        case .string(let value): try container.encode(value)
        case .array(let value): try container.encode(value)
        case .object(let value): try container.encode(value)
        }
    }

    /// Parses `data`, or returns `nil` when it is not JSON.
    static func parse(_ data: Data) -> WasupJSON? {
        try? JSONDecoder().decode(WasupJSON.self, from: data)
    }

    /// The value as compact JSON text with sorted keys.
    var text: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(self)).map { String(decoding: $0, as: UTF8.self) } ?? "null"
    }

    /// The value as a request body.
    var data: Data { Data(text.utf8) }

    subscript(key: String) -> WasupJSON? {
        if case .object(let fields) = self { fields[key] } else { nil }
    }

    /// The first of `keys` that is present and not null.
    func first(_ keys: String...) -> WasupJSON? {
        for key in keys { if let value = self[key], value != .null { return value } }
        return nil
    }

    /// A string; numbers are rendered as integers when whole (phones sometimes arrive as numbers).
    var string: String? {
        switch self {
        case .string(let value): value
        case .number(let value) where value == value.rounded() && abs(value) < 1e15: String(Int64(value))
        default: nil
        }
    }

    /// A non-empty string.
    var nonEmptyString: String? { string.flatMap { $0.isEmpty ? nil : $0 } }

    /// A number; numeric strings count.
    var double: Double? {
        switch self {
        case .number(let value): value
        case .string(let value): Double(value.trimmingCharacters(in: .whitespaces))
        default: nil
        }
    }

    /// A whole number.
    var int: Int? { double.flatMap { $0.isFinite && abs($0) < 1e15 ? Int($0) : nil } }

    /// A boolean; `"true"`/`"false"` strings count.
    var bool: Bool? {
        switch self {
        case .bool(let value): value
        case .string("true"): true
        case .string("false"): false
        default: nil
        }
    }

    var array: [WasupJSON]? { if case .array(let items) = self { items } else { nil } }

    var isObject: Bool { if case .object = self { true } else { false } }
}

extension WasupJSON: ExpressibleByStringLiteral, ExpressibleByBooleanLiteral, ExpressibleByDictionaryLiteral,
    ExpressibleByArrayLiteral, ExpressibleByIntegerLiteral {
    init(stringLiteral value: String) { self = .string(value) }
    init(booleanLiteral value: Bool) { self = .bool(value) }
    init(integerLiteral value: Int) { self = .number(Double(value)) }
    init(dictionaryLiteral elements: (String, WasupJSON)...) {
        self = .object(Dictionary(elements, uniquingKeysWith: { _, last in last }))
    }
    init(arrayLiteral elements: WasupJSON...) { self = .array(elements) }
}

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
