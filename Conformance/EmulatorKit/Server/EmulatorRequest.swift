import Foundation

/// One request to an emulator, as its provider sees it: parsed, matched and validated.
public struct EmulatorRequest: Sendable {
    /// The sequence number in the request log.
    public let sequence: Int
    /// The method, upper case.
    public let method: String
    /// The path, without the query.
    public let path: String
    /// Query items in order, percent-decoded (`+` as space).
    public let query: [(name: String, value: String)]
    /// Header fields in order.
    public let headers: [(name: String, value: String)]
    /// The raw body (empty when none came).
    public let body: Data
    /// The body parsed as JSON, when it is JSON.
    public let json: JSONValue?
    /// The catalog operation the method and path matched, if any.
    public let match: OperationMatch?
    /// What is wrong with the request according to the catalog.
    public let violations: [Violation]

    /// Creates a request (the server does this; tests of a provider may too).
    public init(sequence: Int = 0, method: String, path: String, query: [(name: String, value: String)] = [],
                headers: [(name: String, value: String)] = [], body: Data = Data(), json: JSONValue? = nil,
                match: OperationMatch? = nil, violations: [Violation] = []) {
        self.sequence = sequence
        self.method = method.uppercased()
        self.path = path
        self.query = query
        self.headers = headers
        self.body = body
        self.json = json
        self.match = match
        self.violations = violations
    }

    /// The matched operation's id.
    public var operationId: String? { match?.operation.operationId }
    /// The matched operation.
    public var operation: CatalogOperation? { match?.operation }

    /// The first header of this name, case-insensitively.
    public func header(_ name: String) -> String? {
        headers.first { $0.name.caseInsensitiveCompare(name) == .orderedSame }?.value
    }

    /// The last query item of this name.
    public func queryItem(_ name: String) -> String? {
        query.last { $0.name == name }?.value
    }

    /// A path parameter by name.
    public func pathParameter(_ name: String) -> String? { match?.pathParameters[name] }

    /// The top-level body field `name`, when the body is a JSON object.
    public func field(_ name: String) -> JSONValue? { json?[name] }

    /// Splits a raw query string into decoded items.
    public static func parseQuery(_ query: String?) -> [(name: String, value: String)] {
        guard let query, !query.isEmpty else { return [] }
        return query.split(separator: "&").map { item in
            let parts = item.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func decode(_ text: Substring) -> String {
                let spaced = text.replacingOccurrences(of: "+", with: " ")
                return spaced.removingPercentEncoding ?? spaced
            }
            return (decode(parts[0]), parts.count > 1 ? decode(parts[1]) : "")
        }
    }
}
