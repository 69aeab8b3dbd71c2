import Foundation

/// A JSON value read without a schema.
///
/// Wawp sits on WAHA, whose engines answer the same operation in different shapes, and its
/// documented success bodies are mostly plain text; the adapter reads every answer through this,
/// so a field of an unexpected type is `nil` rather than a failed decode, and decides itself which
/// missing fields matter.
enum WawpJSON: Hashable, Sendable, Codable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([WawpJSON])
    case object([String: WawpJSON])

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() { self = .null }
        else if let value = try? container.decode(Bool.self) { self = .bool(value) }
        else if let value = try? container.decode(Double.self) { self = .number(value) }
        else if let value = try? container.decode(String.self) { self = .string(value) }
        else if let value = try? container.decode([WawpJSON].self) { self = .array(value) }
        else { self = .object(try container.decode([String: WawpJSON].self)) }
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

    /// Parses `data` when it is a JSON object or array (a bare string or number is not a body).
    static func parse(_ data: Data) -> WawpJSON? {
        guard let first = data.first(where: { !($0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09) }),
              first == UInt8(ascii: "{") || first == UInt8(ascii: "[") else { return nil }
        return try? JSONDecoder().decode(WawpJSON.self, from: data)
    }

    /// Compact JSON text with sorted keys.
    var text: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(self)).map { String(decoding: $0, as: UTF8.self) } ?? "null"
    }

    subscript(key: String) -> WawpJSON? {
        if case .object(let fields) = self { fields[key] } else { nil }
    }

    /// The value at a dotted path (`id._serialized`).
    subscript(path path: String) -> WawpJSON? {
        var value: WawpJSON? = self
        for key in path.split(separator: ".") { value = value?[String(key)] }
        return value
    }

    /// The first of `keys` that is present and not null.
    func first(_ keys: String...) -> WawpJSON? {
        for key in keys { if let value = self[key], value != .null { return value } }
        return nil
    }

    /// A string; whole numbers are rendered without a fraction (phones sometimes arrive as numbers).
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

    var array: [WawpJSON]? { if case .array(let items) = self { items } else { nil } }

    var isObject: Bool { if case .object = self { true } else { false } }
}

extension WawpJSON: ExpressibleByStringLiteral, ExpressibleByBooleanLiteral, ExpressibleByDictionaryLiteral,
    ExpressibleByArrayLiteral, ExpressibleByIntegerLiteral {
    init(stringLiteral value: String) { self = .string(value) }
    init(booleanLiteral value: Bool) { self = .bool(value) }
    init(integerLiteral value: Int) { self = .number(Double(value)) }
    init(dictionaryLiteral elements: (String, WawpJSON)...) {
        self = .object(Dictionary(elements, uniquingKeysWith: { _, last in last }))
    }
    init(arrayLiteral elements: WawpJSON...) { self = .array(elements) }
}

/// WAHA's timestamps: epoch seconds (messages) or milliseconds (event envelopes), or ISO 8601.
enum WawpDate {
    static func parse(_ value: WawpJSON?) -> Date? {
        guard let value else { return nil }
        if case .string(let text) = value, Double(text) == nil {
            return try? Date(text, strategy: Date.ISO8601FormatStyle(includingFractionalSeconds: text.contains(".")))
        }
        guard let number = value.double, number > 0, number.isFinite else { return nil }
        return Date(timeIntervalSince1970: number > 1e11 ? number / 1000 : number)
    }
}
