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
        } else if let json = WawpJSON.parse(body) {
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
                recommendation = String(message[range.lowerBound...].dropFirst())
                if recommendation?.hasPrefix("Recommendation: ") == true { recommendation = String(recommendation!.dropFirst(16)) }
                message = String(message[..<range.lowerBound])
                break
            }
        }
        let line = message.replacingOccurrences(of: "\n", with: " ").trimmingCharacters(in: .whitespaces)
        return WawpErrorBody(format: .text, code: code, message: line.isEmpty ? nil : String(line.prefix(300)),
                             recommendation: recommendation)
    }
}

/// A forgiving reader for the small XML and HTML documents Wawp sends: it finds elements by name,
/// strips nested tags, unwraps CDATA and decodes entities. It never fails; a missing or unclosed
/// element is `nil`.
enum Markup {
    /// The text of the first `<name>` element.
    static func element(_ name: String, in text: String) -> String? {
        elements(name, in: text, limit: 1).first
    }

    /// The texts of the `<name>` elements, in order (empty ones included as "").
    static func elements(_ name: String, in text: String, limit: Int = .max) -> [String] {
        var found: [String] = []
        var searchStart = text.startIndex
        while found.count < limit, let open = openingTag(name, in: text, from: searchStart) {
            guard let close = text.range(of: "</\(name)", options: .caseInsensitive, range: open.upperBound..<text.endIndex) else { break }
            found.append(plainText(String(text[open.upperBound..<close.lowerBound])))
            searchStart = close.upperBound
        }
        return found
    }

    /// The range of `<name>` or `<name attr…>` (not `<namespace…>`), from `start`.
    private static func openingTag(_ name: String, in text: String, from start: String.Index) -> Range<String.Index>? {
        var from = start
        while let range = text.range(of: "<\(name)", options: .caseInsensitive, range: from..<text.endIndex) {
            guard range.upperBound < text.endIndex else { return nil }
            let next = text[range.upperBound]
            if next == ">" { return range.lowerBound..<text.index(after: range.upperBound) }
            if next == " " || next == "\t" || next == "\n" || next == "\r" {
                guard let end = text[range.upperBound...].firstIndex(of: ">") else { return nil }
                if text[text.index(before: end)] == "/" { from = end; continue }  // `<name/>`: empty
                return range.lowerBound..<text.index(after: end)
            }
            from = range.upperBound
        }
        return nil
    }

    /// Markup to one line of text: CDATA unwrapped, tags removed, entities decoded, spaces collapsed.
    static func plainText(_ markup: String) -> String {
        var text = ""
        var rest = Substring(markup)
        while let open = rest.firstIndex(of: "<") {
            text += rest[..<open]
            let tail = rest[open...]
            if tail.hasPrefix("<![CDATA["), let end = tail.range(of: "]]>") {
                text += tail[tail.index(open, offsetBy: 9)..<end.lowerBound]
                rest = tail[end.upperBound...]
            } else if let close = tail.firstIndex(of: ">") {
                text += " "
                rest = tail[tail.index(after: close)...]
            } else {
                rest = tail.dropFirst()
            }
        }
        text += rest
        return decodeEntities(text).split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }

    /// `&amp;`, `&lt;`, `&gt;`, `&quot;`, `&apos;`, `&#39;`, `&#x27;`, … decoded; unknown ones kept.
    static func decodeEntities(_ text: String) -> String {
        guard text.contains("&") else { return text }
        var output = ""
        var rest = Substring(text)
        while let amp = rest.firstIndex(of: "&") {
            output += rest[..<amp]
            let tail = rest[amp...]
            if let semi = tail.prefix(12).firstIndex(of: ";") {
                let entity = tail[tail.index(after: amp)..<semi]
                if let decoded = decode(entity) {
                    output.append(decoded)
                    rest = tail[tail.index(after: semi)...]
                    continue
                }
            }
            output.append("&")
            rest = tail.dropFirst()
        }
        return output + rest
    }

    private static func decode(_ entity: Substring) -> Character? {
        switch entity {
        case "amp": return "&"
        case "lt": return "<"
        case "gt": return ">"
        case "quot": return "\""
        case "apos": return "'"
        case "nbsp": return " "
        default:
            guard entity.hasPrefix("#") else { return nil }
            let digits = entity.dropFirst()
            let value = digits.hasPrefix("x") || digits.hasPrefix("X") ? UInt32(digits.dropFirst(), radix: 16) : UInt32(digits)
            return value.flatMap(Unicode.Scalar.init).map(Character.init)
        }
    }
}
