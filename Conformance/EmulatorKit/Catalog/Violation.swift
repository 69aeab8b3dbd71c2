/// One way a request breaks its catalog operation.
public struct Violation: Sendable, Equatable, CustomStringConvertible {
    /// The kind of violation.
    public enum Kind: String, Sendable {
        /// No operation of the catalog has this method and path.
        case unknownOperation
        /// A required path, query or header parameter is absent.
        case missingParameter
        /// A parameter's value does not parse as its type, or is not one of its allowed values.
        case wrongParameterType
        /// The operation requires a body and none came.
        case missingBody
        /// The body is not valid JSON.
        case malformedBody
        /// The body is larger than the emulator accepts.
        case bodyTooLarge
        /// The body is JSON of the wrong type (an array where an object is expected, say).
        case wrongBodyType
        /// A required top-level body field is absent or null.
        case missingBodyField
        /// A top-level body field has the wrong JSON type.
        case wrongBodyFieldType
    }

    /// The kind.
    public let kind: Kind
    /// The parameter or field concerned, if any.
    public let name: String?
    /// Where: `path`, `query`, `header`, `body`, or nil.
    public let location: String?
    /// A sentence saying what is wrong.
    public let message: String

    /// Creates a violation.
    public init(kind: Kind, name: String? = nil, location: String? = nil, message: String) {
        self.kind = kind
        self.name = name
        self.location = location
        self.message = message
    }

    /// The violation as JSON: `{"kind","name","in","message"}`.
    public var json: JSONValue {
        ["kind": .string(kind.rawValue), "name": JSONValue(name), "in": JSONValue(location), "message": .string(message)]
    }

    /// The message.
    public var description: String { message }
}
