import Foundation

/// One provider-specific value of configuration: any key of a provider's JSON object other than
/// `name`, `kind`, `baseURL` and `instances`.
///
/// The core decodes these without knowing what they mean; the provider's ``ProviderKind`` declares
/// which keys it reads, their types and which are secrets, and checks them (see
/// ``ProviderKind/settings(for:at:)``).
public enum ConfigurationValue: Hashable, Sendable, Codable, ExpressibleByStringLiteral, ExpressibleByArrayLiteral,
    ExpressibleByBooleanLiteral, ExpressibleByIntegerLiteral, ExpressibleByFloatLiteral {
    /// A string (`"accessToken": "..."`).
    case string(String)
    /// An array of strings (`["a", "b"]`).
    case strings([String])
    /// `true` or `false`.
    case bool(Bool)
    /// A number.
    case number(Double)

    /// The type of this value.
    public var type: ConfigurationValueType {
        switch self {
        case .string: .string
        case .strings: .strings
        case .bool: .bool
        case .number: .number
        }
    }

    /// Decodes a string, an array of strings, a boolean or a number; anything else is a
    /// ``ConfigurationError`` naming the key, without the value.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let value = try? container.decode(Bool.self) { self = .bool(value) }
        else if let value = try? container.decode(String.self) { self = .string(value) }
        else if let value = try? container.decode(Double.self) { self = .number(value) }
        else if let value = try? container.decode([String].self) { self = .strings(value) }
        else {
            throw ConfigurationError(key: ConfigurationPath.text(decoder.codingPath),
                                     "expected a string, an array of strings, a boolean or a number")
        }
    }

    /// Encodes the value as it was written; whole numbers without a fraction.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .string(let value): try container.encode(value)
        case .strings(let value): try container.encode(value)
        case .bool(let value): try container.encode(value)
        case .number(let value):
            if value == value.rounded(), abs(value) < 1e15 { try container.encode(Int64(value)) } else { try container.encode(value) }
        }
    }

    /// A string value.
    public init(stringLiteral value: String) { self = .string(value) }
    /// An array of strings.
    public init(arrayLiteral elements: String...) { self = .strings(elements) }
    /// A boolean.
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    /// A whole number.
    public init(integerLiteral value: Int) { self = .number(Double(value)) }
    /// A number.
    public init(floatLiteral value: Double) { self = .number(value) }
}

/// The types a provider-specific configuration value can have.
public enum ConfigurationValueType: String, Hashable, Sendable, CaseIterable {
    /// A JSON string; from the environment, the variable's text.
    case string
    /// A JSON array of strings; from the environment, comma-separated.
    case strings
    /// `true` or `false`; from the environment, `true`/`false`/`1`/`0`/`yes`/`no`.
    case bool
    /// A JSON number; from the environment, its decimal text.
    case number

    /// `a string`, for messages.
    public var phrase: String {
        switch self {
        case .string: "a string"
        case .strings: "an array of strings"
        case .bool: "a boolean"
        case .number: "a number"
        }
    }

    /// Reads an environment variable's text as this type, or `nil` when it does not parse.
    func parse(environment text: String) -> ConfigurationValue? {
        switch self {
        case .string: return .string(text)
        case .strings:
            return .strings(text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty })
        case .bool:
            switch text.trimmingCharacters(in: .whitespaces).lowercased() {
            case "true", "1", "yes": return .bool(true)
            case "false", "0", "no": return .bool(false)
            default: return nil
            }
        case .number:
            return Double(text.trimmingCharacters(in: .whitespaces)).map(ConfigurationValue.number)
        }
    }
}

/// Key paths as configuration errors show them: `providers[1].apiKey`.
enum ConfigurationPath {
    static func text(_ keys: [any CodingKey]) -> String {
        keys.reduce("") { text, key in
            if let index = key.intValue { return text + "[\(index)]" }
            return text.isEmpty ? key.stringValue : text + "." + key.stringValue
        }
    }

    /// `providers[1]`.
    static func provider(_ index: Int) -> String { "providers[\(index)]" }
}
