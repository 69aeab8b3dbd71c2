import EmulatorKit
import Foundation

/// Wawp's error bodies, taken from the catalog: an operation's own documented example for a
/// status, else the example most operations document for it. Bodies the spec documents nowhere
/// (a 400 other than a missing parameter, a 413) follow the documented shape of their status.
struct WawpErrors: Sendable {
    /// The most common documented example per status, over all operations.
    private let common: [Int: ResponseExample]
    /// The documented 422 `session_unexpected_status` body.
    private let unexpectedStatus: JSONObject

    init(catalog: Catalog) {
        var counts: [Int: [(example: ResponseExample, count: Int)]] = [:]
        for operation in catalog.operations {
            for response in operation.responses {
                guard let status = Int(response.status), status >= 400, let example = response.examples.first else { continue }
                var list = counts[status, default: []]
                if let index = list.firstIndex(where: { $0.example.bodyData == example.bodyData }) {
                    list[index].count += 1
                } else {
                    list.append((example, 1))
                }
                counts[status] = list
            }
        }
        common = counts.compactMapValues { list in list.max { $0.count < $1.count }?.example }
        unexpectedStatus = common[422].flatMap { try? JSONValue(parsing: $0.bodyData).objectValue } ?? [:]
    }

    /// The documented body for `status`: the operation's own example, else the common one.
    func example(status: Int, operation: CatalogOperation?) -> ResponseExample? {
        if let own = operation?.response(status: status), String(status) == own.status, let example = own.examples.first {
            return example
        }
        return common[status]
    }

    /// The documented answer for `status`, with `Retry-After` on a 429; a status documented
    /// nowhere gets the 400 text shape (4xx) or the 500 page (5xx).
    func response(status: Int, operation: CatalogOperation?) -> EmulatorResponse {
        // An operation that documents a schema but no example for this status (the group
        // operations' 401: `{status, message, error}`) gets a body of that shape, not another
        // operation's example.
        let own = operation?.responses.first { $0.matches(status: status) }
        if let own, own.examples.isEmpty, let schema = own.schema, let body = Self.body(for: schema, status: status) {
            return EmulatorResponse.json(body, status: status).documented(operation)
        }
        if let example = example(status: status, operation: operation) {
            var response = EmulatorResponse.example(example, status: status)
            if status == 429 { response.headers.append(("Retry-After", String(Self.retryAfter(example)))) }
            return response
        }
        if status >= 500, let page = common[500] {
            return EmulatorResponse.example(page, status: status)
        }
        return text(code: "http_\(status)", sentence: "The request could not be served (HTTP \(status))", status: status)
    }

    /// An error body with the schema's properties: `status` the HTTP status, `message` and
    /// `error` its reason; nil unless the schema is an object of such fields.
    static func body(for schema: JSONValue, status: Int) -> JSONValue? {
        guard let properties = schema["properties"]?.objectValue, !properties.isEmpty else { return nil }
        let reason = [400: "Bad Request", 401: "Unauthorized", 403: "Forbidden", 404: "Not Found", 422: "Unprocessable Entity",
                      429: "Too Many Requests", 500: "Internal Server Error"][status] ?? "Error"
        var object = JSONObject()
        for (name, rule) in properties {
            switch (name, rule["type"]?.stringValue) {
            case ("status", "integer"?), ("code", "integer"?): object[name] = .int(status)
            case (_, "string"?): object[name] = .string(name == "message" ? "\(reason): the request was refused (HTTP \(status))" : reason)
            default: continue
            }
        }
        return object.isEmpty ? nil : .object(object)
    }

    /// Whether the operation documents its 400 as JSON (else it is plain text).
    func badRequestIsJSON(_ operation: CatalogOperation?) -> Bool {
        example(status: 400, operation: operation)?.bodyFormat == "json"
    }

    /// A 400 (or 413) in the operation's documented shape for a missing parameter.
    func missingParameter(_ names: [String], operation: CatalogOperation?) -> EmulatorResponse {
        let name = names.first ?? ""
        if badRequestIsJSON(operation) {
            return .json(["code": "missing_param", "message": .string("Missing required parameter: \(name)"),
                          "details": ["missing": .array(names.map(JSONValue.string)),
                                      "recommendation": .string("Ensure you are sending the '\(name)' in your request.")]],
                         status: 400).documented(operation)
        }
        return text(code: "missing_param", sentence: "Missing required parameter: \(name)", status: 400)
    }

    /// A 400 in the operation's documented shape for a parameter with a bad value.
    func invalidParameter(_ name: String, value: String?, operation: CatalogOperation?, status: Int = 400) -> EmulatorResponse {
        if badRequestIsJSON(operation) {
            return .json(["code": "invalid_param", "message": "Invalid format for one or more parameters.",
                          "details": ["param": .string(name), "value": JSONValue(value),
                                      "recommendation": "Refer to the documentation for the allowed format and length of this parameter."]],
                         status: status).documented(operation)
        }
        return text(code: "invalid_param", sentence: "Invalid value for parameter: \(name)", status: status)
    }

    /// The documented text shape: `Error: code. Sentence. Please check your request parameters and try again.`
    func text(code: String, sentence: String, status: Int) -> EmulatorResponse {
        .text("Error: \(code). \(sentence). Please check your request parameters and try again.", status: status,
              contentType: "application/json")
    }

    /// The 422 `session_unexpected_status` body in its documented shape. A FAILED session asked for
    /// its QR code gives the documented example itself (and restarts).
    func sessionUnexpectedStatus(current: SessionStatus, expected: [SessionStatus], autoRestart: Bool) -> EmulatorResponse {
        var body = unexpectedStatus
        var details = body["details"]?.objectValue ?? [:]
        details["current_status"] = .string(current.rawValue)
        details["expected_status"] = .array(expected.map { .string($0.rawValue) })
        if !autoRestart {
            body["message"] = "Session status is not as expected for this operation."
            details["action"] = "none"
            details["recommendation"] = .string(Self.recommendation(for: current))
        }
        body["details"] = .object(details)
        return .json(.object(body), status: 422)
    }

    private static func recommendation(for status: SessionStatus) -> String {
        switch status {
        case .stopped: "The instance is stopped. Start it with /v2/session/start and wait for WORKING."
        case .starting: "The instance is starting. Please wait a few seconds and try again."
        case .scanQRCode: "The instance is not paired. Scan the QR code or enter the pairing code first."
        case .working: "The instance is already paired and connected."
        case .failed: "The instance encountered an error. Restart it with /v2/session/restart."
        }
    }

    /// `details.retryAfter` of a 429 example, 60 when absent.
    static func retryAfter(_ example: ResponseExample) -> Int {
        (try? JSONValue(parsing: example.bodyData))?["details"]?["retryAfter"]?.intValue ?? 60
    }
}

extension EmulatorResponse {
    /// This response with the media type the operation documents for its status (Wawp documents
    /// `application/json` for every body, whatever its format).
    func documented(_ operation: CatalogOperation?) -> EmulatorResponse {
        guard let type = operation?.response(status: status)?.contentTypes.first else { return self }
        var copy = self
        copy.headers.removeAll { $0.name.lowercased() == "content-type" }
        copy.headers.append(("Content-Type", type))
        return copy
    }
}
