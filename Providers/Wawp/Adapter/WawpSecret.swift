import Switchboard

/// A credential that never shows itself: `print`, interpolation, `dump` and debug descriptions all
/// render it as ``Redaction/mask``.
struct WawpSecret: Sendable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// The secret itself, for the one place that must send it.
    let value: String

    init(_ value: String) { self.value = value }

    var description: String { Redaction.mask }
    var debugDescription: String { Redaction.mask }
    var customMirror: Mirror { Mirror(self, children: [], displayStyle: .struct) }

    /// `text` with every occurrence of the secret masked, and secret-named parameters redacted
    /// (a server may echo the URL it was sent).
    func scrub(_ text: String) -> String {
        let redacted = Redaction.redact(text)
        guard value.count >= 4 else { return redacted }
        return redacted.replacingOccurrences(of: value, with: Redaction.mask)
    }
}
