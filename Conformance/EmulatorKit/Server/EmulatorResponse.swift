import Foundation

/// What an emulator answers: a status, headers and a body, or a dropped connection.
public struct EmulatorResponse: Sendable {
    /// The status code.
    public var status: Int
    /// Header fields in order (`Content-Type` among them when there is a body).
    public var headers: [(name: String, value: String)]
    /// The body bytes.
    public var body: Data
    /// Break the connection mid-answer (a fault): the head and a first byte go out, then the socket
    /// closes; status, headers and body are ignored.
    public var drop: Bool

    /// Creates a response.
    public init(status: Int, headers: [(name: String, value: String)] = [], body: Data = Data(), drop: Bool = false) {
        self.status = status
        self.headers = headers
        self.body = body
        self.drop = drop
    }

    /// A JSON response (`application/json; charset=utf-8`), keys in the value's order.
    public static func json(_ value: JSONValue, status: Int = 200) -> EmulatorResponse {
        EmulatorResponse(status: status, headers: [("Content-Type", "application/json; charset=utf-8")], body: value.data)
    }

    /// A text response with the given media type.
    public static func text(_ text: String, status: Int, contentType: String = "text/plain; charset=utf-8") -> EmulatorResponse {
        EmulatorResponse(status: status, headers: [("Content-Type", contentType)], body: Data(text.utf8))
    }

    /// A response without a body.
    public static func empty(status: Int = 204) -> EmulatorResponse { EmulatorResponse(status: status) }

    /// A documented example, as its bytes and its documented media type.
    public static func example(_ example: ResponseExample, status: Int) -> EmulatorResponse {
        EmulatorResponse(status: status, headers: [("Content-Type", example.contentType)], body: example.bodyData)
    }

    /// A dropped connection.
    public static let dropped = EmulatorResponse(status: 0, drop: true)

    /// The first header of this name, case-insensitively.
    public func header(_ name: String) -> String? {
        headers.first { $0.name.caseInsensitiveCompare(name) == .orderedSame }?.value
    }

    /// The body parsed as JSON, if it is.
    public var json: JSONValue? { try? JSONValue(parsing: body) }
}
