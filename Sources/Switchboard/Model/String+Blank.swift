/// Cheap checks for text that arrives on every request or delivery, without Foundation's
/// `trimmingCharacters`, which bridges through `NSString` (issue 17: a tenth of a send's adapter
/// work was two such calls).
extension StringProtocol {
    /// Whether the text is empty or only white space and line breaks (Unicode `White_Space`).
    /// Stops at the first other character, so ordinary text answers at once.
    package var isBlank: Bool {
        // Text that starts with a visible ASCII character, the usual case, is answered from its
        // first byte, without building a Character.
        if let first = utf8.first, first > 0x20, first < 0x7F { return false }
        return allSatisfy(\.isWhitespace)
    }
}

extension Substring {
    /// The text without leading and trailing spaces and tabs: HTTP's optional white space around a
    /// header value or parameter (RFC 9110 §5.6.3).
    package var trimmingHTTPSpace: Substring {
        var text = self
        while let first = text.utf8.first, first == UInt8(ascii: " ") || first == UInt8(ascii: "\t") { text = text.dropFirst() }
        while let last = text.utf8.last, last == UInt8(ascii: " ") || last == UInt8(ascii: "\t") { text = text.dropLast() }
        return text
    }
}
