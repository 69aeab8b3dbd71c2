import Foundation
import Switchboard

/// JSON as the control API answers it: a small Sendable tree.
public enum HarnessJSON: Hashable, Sendable {
    /// `null`.
    case null
    /// `true` or `false`.
    case bool(Bool)
    /// A number.
    case number(Double)
    /// A string.
    case string(String)
    /// An array.
    case array([HarnessJSON])
    /// An object.
    case object([String: HarnessJSON])

    /// Parses bytes; throws ``ConformanceFailure`` on anything that is not JSON.
    public init(parsing data: Data) throws {
        guard let any = try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed]) else {
            throw ConformanceFailure("control API answered non-JSON: \(String(decoding: data.prefix(200), as: UTF8.self))")
        }
        self.init(any: any)
    }

    private init(any: Any) {
        switch any {
        case let value as String: self = .string(value)
        case let value as NSNumber where CFGetTypeID(value) == CFBooleanGetTypeID(): self = .bool(value.boolValue)
        case let value as NSNumber: self = .number(value.doubleValue)
        case let value as [Any]: self = .array(value.map(HarnessJSON.init(any:)))
        case let value as [String: Any]: self = .object(value.mapValues(HarnessJSON.init(any:)))
        default: self = .null
        }
    }

    /// A member of an object.
    public subscript(key: String) -> HarnessJSON? {
        if case .object(let object) = self { object[key] } else { nil }
    }

    /// The string, if this is one.
    public var string: String? { if case .string(let value) = self { value } else { nil } }
    /// The elements, if this is an array.
    public var array: [HarnessJSON]? { if case .array(let value) = self { value } else { nil } }
    /// The number as an integer, if this is a number.
    public var int: Int? { if case .number(let value) = self { Int(value) } else { nil } }

    /// Every string anywhere in the tree (keys excluded).
    public var allStrings: [String] {
        switch self {
        case .string(let value): [value]
        case .array(let values): values.flatMap(\.allStrings)
        case .object(let object): object.values.flatMap(\.allStrings)
        case .number(let value): [value == value.rounded() ? String(Int(value)) : String(value)]
        default: []
        }
    }

    /// Whether some string in the tree contains `text`.
    public func mentions(_ text: String) -> Bool { allStrings.contains { $0.contains(text) } }
}

#if canImport(CoreFoundation) && !canImport(Darwin)
import CoreFoundation
#endif
