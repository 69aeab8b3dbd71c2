import Foundation
import Switchboard

extension WawpProvider {
    /// Starts the session and asks for a QR code or a pairing code.
    ///
    /// 1. `POST /v2/session/info`: `WORKING` is already `PairingState/connected(_:)`.
    /// 2. `STOPPED` → `POST /v2/session/start`; `FAILED` → `POST /v2/session/restart`.
    /// 3. While the session is `STARTING`, asks again, at most ``StartupPolling/attempts`` times,
    ///    ``StartupPolling/interval`` apart; still starting after that is `PairingState/waiting(_:)`.
    /// 4. QR: `GET /v2/auth/qr?format=raw` and `GET /v2/auth/qr-image`; code: `POST /v2/auth/request-code`
    ///    with `phone_number`. A 422 `session_unexpected_status` here means "not yet" and is asked again
    ///    within the same bound.
    public func connect(_ id: String, method: PairingMethod) async throws(SwitchboardError) -> PairingState {
        switch method {
        case .qr: try require(.pairingQR)
        case .code: try require(.pairingCode)
        }
        var info = try await sessionInfo(id)
        var stale = false
        switch info.status {
        case .connected: return .connected(info.phone)
        case .disconnected:
            _ = try await client.call(.post, "/v2/session/start", instance: id)
            stale = true
        case .failed:
            try await restart(id)
            stale = true
        case .starting, .pairing: break
        }
        var attempt = 1
        while true {
            if stale { info = try await sessionInfo(id) }
            stale = true
            switch info.status {
            case .connected: return .connected(info.phone)
            case .pairing:
                do {
                    switch method {
                    case .qr: return .qr(try await qrCode(id, known: info.qr))
                    case .code(let phone): return .code(try await requestCode(id, phone: phone))
                    }
                } catch where error.kind == .instanceNotReady {
                    guard attempt < startupPolling.attempts else { throw error }
                }
            case .starting, .disconnected, .failed:
                // Just started or restarted: Wawp may still report the old status for a moment.
                guard attempt < startupPolling.attempts else { return .waiting(info.status) }
            }
            attempt += 1
            do { try await Task.sleep(for: startupPolling.interval) } catch {
                throw SwitchboardError.transport(.cancelled, "connect \(id) was cancelled while waiting for the session").from(provider: name)
            }
        }
    }

    /// Where pairing stands: `POST /v2/session/info`, and for `SCAN_QR_CODE` the current QR
    /// (`GET /v2/auth/qr` and `/v2/auth/qr-image`).
    public func pairingState(_ id: String) async throws(SwitchboardError) -> PairingState {
        let info = try await sessionInfo(id)
        switch info.status {
        case .connected: return .connected(info.phone)
        case .pairing:
            do { return .qr(try await qrCode(id, known: info.qr)) } catch where error.kind == .instanceNotReady {
                return .waiting(.starting)
            }
        case .starting, .disconnected, .failed: return .waiting(info.status)
        }
    }

    /// `POST /v2/session/stop`: the session stops and keeps its credentials.
    public func disconnect(_ id: String) async throws(SwitchboardError) {
        _ = try await client.call(.post, "/v2/session/stop", instance: id)
    }

    /// `POST /v2/session/restart`: stops and starts the session, keeping its credentials.
    public func restart(_ id: String) async throws(SwitchboardError) {
        _ = try await client.call(.post, "/v2/session/restart", instance: id)
    }

    /// `POST /v2/session/logout`: the session forgets its credentials; the next connect pairs again.
    public func logout(_ id: String) async throws(SwitchboardError) {
        try require(.logout)
        _ = try await client.call(.post, "/v2/session/logout", instance: id)
    }

    /// The QR value (`GET /v2/auth/qr?format=raw` → `{value}`) and its PNG (`GET /v2/auth/qr-image`),
    /// at least one of them.
    func qrCode(_ id: String, known: String?) async throws(SwitchboardError) -> QRCode {
        let value = try await qrValue(id) ?? known.flatMap { Self.imageData($0) == nil ? $0 : nil }
        let png: Data?
        do { png = try await qrImage(id) } catch where value != nil && error.kind != .unauthorized {
            logger.debug("wawp qr image unavailable", metadata: ["provider": "\(name)", "error": "\(error)"])
            png = nil
        }
        guard value != nil || png != nil else {
            throw invalid("GET /v2/auth/qr and GET /v2/auth/qr-image answered without a QR value or image for \(id) "
                          + "(the spec documents only a plain-text success there; the adapter reads WAHA's `{value}` and image)")
        }
        return QRCode(value: value, png: png)
    }

    /// `GET /v2/auth/qr?format=raw`: `{value}` (or `{qr}`, `{code}`); WAHA's `{mimetype, data}`
    /// with `data` the base64 of `{"value": …}`; or the value as plain text.
    private func qrValue(_ id: String) async throws(SwitchboardError) -> String? {
        let reply = try await client.call(.get, "/v2/auth/qr", instance: id, query: [("format", "raw")])
        if let json = reply.json {
            if let value = json.first("value", "qr", "code", "raw")?.nonEmptyString ?? json[path: "data.value"]?.nonEmptyString {
                return value
            }
            guard json["mimetype"]?.string?.lowercased().contains("json") == true,
                  let encoded = json["data"]?.nonEmptyString,
                  let decoded = Data(base64Encoded: encoded, options: .ignoreUnknownCharacters) else { return nil }
            return WawpJSON.parseContainer(decoded)?.first("value", "qr")?.nonEmptyString
        }
        guard let text = reply.text, !text.hasPrefix("Success") else { return nil }
        return text
    }

    /// `GET /v2/auth/qr-image`: PNG bytes, or JSON with base64 `data` / a `data:` URL in `qr`.
    private func qrImage(_ id: String) async throws(SwitchboardError) -> Data? {
        let reply = try await client.call(.get, "/v2/auth/qr-image", instance: id)
        if reply.response.mediaType?.hasPrefix("image/") == true || reply.response.body.starts(with: Self.pngSignature) {
            return reply.response.body.isEmpty ? nil : reply.response.body
        }
        guard let json = reply.json, let text = json.first("data", "qr", "image", "base64")?.nonEmptyString else { return nil }
        return Self.imageData(text)
    }

    /// `POST /v2/auth/request-code?phone_number=` → `{code}` (or `{pairingCode}`), or the code as text.
    private func requestCode(_ id: String, phone: Phone) async throws(SwitchboardError) -> String {
        let reply = try await client.call(.post, "/v2/auth/request-code", instance: id, query: [("phone_number", phone.digits)])
        if let code = reply.json?.first("code", "pairingCode", "pairing_code")?.nonEmptyString
            ?? reply.json?[path: "data.code"]?.nonEmptyString {
            return code
        }
        if let text = reply.text, !text.hasPrefix("Success"), text.count <= 16 { return text }
        throw client.unreadable(reply, "/v2/auth/request-code", expected: "a pairing `code`")
    }

    private static let pngSignature = Data([0x89, 0x50, 0x4E, 0x47])

    /// Base64 image bytes, with or without a `data:image/png;base64,` prefix; `nil` if not base64 of an image.
    static func imageData(_ text: String) -> Data? {
        var payload = Substring(text)
        if payload.hasPrefix("data:"), let comma = payload.firstIndex(of: ",") { payload = payload[payload.index(after: comma)...] }
        guard let data = Data(base64Encoded: String(payload), options: .ignoreUnknownCharacters), data.count > 8,
              data.starts(with: pngSignature) || data.starts(with: [0xFF, 0xD8]) else { return nil }
        return data
    }
}
