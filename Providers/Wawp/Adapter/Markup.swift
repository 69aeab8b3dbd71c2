import Foundation

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
