/// A failure the emulator injects into matching requests instead of (or before) answering them.
public struct Fault: Sendable {
    /// The method to match, or nil for any.
    public var method: String?
    /// The path to match: a concrete path (`/api/send`), an operation's template
    /// (`/api/instances/{instanceId}/send`), or `*` for any.
    public var path: String
    /// The status to answer with; nil answers normally after `delayMs`.
    public var status: Int?
    /// How many requests it applies to; nil for every one until cleared.
    public var times: Int?
    /// Milliseconds to wait before answering (or dropping).
    public var delayMs: Int
    /// The body to answer with; nil uses the provider's error shape for `status`.
    public var body: String?
    /// The media type of `body`.
    public var contentType: String?
    /// Break the connection: a 200 head and one byte of a longer body, then close (so clients report
    /// a lost connection rather than retrying silently).
    public var drop: Bool

    /// Creates a fault.
    public init(method: String? = nil, path: String, status: Int? = nil, times: Int? = nil, delayMs: Int = 0,
                body: String? = nil, contentType: String? = nil, drop: Bool = false) {
        self.method = method?.uppercased()
        self.path = path
        self.status = status
        self.times = times
        self.delayMs = delayMs
        self.body = body
        self.contentType = contentType
        self.drop = drop
    }

    /// Reads the control API's JSON: `{"method","path","status","times","delayMs","body","contentType","drop"}`.
    public init(json: JSONValue) throws(ControlError) {
        guard let path = json["path"]?.stringValue, !path.isEmpty else {
            throw ControlError(status: 400, message: "fault needs a `path` (a path, a template or `*`)")
        }
        let method = json["method"]?.stringValue
        self.init(method: method == "*" ? nil : method, path: path, status: json["status"]?.intValue,
                  times: json["times"]?.intValue, delayMs: json["delayMs"]?.intValue ?? 0,
                  body: json["body"]?.stringValue, contentType: json["contentType"]?.stringValue,
                  drop: json["drop"]?.boolValue ?? false)
        if let status, !(100...599).contains(status) { throw ControlError(status: 400, message: "fault `status` must be 100...599") }
        if let times, times < 1 { throw ControlError(status: 400, message: "fault `times` must be at least 1") }
        if delayMs < 0 || delayMs > 60_000 { throw ControlError(status: 400, message: "fault `delayMs` must be 0...60000") }
    }

    /// The fault as JSON, in the control API's shape.
    public var json: JSONValue {
        ["method": JSONValue(method), "path": .string(path), "status": status.map(JSONValue.int) ?? .null,
         "times": times.map(JSONValue.int) ?? .null, "delayMs": .int(delayMs), "body": JSONValue(body),
         "contentType": JSONValue(contentType), "drop": .bool(drop)]
    }

    /// Whether this fault applies to a request.
    public func matches(method: String, path: String, template: String?) -> Bool {
        if let own = self.method, own != method.uppercased() { return false }
        return self.path == "*" || self.path == path || self.path == template
    }
}
