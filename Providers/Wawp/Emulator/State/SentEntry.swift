import EmulatorKit

/// One thing an instance delivered to WhatsApp: a message (shown as it is now, acks and edits
/// included) or a signal without a message of its own (reaction, seen, typing, poll vote).
enum SentEntry: Sendable {
    /// A message, by bare id.
    case message(id: String)
    /// A signal, as the `sent` list shows it.
    case signal(JSONObject)
}
