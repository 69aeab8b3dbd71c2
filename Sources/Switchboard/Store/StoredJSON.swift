import Foundation

/// The JSON text of what the stores keep (inbound events, outbound messages, pacing ledgers,
/// handoff settings), and its reading back.
///
/// The text is what `JSONEncoder` with `[.sortedKeys, .withoutEscapingSlashes]` writes, byte for
/// byte, so equal values give equal text. `ProviderJSONEncoder` writes it for the types it can
/// (all of Switchboard's own), and `JSONEncoder` itself for the rest: encoding an event with
/// `JSONEncoder` was a quarter of a webhook delivery's cost (issue 17).
package enum StoredJSON {
    private static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()

    /// `value` as JSON text; throws what `JSONEncoder` throws for it.
    package static func text<T: Encodable>(_ value: T) throws -> String {
        if let json = ProviderJSONEncoder.encode(value) { return json.text }
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    /// Decodes text written by ``text(_:)``.
    package static func decode<T: Decodable>(_ type: T.Type, json text: String) throws -> T {
        try JSONDecoder().decode(type, from: Data(text.utf8))
    }
}
