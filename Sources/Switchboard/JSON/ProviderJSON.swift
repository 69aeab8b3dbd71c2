import Foundation

/// A JSON value as providers send it, read without a schema.
///
/// Adapters read answers and webhook payloads through this rather than strict `Decodable` structs:
/// a field of an unexpected type reads as `nil` instead of failing the whole body, and the adapter
/// decides which missing fields matter (``SwitchboardError/Kind/invalidResponse``). One type for
/// every adapter, so a faster parser or a fix lands in all of them at once.
package enum ProviderJSON: Hashable, Sendable, Codable {
    /// `null`.
    case null
    /// `true` or `false`.
    case bool(Bool)
    /// A number.
    case number(Double)
    /// A string.
    case string(String)
    /// An array.
    case array([ProviderJSON])
    /// An object (see `Object`).
    case object(Object)

    /// Decodes any JSON value.
    package init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() { self = .null }
        else if let value = try? container.decode(Bool.self) { self = .bool(value) }
        else if let value = try? container.decode(Double.self) { self = .number(value) }
        else if let value = try? container.decode(String.self) { self = .string(value) }
        else if let value = try? container.decode([ProviderJSON].self) { self = .array(value) }
        else { self = .object(Object(try container.decode([String: ProviderJSON].self))) }
    }

    /// Encodes the value; whole numbers are written without a fraction.
    package func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case .bool(let value): try container.encode(value)
        case .number(let value):
            if value == value.rounded(), abs(value) < 1e15 { try container.encode(Int64(value)) } else { try container.encode(value) }
        case .string(let value): try container.encode(value)
        case .array(let value): try container.encode(value)
        case .object(let value): try container.encode(value.dictionary)
        }
    }

    /// Parses `data`, or returns `nil` when it is not JSON (one pass over the bytes; see
    /// `ProviderJSONReader` for what it accepts).
    package static func parse(_ data: Data) -> ProviderJSON? {
        data.withUnsafeBytes { ProviderJSONReader.parse($0) }
    }

    /// Parses `data` only when it is a JSON object or array (a bare string or number is not a body).
    package static func parseContainer(_ data: Data) -> ProviderJSON? {
        guard let first = data.first(where: { !($0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09) }),
              first == UInt8(ascii: "{") || first == UInt8(ascii: "[") else { return nil }
        return parse(data)
    }

    /// Compact JSON text with sorted keys (what `JSONEncoder` with `.sortedKeys` and
    /// `.withoutEscapingSlashes` writes; see `ProviderJSONWriter`).
    package var text: String { String(decoding: utf8, as: UTF8.self) }

    /// The value as a request body: ``text`` as bytes.
    package var data: Data { Data(utf8) }

    /// ``text``'s bytes, written in one pass; `null` for a value holding a number that is not finite.
    private var utf8: [UInt8] {
        var writer = ProviderJSONWriter()
        return writer.write(self) ? writer.bytes : Array("null".utf8)
    }

    /// A member of an object.
    package subscript(key: String) -> ProviderJSON? {
        if case .object(let fields) = self { fields[key] } else { nil }
    }

    /// The value at a dotted path (`id._serialized`).
    package subscript(path path: String) -> ProviderJSON? {
        // Walked in place: splitting made an array and a string per key, a twelfth of a Wawp
        // decode (issue 17). Empty keys (`a..b`) are skipped, as the split did.
        var value = self
        var rest = path[...]
        while let first = rest.utf8.first {
            let dot = rest.utf8.firstIndex(of: UInt8(ascii: ".")) ?? rest.endIndex
            if first != UInt8(ascii: ".") {
                guard case .object(let fields) = value, let member = fields[rest[..<dot]] else { return nil }
                value = member
            }
            rest = dot < rest.endIndex ? rest[rest.index(after: dot)...] : rest[rest.endIndex...]
        }
        return value
    }

    /// The first of `keys` that is present and not null.
    package func first(_ keys: String...) -> ProviderJSON? {
        for key in keys { if let value = present(key) { return value } }
        return nil
    }

    /// The first of two keys that is present and not null, without the array a variadic call
    /// allocates: decoders try two or three spellings of a field many times a delivery (issue 17).
    package func first(_ key: String, _ other: String) -> ProviderJSON? {
        present(key) ?? present(other)
    }

    /// The first of three keys that is present and not null (see `first(_:_:)`).
    package func first(_ key: String, _ second: String, _ third: String) -> ProviderJSON? {
        present(key) ?? present(second) ?? present(third)
    }

    /// The member `key` of an object when it is there and not null.
    private func present(_ key: String) -> ProviderJSON? {
        guard case .object(let fields) = self, let value = fields[key] else { return nil }
        if case .null = value { return nil }
        return value
    }

    /// A string; whole numbers are rendered without a fraction (phones sometimes arrive as numbers).
    package var string: String? {
        switch self {
        case .string(let value): value
        case .number(let value) where value == value.rounded() && abs(value) < 1e15: String(Int64(value))
        default: nil
        }
    }

    /// A non-empty string.
    package var nonEmptyString: String? { string.flatMap { $0.isEmpty ? nil : $0 } }

    /// A number; numeric strings count.
    package var double: Double? {
        switch self {
        case .number(let value): value
        case .string(let value): Double(value.trimmingCharacters(in: .whitespaces))
        default: nil
        }
    }

    /// A whole number.
    package var int: Int? { double.flatMap { $0.isFinite && abs($0) < 1e15 ? Int($0) : nil } }

    /// A boolean; `"true"`/`"false"` strings count.
    package var bool: Bool? {
        switch self {
        case .bool(let value): value
        case .string("true"): true
        case .string("false"): false
        default: nil
        }
    }

    /// The elements, if this is an array.
    package var array: [ProviderJSON]? { if case .array(let items) = self { items } else { nil } }

    /// Whether this is an object.
    package var isObject: Bool { if case .object = self { true } else { false } }
}

extension ProviderJSON: ExpressibleByStringLiteral, ExpressibleByBooleanLiteral, ExpressibleByDictionaryLiteral,
    ExpressibleByArrayLiteral, ExpressibleByIntegerLiteral {
    /// A string literal.
    package init(stringLiteral value: String) { self = .string(value) }
    /// A boolean literal.
    package init(booleanLiteral value: Bool) { self = .bool(value) }
    /// An integer literal.
    package init(integerLiteral value: Int) { self = .number(Double(value)) }
    /// An object literal; a repeated key keeps its last value.
    package init(dictionaryLiteral elements: (String, ProviderJSON)...) {
        var object = Object()
        for (key, value) in elements { object[key] = value }
        self = .object(object)
    }
    /// An array literal.
    package init(arrayLiteral elements: ProviderJSON...) { self = .array(elements) }
}
