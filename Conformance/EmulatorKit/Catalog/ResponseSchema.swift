/// Validates a JSON answer against a response schema from the catalog (the subset
/// `generate-catalog.py` keeps: `type`, `nullable`, `enum`, `required`, `properties`, `items`,
/// `additionalProperties`, `allOf`/`oneOf`/`anyOf`, `format: date-time`).
///
/// Properties the schema does not list are allowed (OpenAPI's default), so an answer with extra
/// fields passes; a listed property of the wrong type, a value outside an `enum`, `null` where the
/// schema is not `nullable`, or a missing `required` property does not.
public enum ResponseSchema {
    /// One mismatch: where (`$.instance.status`) and what.
    public struct Mismatch: Hashable, Sendable, CustomStringConvertible {
        /// The JSON path of the value.
        public let path: String
        /// What is wrong with it.
        public let problem: String
        public var description: String { "\(path): \(problem)" }
    }

    /// Every mismatch of `value` against `schema`, in document order.
    public static func mismatches(_ value: JSONValue, against schema: JSONValue, path: String = "$") -> [Mismatch] {
        guard case .object(let rules) = schema, !rules.isEmpty else { return [] }
        var found: [Mismatch] = []
        if let all = rules["allOf"]?.arrayValue {
            for sub in all { found += mismatches(value, against: sub, path: path) }
        }
        for key in ["oneOf", "anyOf"] {
            if let options = rules[key]?.arrayValue, !options.isEmpty,
               !options.contains(where: { mismatches(value, against: $0, path: path).isEmpty }) {
                found.append(Mismatch(path: path, problem: "matches none of \(key)"))
            }
        }
        if case .null = value {
            let nullable = rules["nullable"]?.boolValue == true || rules["type"] == nil
                || rules["enum"]?.arrayValue?.contains(.null) == true
            return nullable ? found : found + [Mismatch(path: path, problem: "null where the schema says \(rules["type"]?.stringValue ?? "a value")")]
        }
        if let type = rules["type"]?.stringValue, !matches(value, type: type) {
            return found + [Mismatch(path: path, problem: "\(value.typeName) where the schema says \(type)")]
        }
        if let allowed = rules["enum"]?.arrayValue, !allowed.isEmpty, !allowed.contains(value) {
            let names = allowed.compactMap(\.stringValue).joined(separator: ", ")
            found.append(Mismatch(path: path, problem: "\(value) is not one of the enum (\(names))"))
        }
        if rules["format"]?.stringValue == "date-time", let text = value.stringValue, !isDateTime(text) {
            found.append(Mismatch(path: path, problem: "\"\(text)\" is not a date-time"))
        }
        if case .object(let object) = value {
            for name in rules["required"]?.arrayValue?.compactMap(\.stringValue) ?? [] where object[name] == nil {
                found.append(Mismatch(path: path, problem: "lacks required `\(name)`"))
            }
            let properties = rules["properties"]?.objectValue ?? JSONObject()
            for (name, member) in object {
                if let sub = properties[name] {
                    found += mismatches(member, against: sub, path: path + "." + name)
                } else if let extra = rules["additionalProperties"], case .object = extra {
                    found += mismatches(member, against: extra, path: path + "." + name)
                }
            }
        }
        if case .array(let items) = value, let itemSchema = rules["items"] {
            for (index, item) in items.enumerated() { found += mismatches(item, against: itemSchema, path: path + "[\(index)]") }
        }
        return found
    }

    private static func matches(_ value: JSONValue, type: String) -> Bool {
        switch (type, value) {
        case ("string", .string), ("boolean", .bool), ("array", .array), ("object", .object): true
        case ("integer", .int): true
        case ("integer", .double(let number)): number.rounded() == number
        case ("number", .int), ("number", .double): true
        default: false
        }
    }

    /// RFC 3339 `date-time`: `2026-01-29T12:00:00Z`, with optional fractions and an offset.
    private static func isDateTime(_ text: String) -> Bool {
        text.wholeMatch(of: /\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})/) != nil
    }
}
