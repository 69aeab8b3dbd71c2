import HTTPTypes

/// Removes secrets from text that may reach a log line, an error or a description.
///
/// Query parameters named like credentials (`access_token`, `token`, `apikey`, `api_key`, `key`,
/// and any name ending in `token`, `secret` or `password`) keep their name and lose their value;
/// credential headers are redacted by ``redactedHeaderValue(name:value:)``.
package enum Redaction {
    /// The text that replaces a secret.
    package static let mask = "<redacted>"

    /// Header names whose values are secrets.
    package static let secretHeaders: Set<String> = [
        "authorization", "x-api-key", "proxy-authorization", "cookie", "set-cookie", "x-webhook-hmac", "access-token",
    ]

    /// Whether a query or body parameter of this name holds a secret.
    package static func isSecretParameter(_ name: String) -> Bool {
        let lower = name.lowercased()
        if ["access_token", "token", "apikey", "api_key", "key", "secret", "password"].contains(lower) { return true }
        return lower.hasSuffix("token") || lower.hasSuffix("secret") || lower.hasSuffix("password") || lower.hasSuffix("apikey")
    }

    /// A header value fit to log.
    package static func redactedHeaderValue(name: String, value: String) -> String {
        secretHeaders.contains(name.lowercased()) ? mask : value
    }

    /// Header fields as `Name: value` lines fit to log, credential values redacted.
    package static func redactedLines(_ fields: HTTPFields) -> [String] {
        fields.map { "\($0.name.rawName): \(redactedHeaderValue(name: $0.name.canonicalName, value: $0.value))" }
    }

    /// `text` with the value of every secret-named `name=value` pair replaced by the mask.
    ///
    /// Works on URLs, query strings and form bodies anywhere inside a longer text.
    package static func redact(_ text: String) -> String {
        guard text.contains("=") else { return text }
        var output = ""
        output.reserveCapacity(text.utf8.count)
        var index = text.startIndex
        while index < text.endIndex {
            guard let equals = text[index...].firstIndex(of: "=") else {
                output += text[index...]
                break
            }
            // The parameter name: letters, digits, `_`, `-`, `.` right before `=`.
            var nameStart = equals
            while nameStart > index {
                let previous = text.index(before: nameStart)
                let character = text[previous]
                guard character.isLetter || character.isNumber || character == "_" || character == "-" || character == "." else { break }
                nameStart = previous
            }
            output += text[index...equals]
            var valueEnd = text.index(after: equals)
            while valueEnd < text.endIndex, !Self.endsValue(text[valueEnd]) { valueEnd = text.index(after: valueEnd) }
            let value = text[text.index(after: equals)..<valueEnd]
            if isSecretParameter(String(text[nameStart..<equals])) && !value.isEmpty {
                output += mask
            } else {
                output += value
            }
            index = valueEnd
        }
        return output
    }

    private static func endsValue(_ character: Character) -> Bool {
        character == "&" || character == " " || character == "\"" || character == "'" || character == "\n"
            || character == "#" || character == ")" || character == ">" || character == "," || character == ";"
    }
}
