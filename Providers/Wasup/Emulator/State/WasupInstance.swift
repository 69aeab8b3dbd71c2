import EmulatorKit
import Foundation

/// One emulated Wasup instance: a (possibly) linked phone and everything configured on it.
struct WasupInstance: Sendable {
    enum Status: String, Sendable { case disconnected, connecting, connected }

    let id: String
    var name: String
    let createdAt: Date

    var status: Status = .disconnected
    /// The QR payload while connecting in QR mode.
    var qrPayload: String?
    /// Whether `qrCode` is bare base64 (the spec's "Base64 QR code") rather than a `data:` URL.
    var bareQR = false
    /// Requests to this instance still to answer before the QR shows (`qrCode` null meanwhile).
    var qrHiddenRequests = 0
    /// Answer only fields the spec names (no `hasCredentials`).
    var specLiteral = false
    /// The pairing code while connecting in code mode, and the phone it was asked for.
    var pairingCode: String?
    var pairingPhone: String?
    /// The phone of the saved credentials: kept by disconnect, dropped by clear-auth and revoke.
    var savedPhone: String?
    var connectedPhone: String?
    var connectedAt: Date?

    var webhookUrl: String?
    var behavior = BehaviorSettings()
    var antiBan = AntiBanSettings.standard
    var sends: [(at: Date, chat: String)] = []
    var messages: [WasupMessage] = []

    var handoff: [(chatId: String, since: Date)] = []
    var resumeKeywords = ["#ai", "#assistant", "#bot", "#resume"]
    var resumeMessage = ""

    var profileName: String?
    var profileStatus: String?
    var pictureUrl: String?

    var logs: [(id: String, timestamp: Date, message: String, level: String)] = []

    var antibanV2 = AntibanV2State()

    init(id: String, name: String, createdAt: Date = Date()) {
        self.id = id
        self.name = name
        self.createdAt = createdAt
        log("Instance created", level: "info")
    }

    mutating func log(_ message: String, level: String = "info") {
        let now = Date()
        logs.append((String(Int(now.timeIntervalSince1970 * 1000)) + "-\(logs.count)", now, message, level))
        if logs.count > 1000 { logs.removeFirst(logs.count - 1000) }
    }

    /// Connected: pairing state cleared, the phone saved as credentials.
    mutating func markConnected(phone: String) {
        status = .connected
        connectedPhone = phone
        savedPhone = phone
        connectedAt = Date()
        qrPayload = nil
        pairingCode = nil
        pairingPhone = nil
        log("Connected as \(phone)", level: "success")
    }

    /// Disconnected; credentials kept unless `dropCredentials`.
    mutating func markDisconnected(dropCredentials: Bool) {
        status = .disconnected
        connectedPhone = nil
        connectedAt = nil
        qrPayload = nil
        pairingCode = nil
        pairingPhone = nil
        if dropCredentials { savedPhone = nil }
        log(dropCredentials ? "Disconnected, credentials cleared" : "Disconnected", level: "warning")
    }

    /// The QR as `qrCode` carries it: a `data:` URL, or bare base64; nil while none shows.
    var qrDataURL: String? {
        guard qrHiddenRequests == 0, let qrPayload else { return nil }
        let url = QRPlaceholderImage.dataURL(for: qrPayload)
        guard bareQR, let comma = url.firstIndex(of: ",") else { return url }
        return String(url[url.index(after: comma)...])
    }

    /// The spec's `Instance` schema, plus `hasCredentials`.
    func json(now: Date = Date()) -> JSONValue {
        guard case .object(var object) = fullJSON(now: now) else { return fullJSON(now: now) }
        if specLiteral { object["hasCredentials"] = nil }
        // `webhookUrl` is a string in the schema, not nullable: absent when there is none.
        if webhookUrl == nil { object["webhookUrl"] = nil }
        return .object(object)
    }

    private func fullJSON(now: Date) -> JSONValue {
        ["id": .string(id), "name": .string(name), "status": .string(status.rawValue),
         "qrCode": JSONValue(qrDataURL), "pairingCode": JSONValue(pairingCode),
         "connectedPhone": JSONValue(connectedPhone), "connectedAt": JSONValue(connectedAt.map(WasupClock.iso)),
         "webhookUrl": JSONValue(webhookUrl), "behaviorSettings": behavior.json, "antiBanSettings": antiBan.json,
         "antiBanHealth": antiBan.health(sends: sends, now: now), "hasCredentials": .bool(savedPhone != nil),
         "createdAt": .string(WasupClock.iso(createdAt))]
    }

    /// The spec's `ConnectionStatus`.
    func connectionJSON(now: Date = Date()) -> JSONValue {
        ["success": true, "status": .string(status.rawValue), "phone": JSONValue(connectedPhone),
         "connectedAt": JSONValue(connectedAt.map(WasupClock.iso)),
         "uptime": connectedAt.map { .int(Int(now.timeIntervalSince($0))) } ?? .null,
         "pairingCode": JSONValue(pairingCode), "qrCode": JSONValue(qrDataURL)]
    }

    func message(id: String) -> WasupMessage? { messages.first { $0.matches(id: id) } }

    func isInHandoff(_ chatId: String) -> Bool { handoff.contains { $0.chatId == chatId } }

    var handoffSettingsJSON: JSONValue {
        ["resumeKeywords": .array(resumeKeywords.map(JSONValue.string)), "resumeMessage": .string(resumeMessage)]
    }
}
