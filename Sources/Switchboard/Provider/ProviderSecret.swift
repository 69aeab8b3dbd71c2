/// A provider credential that never shows itself: `print`, interpolation, `dump` and debug
/// descriptions all render it as ``Redaction/mask``. Every adapter keeps its keys and tokens in one.
package struct ProviderSecret: Sendable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// The secret itself, for the one place that must send it.
    package let value: String

    package init(_ value: String) { self.value = value }

    package var description: String { Redaction.mask }
    package var debugDescription: String { Redaction.mask }
    package var customMirror: Mirror { Mirror(self, children: [], displayStyle: .struct) }

    /// `text` with secret-named parameters redacted and every occurrence of the secret masked (a
    /// server may echo the URL or the header it was sent).
    package func scrub(_ text: String) -> String {
        let redacted = Redaction.redact(text)
        guard value.count >= 4 else { return redacted }
        return redacted.replacingOccurrences(of: value, with: Redaction.mask)
    }
}
