import Foundation

/// One operation of a catalog: method, path template, parameters, body and documented responses.
public struct CatalogOperation: Sendable {
    /// The spec's operationId (or the generator's synthesized one).
    public let operationId: String
    /// The HTTP method, upper case.
    public let method: String
    /// The path template, with `{name}` placeholders.
    public let path: String
    /// Path, query and header parameters.
    public let parameters: [CatalogParameter]
    /// The request body, if the operation takes one.
    public let body: CatalogBody?
    /// The documented responses, in the spec's order.
    public let responses: [CatalogResponse]

    /// The path template split on `/`, without empty segments.
    public let segments: [Substring]

    init(_ value: JSONValue) throws(CatalogError) {
        guard let id = value["operationId"]?.stringValue, let method = value["method"]?.stringValue,
              let path = value["path"]?.stringValue
        else { throw CatalogError(reason: "operation without operationId, method or path") }
        operationId = id
        self.method = method.uppercased()
        self.path = path
        segments = path.split(separator: "/")
        parameters = (value["parameters"]?.arrayValue ?? []).compactMap(CatalogParameter.init)
        body = value["body"].flatMap(CatalogBody.init)
        responses = (value["responses"]?.arrayValue ?? []).compactMap(CatalogResponse.init)
    }

    /// The documented status codes as written (`"200"`, `"4XX"`, `"default"`).
    public var documentedStatuses: [String] { responses.map(\.status) }

    /// Whether `status` is documented, directly, by a range like `4XX`, or by `default`.
    public func documents(status: Int) -> Bool {
        responses.contains { $0.matches(status: status) }
    }

    /// The documented response for `status`: exact code first, then range, then `default`.
    public func response(status: Int) -> CatalogResponse? {
        responses.first { $0.status == String(status) }
            ?? responses.first { $0.status.uppercased() == "\(status / 100)XX" }
            ?? responses.first { $0.status == "default" }
    }

    /// The first documented example body for `status`, if any.
    public func example(status: Int) -> ResponseExample? {
        response(status: status)?.examples.first
    }
}

/// One parameter of an operation.
public struct CatalogParameter: Sendable {
    /// The parameter's name.
    public let name: String
    /// Where it travels: `path`, `query`, `header` or `cookie`.
    public let location: String
    /// Whether the request must carry it.
    public let required: Bool
    /// Its OpenAPI type name (`string`, `integer`, `number`, `boolean`, `array`, `object`, `any`).
    public let type: String
    /// The allowed values, if the spec lists them.
    public let allowedValues: [JSONValue]?

    init?(_ value: JSONValue) {
        guard let name = value["name"]?.stringValue else { return nil }
        self.name = name
        location = value["in"]?.stringValue ?? "query"
        required = value["required"]?.boolValue ?? false
        type = value["type"]?.stringValue ?? "any"
        allowedValues = value["enum"]?.arrayValue
    }
}

/// The request body of an operation.
public struct CatalogBody: Sendable {
    /// The accepted media types.
    public let contentTypes: [String]
    /// Whether a body is required.
    public let required: Bool
    /// Top-level fields that must be present.
    public let requiredFields: [String]
    /// Top-level fields and their OpenAPI type names.
    public let fields: [String: String]
    /// The body's own type when it is not an object with fields (`array`, `string`, ...).
    public let schemaType: String?

    init?(_ value: JSONValue) {
        guard value.objectValue != nil else { return nil }
        contentTypes = (value["contentTypes"]?.arrayValue ?? []).compactMap(\.stringValue)
        required = value["required"]?.boolValue ?? false
        requiredFields = (value["requiredFields"]?.arrayValue ?? []).compactMap(\.stringValue)
        var fields: [String: String] = [:]
        for (name, type) in value["fields"]?.objectValue ?? JSONObject() { fields[name] = type.stringValue ?? "any" }
        self.fields = fields
        schemaType = value["schemaType"]?.stringValue
    }
}

/// One documented response.
public struct CatalogResponse: Sendable {
    /// The status as written in the spec (`"200"`, `"4XX"`, `"default"`).
    public let status: String
    /// Its documented media types.
    public let contentTypes: [String]
    /// Its documented example bodies.
    public let examples: [ResponseExample]
    /// Its documented body schema (JSON media type), `$ref`s resolved, prose dropped; nil when
    /// the spec gives none.
    public let schema: JSONValue?

    init?(_ value: JSONValue) {
        guard let status = value["status"]?.stringValue else { return nil }
        self.status = status
        contentTypes = (value["contentTypes"]?.arrayValue ?? []).compactMap(\.stringValue)
        examples = (value["examples"]?.arrayValue ?? []).compactMap(ResponseExample.init)
        schema = value["schema"]
    }

    /// Whether this response covers `status`.
    public func matches(status code: Int) -> Bool {
        status == String(code) || status.uppercased() == "\(code / 100)XX" || status == "default"
    }
}

/// A documented example body.
public struct ResponseExample: Sendable {
    /// The media type it is documented under.
    public let contentType: String
    /// The example: a JSON value, or a string holding a text, XML or HTML body.
    public let body: JSONValue
    /// What the body really is: `json`, `text`, `xml` or `html`.
    public let bodyFormat: String

    init?(_ value: JSONValue) {
        guard let body = value["body"] else { return nil }
        self.body = body
        contentType = value["contentType"]?.stringValue ?? "application/json"
        bodyFormat = value["bodyFormat"]?.stringValue ?? "json"
    }

    /// The bytes a server answering with this example sends: a string example verbatim, any other
    /// value as compact JSON in the example's key order.
    public var bodyData: Data {
        if case .string(let text) = body, bodyFormat != "json" { return Data(text.utf8) }
        return body.data
    }
}
