import EmulatorKit
import Foundation

/// Signs a body as Wawp does, through EmulatorKit (kept in its own file: EmulatorKit has a
/// `WebhookDelivery` of its own).
enum WebhookSignatureHex {
    static func sign(_ body: Data, secret: String) -> String {
        WebhookSignature.hmacSHA512Hex(body: body, secret: secret)
    }
}
