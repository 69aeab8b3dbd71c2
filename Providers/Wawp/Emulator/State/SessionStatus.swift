/// A Wawp (WAHA) session status, as `/v2/session/info` and `session.status` webhooks spell it.
public enum SessionStatus: String, Sendable, CaseIterable {
    /// Not running; credentials, if any, are kept.
    case stopped = "STOPPED"
    /// Booting; answers 422 to QR and send requests until it is up.
    case starting = "STARTING"
    /// Up and waiting to be paired by QR or code.
    case scanQRCode = "SCAN_QR_CODE"
    /// Paired and connected: sends are accepted.
    case working = "WORKING"
    /// Broken; a QR request triggers an automatic restart.
    case failed = "FAILED"
}
