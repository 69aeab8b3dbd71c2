import Foundation
import Switchboard

/// A credential that never shows itself: `print`, string interpolation, `dump` and debug
/// descriptions all render it as ``Redaction/mask``.
struct WasupSecret: Sendable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// The secret itself, for the one place that must send it.
    let value: String

    init(_ value: String) { self.value = value }

    var description: String { Redaction.mask }
    var debugDescription: String { Redaction.mask }
    var customMirror: Mirror { Mirror(self, children: [], displayStyle: .struct) }

    /// `text` with every occurrence of the secret masked (a server may echo what it was sent).
    func scrub(_ text: String) -> String {
        guard value.count >= 4 else { return text }
        return text.replacingOccurrences(of: value, with: Redaction.mask)
    }
}
