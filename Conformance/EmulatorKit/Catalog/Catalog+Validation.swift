import Foundation

/// How strictly requests are checked against the catalog.
public struct ValidationOptions: Sendable {
    /// Accept a required query parameter when it comes as a top-level body field instead
    /// (providers that read credentials from "query or body").
    public var queryParametersMayComeFromBody: Bool
    /// Creates options.
    public init(queryParametersMayComeFromBody: Bool = false) {
        self.queryParametersMayComeFromBody = queryParametersMayComeFromBody
    }
}

extension Catalog {
    /// Checks one request against `operation`; an empty list means it conforms.
    ///
    /// - Parameters:
    ///   - body: the raw body (empty when none came).
    ///   - json: the body parsed as JSON, or nil when it is absent or not JSON.
    public func validate(
        _ operation: CatalogOperation, pathParameters: [String: String], query: [(name: String, value: String)],
        headers: [(name: String, value: String)], body: Data, json: JSONValue?,
        options: ValidationOptions = ValidationOptions()
    ) -> [Violation] {
        var violations: [Violation] = []
        for parameter in operation.parameters {
            let value: String?
            switch parameter.location {
            case "path": value = pathParameters[parameter.name]
            case "query":
                value = query.last { $0.name == parameter.name }?.value
                    ?? (options.queryParametersMayComeFromBody ? json?[parameter.name].flatMap(Self.scalarText) : nil)
            case "header": value = headers.first { $0.name.lowercased() == parameter.name.lowercased() }?.value
            default: continue
            }
            guard let value else {
                if parameter.required {
                    violations.append(Violation(kind: .missingParameter, name: parameter.name, location: parameter.location,
                                                message: "missing required \(parameter.location) parameter `\(parameter.name)`"))
                }
                continue
            }
            if !Self.text(value, conformsTo: parameter.type) {
                violations.append(Violation(kind: .wrongParameterType, name: parameter.name, location: parameter.location,
                                            message: "\(parameter.location) parameter `\(parameter.name)` is not of type \(parameter.type)"))
            } else if let allowed = parameter.allowedValues, !allowed.isEmpty,
                      !allowed.contains(where: { Self.scalarText($0) == value }) {
                violations.append(Violation(kind: .wrongParameterType, name: parameter.name, location: parameter.location,
                                            message: "\(parameter.location) parameter `\(parameter.name)` is not one of its allowed values"))
            }
        }
        guard let spec = operation.body else { return violations }
        if body.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) {
            if spec.required {
                violations.append(Violation(kind: .missingBody, location: "body", message: "missing required request body"))
            }
            return violations
        }
        let expectsJSON = spec.contentTypes.isEmpty || spec.contentTypes.contains { $0.lowercased().contains("json") }
        guard expectsJSON else { return violations }
        guard let json else {
            violations.append(Violation(kind: .malformedBody, location: "body", message: "request body is not valid JSON"))
            return violations
        }
        if let schemaType = spec.schemaType {
            if !json.conforms(to: schemaType) {
                violations.append(Violation(kind: .wrongBodyType, location: "body", message: "request body is not of type \(schemaType)"))
            }
            return violations
        }
        guard let object = json.objectValue else {
            violations.append(Violation(kind: .wrongBodyType, location: "body", message: "request body is not a JSON object"))
            return violations
        }
        for field in spec.requiredFields where object[field] == nil || object[field] == .null {
            violations.append(Violation(kind: .missingBodyField, name: field, location: "body",
                                        message: "missing required body field `\(field)`"))
        }
        for (name, value) in object where value != .null {
            if let type = spec.fields[name], !value.conforms(to: type) {
                violations.append(Violation(kind: .wrongBodyFieldType, name: name, location: "body",
                                            message: "body field `\(name)` is \(value.typeName), not \(type)"))
            }
        }
        return violations
    }

    /// A scalar JSON value as the text a query string would carry; nil for arrays and objects.
    static func scalarText(_ value: JSONValue) -> String? {
        switch value {
        case .string(let s): s
        case .int, .double, .bool: value.serialized()
        default: nil
        }
    }

    /// Whether query or path text parses as `type`.
    static func text(_ text: String, conformsTo type: String) -> Bool {
        switch type {
        case "integer": Int(text) != nil
        case "number": Double(text) != nil
        case "boolean": ["true", "false", "1", "0"].contains(text.lowercased())
        default: true
        }
    }
}
