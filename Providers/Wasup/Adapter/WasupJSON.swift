import Foundation
import Switchboard

/// Wasup's answers and webhook payloads are read as the core's schemaless `ProviderJSON`.
typealias WasupJSON = ProviderJSON

/// Builds a JSON object, leaving out `nil` values.
struct WasupObject {
    private(set) var fields: WasupJSON.Object = [:]

    subscript(key: String) -> String? {
        get { fields[key]?.string }
        set { fields[key] = newValue.map(WasupJSON.string) }
    }

    mutating func set(_ key: String, _ value: WasupJSON?) { fields[key] = value }

    var json: WasupJSON { .object(fields) }
}

/// Wasup's timestamps (ISO 8601, with or without fractional seconds or a `T`; epoch seconds or
/// milliseconds): the core's one reader.
typealias WasupDate = ProviderDate
