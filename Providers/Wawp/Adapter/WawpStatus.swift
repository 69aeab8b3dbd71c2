import Switchboard

/// Wawp's (WAHA's) session statuses in the neutral five words.
enum WawpStatus {
    /// `STOPPED` → disconnected, `STARTING` → starting, `SCAN_QR_CODE` → pairing,
    /// `WORKING` → connected, `FAILED` → failed; case and spacing ignored. `DISCONNECTED` and
    /// `LOGOUT`, which the spec's prose names as status-webhook events ("listen for the
    /// `DISCONNECTED` or `LOGOUT` event via our status webhooks ... prompt the user to re-scan the
    /// QR code"), → disconnected. Anything else is `nil`.
    static func status(_ text: String) -> InstanceStatus? {
        switch text.trimmingCharacters(in: .whitespaces).uppercased() {
        case "STOPPED", "DISCONNECTED", "LOGOUT", "LOGGED_OUT": .disconnected
        case "STARTING": .starting
        case "SCAN_QR_CODE", "SCAN_QR": .pairing
        case "WORKING": .connected
        case "FAILED": .failed
        default: nil
        }
    }

    /// The connected phone from a `me` object (`{"id": "447700900123@c.us", ...}`), when it names a person.
    static func phone(fromMe me: WawpJSON?) -> Phone? {
        guard let id = (me?["id"]?.nonEmptyString ?? me?.nonEmptyString) else { return nil }
        return try? Phone(id)
    }
}
