import Foundation

/// What a Wawp error body says, whatever its format.
///
/// Wawp answers errors in a format that depends on the status and the route, and labels them all
/// `application/json`, so the format is read from the body itself:
///
/// | format | example | read |
/// |---|---|---|
/// | JSON | `{"code", "message", "details": {"recommendation", "retryAfter", "current_status"}}` | every field |
/// | XML | `<error><code/><message/><details><recommendation/></details></error>` | every element |
/// | HTML | `<title>500 …</title><h1/><p/>…<p><em>Recommendation: …</em></p>` | the first paragraph, the recommendation |
/// | text | `Error: missing_param. Missing required parameter: x. Please check …` | the code, the message, the advice |
///
/// Anything else (binary, empty, truncated markup) yields what could be read, never a failure.
struct WawpErrorBody: Hashable, Sendable {
    /// How the body was written.
    enum Format: String, Sendable { case json, xml, html, text, empty }

    var format: Format
    var code: String?
    var message: String?
    var recommendation: String?
    /// `details.retryAfter` (seconds), from a JSON body.
    var retryAfter: Duration?
    /// `details.current_status`, from a 422 JSON body.
    var currentStatus: String?

    init(format: Format, code: String? = nil, message: String? = nil, recommendation: String? = nil,
         retryAfter: Duration? = nil, currentStatus: String? = nil) {
        self.format = format
        self.code = code
        self.message = message
        self.recommendation = recommendation
        self.retryAfter = retryAfter
        self.currentStatus = currentStatus
    }

    /// Reads a body.
    init(_ body: Data) {
        let text = String(decoding: body, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        let lower = text.prefix(64).lowercased()
        if text.isEmpty {
            self.init(format: .empty)
        } else if let json = WawpJSON.parseContainer(body) {
            self = Self.json(json)
        } else if lower.hasPrefix("<!doctype html") || lower.hasPrefix("<html") {
            self = Self.html(text)
        } else if lower.hasPrefix("<?xml") || lower.hasPrefix("<error") || lower.hasPrefix("<") {
            self = Self.xml(text)
        } else {
            self = Self.plainText(text)
        }
    }

    // MARK: - JSON

    private static func json(_ json: WawpJSON) -> WawpErrorBody {
        // `{"error": {...}}` and `{"error": "text"}` wrap the same fields on some routes.
        let root = json["error"].flatMap { $0.isObject ? $0 : nil } ?? json
        let details = root["details"]
        let message = root.first("message", "error", "detail")?.nonEmptyString ?? json["error"]?.nonEmptyString
        let retry = (details?["retryAfter"] ?? root["retryAfter"])?.double.flatMap { seconds in
            seconds >= 0 && seconds.isFinite ? Duration.milliseconds(Int64(seconds * 1000)) : nil
        }
        return WawpErrorBody(
            format: .json,
            code: root.first("code", "error_code", "errorCode")?.nonEmptyString,
            message: message,
            recommendation: (details?["recommendation"] ?? root["recommendation"])?.nonEmptyString,
            retryAfter: retry,
            currentStatus: (details?["current_status"] ?? details?["currentStatus"])?.nonEmptyString
        )
    }

    // MARK: - XML

    private static func xml(_ text: String) -> WawpErrorBody {
        WawpErrorBody(
            format: .xml,
            code: Markup.element("code", in: text),
            message: Markup.element("message", in: text),
            recommendation: Markup.element("recommendation", in: text)
        )
    }

    // MARK: - HTML

    private static func html(_ text: String) -> WawpErrorBody {
        let paragraphs = Markup.elements("p", in: text)
        var recommendation: String?
        var message: String?
        for paragraph in paragraphs {
            if let range = paragraph.range(of: "recommendation:", options: [.caseInsensitive, .anchored]) {
                recommendation = recommendation ?? paragraph[range.upperBound...].trimmingCharacters(in: .whitespaces)
            } else if message == nil, !paragraph.isEmpty {
                message = paragraph
            }
        }
        let heading = Markup.element("h1", in: text) ?? Markup.element("title", in: text)
        return WawpErrorBody(format: .html, message: message ?? heading, recommendation: recommendation)
    }

    // MARK: - Plain text

    /// `Error: code. Message sentences. Please …` → code, message, recommendation.
    private static func plainText(_ text: String) -> WawpErrorBody {
        var rest = Substring(text)
        if let range = rest.range(of: "error:", options: [.caseInsensitive, .anchored]) {
            rest = rest[range.upperBound...].drop { $0 == " " }
        }
        var code: String?
        if let end = rest.firstIndex(where: { $0 == "." || $0 == ":" || $0 == " " }),
           rest[end] != " ",
           case let candidate = rest[..<end], !candidate.isEmpty,
           candidate.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }), candidate.contains("_") || candidate == candidate.lowercased() {
            code = String(candidate)
            rest = rest[rest.index(after: end)...].drop { $0 == " " }
        }
        var message = String(rest)
        var recommendation: String?
        for marker in [" Please ", " Recommendation: ", " Try ", " Check ", " Ensure "] {
            if let range = message.range(of: marker) {
                var advice = message[range.lowerBound...].dropFirst()
                if advice.hasPrefix("Recommendation: ") { advice = advice.dropFirst("Recommendation: ".count) }
                recommendation = String(advice)
                message = String(message[..<range.lowerBound])
                break
            }
        }
        let line = message.replacingOccurrences(of: "\n", with: " ").trimmingCharacters(in: .whitespaces)
        return WawpErrorBody(format: .text, code: code, message: line.isEmpty ? nil : String(line.prefix(300)),
                             recommendation: recommendation)
    }
}
