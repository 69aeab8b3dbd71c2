import Foundation

/// A phone number in E.164 form, held as its digits (country code first, no `+`).
///
/// `Phone` accepts the spellings that WhatsApp APIs and people use and rejects anything else with
/// a ``SwitchboardError`` of kind ``SwitchboardError/Kind/invalidRequest`` that says what was wrong:
///
/// ```swift
/// try Phone("+44 7700 900123")                  // 447700900123
/// try Phone("0044 7700 900123")                 // 447700900123
/// try Phone("447700900123@c.us")                // 447700900123
/// try Phone("447700900123:12@s.whatsapp.net")   // 447700900123 (device suffix dropped)
/// ```
///
/// A national number without its country code (`07700 900123`) is rejected: it is ambiguous.
public struct Phone: Hashable, Sendable, Codable, Comparable, CustomStringConvertible {
    /// The E.164 digits, country code first, without `+` (for example `447700900123`).
    public let digits: String

    /// Parses a phone number, a WhatsApp user JID (`@c.us`, `@s.whatsapp.net`) or an international
    /// spelling with `+` or `00`. Spaces, dots, dashes and parentheses are ignored.
    public init(_ text: String) throws(SwitchboardError) {
        if let digits = Self.plainDigits(text) {  // the usual spellings, read byte by byte
            self.digits = digits
            return
        }
        var candidate = Substring(text.trimmingCharacters(in: .whitespacesAndNewlines))
        guard !candidate.isEmpty else { throw Self.invalid(text, "it is empty") }

        if let at = candidate.firstIndex(of: "@") {
            let server = candidate[candidate.index(after: at)...].lowercased()
            guard server == "c.us" || server == "s.whatsapp.net" else {
                throw Self.invalid(text, "`@\(server)` is not a person's address (expected @c.us or @s.whatsapp.net)")
            }
            candidate = candidate[..<at]
            if let colon = candidate.firstIndex(of: ":") { candidate = candidate[..<colon] }  // device suffix
            guard !candidate.isEmpty, candidate.allSatisfy(\.isASCIIDigit) else {
                throw Self.invalid(text, "the part before @ must be digits")
            }
        }

        var digits = ""
        var sawPlus = false
        for (offset, character) in candidate.enumerated() {
            switch character {
            case "+" where offset == 0 && !sawPlus: sawPlus = true
            case " ", "-", ".", "(", ")", "\u{00A0}": continue
            case _ where character.isASCIIDigit: digits.append(character)
            default: throw Self.invalid(text, "`\(character)` is not allowed in a phone number")
            }
        }
        if !sawPlus && digits.hasPrefix("00") { digits.removeFirst(2) }
        else if !sawPlus && digits.hasPrefix("0") {
            throw Self.invalid(text, "it looks like a national number; add the country code (+44 7700 900123)")
        }
        guard let first = digits.first, first != "0" else {
            throw Self.invalid(text, "a country code never starts with 0")
        }
        guard (7...15).contains(digits.count) else {
            throw Self.invalid(text, "E.164 numbers have 7 to 15 digits, this has \(digits.count)")
        }
        self.digits = digits
    }

    /// The digits of the spellings providers send on every message (`+447700900123`,
    /// `447700900123`, `447700900123@c.us`, `447700900123:12@s.whatsapp.net`), read over the
    /// bytes without Foundation or grapheme breaking (issue 17: a webhook's decode spent half its
    /// time here). `nil` for anything else, which the full parser above reads or explains; what
    /// this accepts, the full parser accepts with the same digits (`PhoneTests`).
    private static func plainDigits(_ text: String) -> String? {
        let bytes = text.utf8
        var start = bytes.startIndex
        var end = bytes.endIndex
        guard start != end else { return nil }
        if bytes[start] == UInt8(ascii: "+") {
            start = bytes.index(after: start)
        } else if let at = bytes.firstIndex(of: UInt8(ascii: "@")) {
            let server = bytes[bytes.index(after: at)...]
            guard server.elementsEqual("c.us".utf8) || server.elementsEqual("s.whatsapp.net".utf8) else { return nil }
            end = bytes[..<at].firstIndex(of: UInt8(ascii: ":")) ?? at
        }
        let digits = bytes[start..<end]
        guard (7...15).contains(digits.count), let first = digits.first, first >= UInt8(ascii: "1"), first <= UInt8(ascii: "9"),
              digits.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) else { return nil }
        return String(text[start..<end])
    }

    /// Creates a phone from digits already known to be E.164 (for literals in code and tests).
    /// Traps if `digits` is not a valid number: use ``init(_:)`` for input from outside.
    public init(e164Digits digits: String) {
        do { self = try Phone(digits) } catch { preconditionFailure("invalid E.164 digits: \(digits)") }
    }

    /// `+` followed by the digits, as humans write E.164.
    public var e164: String { "+" + digits }

    /// The number in WhatsApp's person JID form, `digits@c.us`.
    public var jid: String { digits + "@c.us" }

    /// `+447700900123`.
    public var description: String { e164 }

    public static func < (lhs: Phone, rhs: Phone) -> Bool { lhs.digits < rhs.digits }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        do { self = try Phone(text) } catch {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: error.message))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(digits)
    }

    private static func invalid(_ text: String, _ reason: String) -> SwitchboardError {
        let shown = text.count > 40 ? String(text.prefix(40)) + "…" : text
        return .invalidRequest("not a phone number: \"\(shown)\": \(reason)")
    }
}

extension Character {
    var isASCIIDigit: Bool { asciiValue.map { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") } ?? false }
}
