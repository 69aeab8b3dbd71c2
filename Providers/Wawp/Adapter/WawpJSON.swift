import Foundation
import Switchboard

/// Wawp's answers and webhook envelopes (whose WAHA engines answer one operation in different
/// shapes) are read as the core's schemaless `ProviderJSON`.
typealias WawpJSON = ProviderJSON

/// WAHA's timestamps (epoch seconds for messages, milliseconds for event envelopes, or ISO 8601):
/// the core's one reader.
typealias WawpDate = ProviderDate
