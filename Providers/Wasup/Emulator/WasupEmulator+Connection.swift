import EmulatorKit
import Foundation

extension WasupEmulator {
    /// Starts code pairing for `phone` (or keeps the code already issued for it) and returns the code.
    func startCodePairing(_ instance: inout WasupInstance, phone: String) -> String {
        if instance.status == .connecting, instance.pairingPhone == phone, let code = instance.pairingCode { return code }
        let code = WasupIdentifiers.pairingCode()
        instance.status = .connecting
        instance.qrPayload = nil
        instance.pairingPhone = phone
        instance.pairingCode = code
        instance.log("Pairing code \(code) issued for \(phone)")
        return code
    }

    /// Starts QR pairing (or keeps the QR already shown).
    func startQRPairing(_ instance: inout WasupInstance) {
        if instance.status == .connecting, instance.qrPayload != nil { return }
        instance.status = .connecting
        instance.pairingCode = nil
        instance.pairingPhone = nil
        instance.qrPayload = "2@" + WasupIdentifiers.random(43, from: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")
            + "," + WasupIdentifiers.random(43, from: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/") + "=,\(instance.id)"
        // The spec says "Base64 QR code"; deployments also answer a data: URL. It shows at once,
        // or (with a seed) after a few more requests.
        instance.bareQR = choices.literal || chooser.flip()
        instance.qrHiddenRequests = chooser.int(in: 0...3)
        instance.log("QR code generated, waiting for scan")
    }

    /// `POST .../connect`: saved credentials reconnect at once; else QR mode, or code mode with `pairingPhone`.
    func connect(_ request: EmulatorRequest) -> EmulatorResponse {
        let pairingPhone = bodyObject(request)["pairingPhone"]?.stringValue
        return withInstance(request) { instance, _ in
            if instance.status == .connected {
                return .json(["success": true, "message": "Already connected", "pairingCode": nil, "instance": instance.json()])
            }
            if let saved = instance.savedPhone {
                instance.markConnected(phone: saved)
                applyPendingProfile(&instance)
                return .json(["success": true, "message": "Reconnected with saved credentials", "pairingCode": nil,
                              "instance": instance.json()])
            }
            if let pairingPhone {
                guard let phone = WasupIdentifiers.phoneDigits(pairingPhone) else {
                    return failure(400, "Invalid pairingPhone: use the number with country code, no +")
                }
                let code = startCodePairing(&instance, phone: phone)
                return .json(["success": true, "message": "Connection started (pairing code mode)", "pairingCode": .string(code),
                              "instance": instance.json()])
            }
            startQRPairing(&instance)
            return .json(["success": true, "message": "Connection started (QR mode)", "pairingCode": nil, "instance": instance.json()])
        }
    }

    /// `POST .../pair`: a pairing code for `phoneNumber`, starting the connection if needed.
    func pair(_ request: EmulatorRequest) -> EmulatorResponse {
        let raw = bodyObject(request)["phoneNumber"]?.stringValue ?? ""
        return withInstance(request) { instance, _ in
            guard let phone = WasupIdentifiers.phoneDigits(raw) else {
                return failure(400, "Invalid phoneNumber: use the number with country code, no +")
            }
            if instance.status == .connected { return failure(400, "Instance is already connected") }
            let code = startCodePairing(&instance, phone: phone)
            return .json(["success": true, "pairingCode": .string(code),
                          "message": .string("Enter code \(code) in WhatsApp > Linked Devices > Link a Device"),
                          "instance": instance.json()])
        }
    }

    /// `GET .../qr`: the QR (JSON or `?format=image` PNG) or pairing code; 204 when there is none.
    func qr(_ request: EmulatorRequest) -> EmulatorResponse {
        withInstance(request) { instance, _ in
            if request.queryItem("format") == "image" {
                guard let payload = instance.qrPayload else { return .empty(status: 204) }
                return EmulatorResponse(status: 200, headers: [("Content-Type", "image/png")], body: QRPlaceholderImage.png(for: payload))
            }
            switch instance.status {
            case .connected:
                return .json(["success": true, "status": "connected", "qrCode": nil, "pairingCode": nil,
                              "phone": JSONValue(instance.connectedPhone), "message": "Already connected"])
            case .connecting where instance.qrPayload != nil || instance.pairingCode != nil:
                return .json(["success": true, "status": "connecting", "qrCode": JSONValue(instance.qrDataURL),
                              "pairingCode": JSONValue(instance.pairingCode), "phone": nil,
                              "message": instance.pairingCode != nil ? "Enter the pairing code in WhatsApp" : "Scan the QR code with WhatsApp"])
            default:
                return .empty(status: 204)
            }
        }
    }

    /// `GET .../connection`.
    func connection(_ request: EmulatorRequest) -> EmulatorResponse {
        withInstance(request) { instance, _ in .json(instance.connectionJSON()) }
    }

    /// `POST .../disconnect`: credentials kept unless `revoke`.
    func disconnect(_ request: EmulatorRequest) -> EmulatorResponse {
        let revoke = bodyObject(request)["revoke"]?.boolValue ?? false
        return withInstance(request) { instance, _ in
            instance.markDisconnected(dropCredentials: revoke)
            return .json(["success": true, "message": revoke ? "Disconnected and revoked" : "Disconnected", "instance": instance.json()])
        }
    }

    /// `POST .../clear-auth`: disconnected, credentials dropped.
    func clearAuth(_ request: EmulatorRequest) -> EmulatorResponse {
        withInstance(request) { instance, _ in
            instance.markDisconnected(dropCredentials: true)
            return .json(["success": true, "message": "Auth cleared", "instance": instance.json()])
        }
    }

    /// Applies the profile name and About text given at onboarding, once connected.
    func applyPendingProfile(_ instance: inout WasupInstance) {
        if let name = instance.profileName { instance.log("Display name set to \(name)") }
        if let about = instance.profileStatus { instance.log("About text set to \(about)") }
    }
}
