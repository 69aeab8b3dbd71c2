import EmulatorKit

/// The WhatsApp account an instance is paired with (its credentials): kept by stop, cleared by logout.
struct WawpAccount: Sendable {
    /// The phone's digits.
    let phone: String
    /// The account's LID (`digits@lid`).
    let lid: String

    /// `phone@c.us`.
    var jid: String { phone + "@c.us" }

    /// The `me` object of session info and webhook envelopes.
    func me(pushName: String) -> JSONValue {
        ["id": .string(jid), "lid": .string(lid), "pushName": .string(pushName)]
    }
}
