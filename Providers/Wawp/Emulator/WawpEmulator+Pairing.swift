import EmulatorKit
import Foundation

extension WawpEmulator {
    /// The 422 for a pairing request outside `SCAN_QR_CODE`; a FAILED session restarts, and its
    /// answer is the spec's documented example.
    private func notPairable(_ call: inout WawpCall, _ instance: inout WawpInstance) -> EmulatorResponse {
        let current = instance.status
        if current == .failed { boot(&call.events, &instance) }
        return errors.sessionUnexpectedStatus(current: current, expected: [.scanQRCode], autoRestart: current == .failed)
    }

    /// `/v2/auth/qr`: `{mimetype, data}`; raw (default) carries base64 JSON `{value, expiry}`,
    /// `format=image` a base64 PNG.
    func qr(_ call: inout WawpCall, _ instance: inout WawpInstance) -> EmulatorResponse {
        guard instance.status == .scanQRCode, let value = instance.qr else { return notPairable(&call, &instance) }
        if call.params.present("format")?.lowercased() == "image" {
            return success(["mimetype": "image/png", "data": .string(QRPlaceholderImage.png(for: value).base64EncodedString())], call)
        }
        let payload: JSONValue = ["value": .string(value), "expiry": .int(EmulatorClock.milliseconds() + 60_000)]
        return success(["mimetype": "application/json", "data": .string(payload.data.base64EncodedString())], call)
    }

    /// `/v2/auth/qr-image`: `{qr: "data:image/png;base64,..."}`.
    func qrImage(_ call: inout WawpCall, _ instance: inout WawpInstance) -> EmulatorResponse {
        guard instance.status == .scanQRCode, let value = instance.qr else { return notPairable(&call, &instance) }
        return success(["qr": .string(QRPlaceholderImage.dataURL(for: value))], call)
    }

    /// `/v2/auth/request-code`: `{code: "ABCD-1234"}` for `phone_number`, which the phone then
    /// confirms through the control API.
    func requestCode(_ call: inout WawpCall, _ instance: inout WawpInstance) -> EmulatorResponse {
        guard instance.status == .scanQRCode else { return notPairable(&call, &instance) }
        let raw = call.params.string("phone_number") ?? ""
        guard let phone = WawpIdentifiers.phoneDigits(raw) else {
            return errors.invalidParameter("phone_number", value: raw, operation: call.operation)
        }
        let code = WawpIdentifiers.pairingCode()
        instance.pairing = (phone, code)
        return success(["code": .string(code)], call)
    }

    /// Completes pairing: the account is the phone's, the session `WORKING`.
    func pair(_ phone: String, _ events: inout WawpEvents, _ instance: inout WawpInstance) {
        instance.account = WawpAccount(phone: phone, lid: WawpIdentifiers.lid(for: phone))
        instance.know(phone)
        setStatus(.working, &events, &instance)
    }
}
