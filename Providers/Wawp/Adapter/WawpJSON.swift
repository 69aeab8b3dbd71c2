import Foundation
import Switchboard

/// Wawp's answers and webhook envelopes (whose WAHA engines answer one operation in different
/// shapes) are read as the core's schemaless ``ProviderJSON``.
typealias WawpJSON = ProviderJSON

/// WAHA's timestamps: epoch seconds (messages) or milliseconds (event envelopes), or ISO 8601.
enum WawpDate {
    static func parse(_ value: WawpJSON?) -> Date? {
        guard let value else { return nil }
        if case .string(let text) = value, Double(text) == nil {
            if let date = ISO8601Timestamp.parse(text) { return date }  // the usual form, read directly
            return try? Date(text, strategy: Date.ISO8601FormatStyle(includingFractionalSeconds: text.contains(".")))
        }
        guard let number = value.double, number > 0, number.isFinite else { return nil }
        return Date(timeIntervalSince1970: number > 1e11 ? number / 1000 : number)
    }
}
