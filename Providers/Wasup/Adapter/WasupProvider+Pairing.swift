import Foundation
import Switchboard

extension WasupProvider {
    /// `POST .../connect`: QR mode without a body, code mode with `pairingPhone`.
    ///
    /// Both go through `/connect` (rather than `/pair` for codes) because it honours kept
    /// credentials: an instance that was only disconnected comes back connected without pairing.
    /// When the answer holds no code yet, one `GET .../qr` looks for it; if it is still not ready
    /// the state is `PairingState/waiting(_:)`, and ``pairingState(_:)`` polls on.
    public func connect(_ id: String, method: PairingMethod) async throws(SwitchboardError) -> PairingState {
        let body: WasupJSON?
        switch method {
        case .qr:
            try capabilities.require(.pairingQR)
            body = nil
        case .code(let phone):
            try capabilities.require(.pairingCode)
            body = ["pairingPhone": .string(phone.digits)]
        }
        let reply = try await client.call(.post, WasupClient.instancePath(id, "/connect"), body: body)
        var fields = reply.json?["instance"] ?? [:]
        if let code = reply.json?["pairingCode"]?.nonEmptyString, case .object(var object) = fields {
            object["pairingCode"] = .string(code)
            fields = .object(object)
        }
        if let state = pairingState(from: fields, codeMode: body != nil), state.isSettled { return state }
        return try await pairingState(id)
    }

    /// `GET .../qr`; on 204 (no code to show) `GET .../connection` tells connected from not ready.
    public func pairingState(_ id: String) async throws(SwitchboardError) -> PairingState {
        let reply = try await client.call(.get, WasupClient.instancePath(id, "/qr"))
        if reply.response.mediaType == "image/png", !reply.response.body.isEmpty {
            return .qr(QRCode(png: reply.response.body))
        }
        if let json = reply.json, let state = pairingState(from: json, codeMode: false), state.isSettled { return state }
        let connection = try await connectionStatus(id)
        if connection.status == .connected { return .connected(connection.phone) }
        if let code = connection.code { return code }
        return .waiting(connection.status)
    }

    /// `POST .../disconnect`: the session stops, the credentials stay.
    public func disconnect(_ id: String) async throws(SwitchboardError) {
        _ = try await client.call(.post, WasupClient.instancePath(id, "/disconnect"))
    }

    /// `POST .../clear-auth`: the session stops and the credentials go; the next connect pairs.
    public func logout(_ id: String) async throws(SwitchboardError) {
        try capabilities.require(.logout)
        _ = try await client.call(.post, WasupClient.instancePath(id, "/clear-auth"))
    }

    /// The neutral status of an instance from `GET .../connection`, with the phone and any code
    /// on offer.
    func connectionStatus(_ id: String) async throws(SwitchboardError) -> (status: InstanceStatus, phone: Phone?, code: PairingState?) {
        let reply = try await client.call(.get, WasupClient.instancePath(id, "/connection"))
        guard let json = reply.json, let word = json["status"]?.string else {
            throw invalid("connection status answered without `status`", status: reply.status)
        }
        let code = pairingCode(in: json)
        return (WasupStatus.map(word, hasCode: code != nil), phone(json.first("phone", "connectedPhone")), code)
    }

    /// A pairing state from an object with `status`, `qrCode`, `pairingCode` and a phone, as
    /// `/qr`, `/connection` and the `Instance` schema share them. `nil` for an empty object.
    func pairingState(from json: WasupJSON, codeMode: Bool) -> PairingState? {
        guard json.isObject else { return nil }
        let code = pairingCode(in: json, preferCode: codeMode)
        let status = WasupStatus.map(json["status"]?.string, hasCode: code != nil)
        switch status {
        case .connected: return .connected(phone(json.first("phone", "connectedPhone")))
        case .pairing: return code ?? .waiting(.starting)
        default: return .waiting(status)
        }
    }

    /// The QR or pairing code an object offers.
    private func pairingCode(in json: WasupJSON, preferCode: Bool = false) -> PairingState? {
        let pairing = json["pairingCode"]?.nonEmptyString.map(PairingState.code)
        let qr = json["qrCode"]?.nonEmptyString.map { PairingState.qr(Self.qrCode($0)) }
        return preferCode ? (pairing ?? qr) : (qr ?? pairing)
    }

    /// Wasup's `qrCode`, which the `Instance` schema documents as "Base64 QR code": bare base64
    /// of an image (the documented form) or a `data:image/...;base64,` URL (what deployments also
    /// answer) becomes the image; anything else is taken as the QR's own text.
    static func qrCode(_ text: String) -> QRCode {
        if text.hasPrefix("data:"), let comma = text.firstIndex(of: ","),
           text[..<comma].hasSuffix(";base64"), let png = Data(base64Encoded: String(text[text.index(after: comma)...])) {
            return QRCode(png: png)
        }
        if let image = imageBytes(base64: text) { return QRCode(png: image) }
        return QRCode(value: text)
    }

    /// The bytes of bare base64 that decodes to a PNG or JPEG image; nil otherwise (a QR's own
    /// text, `2@...`, is not base64 of an image).
    private static func imageBytes(base64 text: String) -> Data? {
        guard text.count >= 12, let data = Data(base64Encoded: text, options: .ignoreUnknownCharacters) else { return nil }
        let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47], jpeg: [UInt8] = [0xFF, 0xD8, 0xFF]
        return data.starts(with: png) || data.starts(with: jpeg) ? data : nil
    }
}

extension PairingState {
    /// A code to show or a connection, as opposed to still waiting.
    fileprivate var isSettled: Bool {
        if case .waiting = self { false } else { true }
    }
}
