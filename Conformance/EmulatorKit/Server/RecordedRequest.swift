import Foundation
import Switchboard

/// One entry of the request log.
public struct RecordedRequest: Sendable {
    /// Position in the log, from 1.
    public let sequence: Int
    /// The method.
    public let method: String
    /// The path, without the query.
    public let path: String
    /// Query items in order.
    public let query: [(name: String, value: String)]
    /// The matched operation's id, or nil for an unknown operation.
    public let operationId: String?
    /// The catalog violations the request had.
    public let violations: [Violation]
    /// The status answered (0 when the connection was dropped).
    public let status: Int
    /// Whether an injected fault decided the answer.
    public let faulted: Bool
    /// The body as received.
    public let body: Data
    /// The header fields as received (secret ones are masked in ``json``).
    public let headers: [(name: String, value: String)]

    /// Creates an entry.
    public init(sequence: Int, method: String, path: String, query: [(name: String, value: String)],
                operationId: String?, violations: [Violation], status: Int, faulted: Bool, body: Data,
                headers: [(name: String, value: String)] = []) {
        self.headers = headers
        self.sequence = sequence
        self.method = method
        self.path = path
        self.query = query
        self.operationId = operationId
        self.violations = violations
        self.status = status
        self.faulted = faulted
        self.body = body
    }

    /// The entry as the control API shows it. Secret-named query values are redacted; the body
    /// appears as JSON when it is JSON, else as text.
    public var json: JSONValue {
        var queryObject = JSONObject()
        for item in query {
            queryObject[item.name] = .string(Redaction.isSecretParameter(item.name) ? Redaction.mask : item.value)
        }
        var object: JSONObject = [
            "sequence": .int(sequence), "method": .string(method), "path": .string(path),
            "query": .object(queryObject), "operationId": JSONValue(operationId),
            "violations": .array(violations.map(\.json)), "status": .int(status), "faulted": .bool(faulted),
        ]
        if !body.isEmpty {
            object["body"] = (try? JSONValue(parsing: body)) ?? .string(String(decoding: body.prefix(4096), as: UTF8.self))
        }
        return .object(object)
    }

    /// One log line: `POST /path?query -> 200 operationId (n violations)`, secrets redacted.
    public var logLine: String {
        let queryText = query.isEmpty ? "" : "?" + query.map { "\($0.name)=\($0.value)" }.joined(separator: "&")
        let outcome = status == 0 ? "dropped" : String(status)
        let problems = violations.isEmpty ? "" : " [" + violations.map(\.message).joined(separator: "; ") + "]"
        return "\(method) \(Redaction.redact(path + queryText)) -> \(outcome) \(operationId ?? "-")\(faulted ? " (fault)" : "")\(problems)"
    }
}
