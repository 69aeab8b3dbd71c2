import EmulatorKit
import Foundation

extension WasupEmulator {
    /// `GET /api/health` (no auth).
    func health(_ request: EmulatorRequest) -> EmulatorResponse {
        let (uptime, total, connected) = state.withLock { state in
            (Date().timeIntervalSince(state.startedAt), state.instances.count,
             state.instances.values.filter { $0.status == .connected }.count)
        }
        return .json(["status": "ok", "uptime": .double((uptime * 10).rounded() / 10),
                      "instances": ["total": .int(total), "connected": .int(connected)]])
    }

    /// `GET /api/status`.
    func status(_ request: EmulatorRequest) -> EmulatorResponse {
        let instances = state.withLock { $0.orderedInstances }
        return .json(["success": true, "instanceCount": .int(instances.count), "instances": .array(instances.map {
            ["id": .string($0.id), "name": .string($0.name), "status": .string($0.status.rawValue), "phone": JSONValue($0.connectedPhone)]
        })])
    }

    /// `GET /api/storage/status`: uploads are kept in memory and served by the emulator.
    func storageStatus(_ request: EmulatorRequest) -> EmulatorResponse {
        .json(["success": true, "enabled": true, "container": "whatsapp-media"])
    }

    /// `POST /api/upload` `{data (base64 or data URL), mimeType, fileName?, instanceId?}`.
    func upload(_ request: EmulatorRequest) -> EmulatorResponse {
        let body = bodyObject(request)
        var encoded = body["data"]?.stringValue ?? ""
        if encoded.hasPrefix("data:"), let comma = encoded.firstIndex(of: ",") { encoded = String(encoded[encoded.index(after: comma)...]) }
        guard let data = Data(base64Encoded: encoded, options: .ignoreUnknownCharacters), !data.isEmpty else {
            return failure(400, "data must be non-empty base64")
        }
        let mimeType = body["mimeType"]?.stringValue ?? ""
        guard mimeType.contains("/") else { return failure(400, "mimeType must be a MIME type like image/jpeg") }
        let fileExtension = body["fileName"]?.stringValue.flatMap { name in name.split(separator: ".").last.map(String.init) }
            ?? String(mimeType.split(separator: "/").last ?? "bin")
        let folder = body["instanceId"]?.stringValue.flatMap { WasupIdentifiers.isValidInstanceId($0) ? $0 : nil } ?? "shared"
        let blobName = "\(folder)/uploads/\(EmulatorClock.seconds())-\(WasupIdentifiers.random(8, from: "0123456789abcdef")).\(fileExtension)"
        state.withLock { $0.uploads[blobName] = (data, mimeType) }
        let host = request.header("Host") ?? "127.0.0.1"
        return .json(["success": true, "url": .string("http://\(host)/__emulator/media/\(blobName)"), "blobName": .string(blobName)])
    }

    /// `POST /api/system/reload-behavior-from-disk`.
    func reloadBehavior(_ request: EmulatorRequest) -> EmulatorResponse {
        let ids = state.withLock { $0.order }
        return .json(["success": true, "count": .int(ids.count),
                      "results": .array(ids.map { ["instanceId": .string($0), "reloaded": true] })])
    }

    /// `POST /api/generate-api-key`: a fresh key, not persisted (as the spec says).
    func generateAPIKey(_ request: EmulatorRequest) -> EmulatorResponse {
        .json(["success": true, "apiKey": .string(WasupIdentifiers.apiKey()), "message": "Add this to your .env file as API_KEY=<key>"])
    }

    /// The `/api/instances/{id}/antiban-v2...` operations.
    func antibanV2(_ request: EmulatorRequest) -> EmulatorResponse {
        let suffix = (request.operationId ?? "").components(separatedBy: "antiban_v2").last ?? ""
        return withInstance(request) { instance, _ in
            let now = Date()
            let sentToday = instance.sends.filter { now.timeIntervalSince($0.at) < 86_400 }.count
            let warmup = instance.antibanV2.warmupJSON(createdAt: instance.createdAt, sentToday: sentToday, now: now)
            let health = instance.antibanV2.healthJSON(sentToday: sentToday, todayLimit: warmup["todayLimit"]?.intValue ?? 0)
            switch (request.method, suffix) {
            case ("GET", ""):
                return .json(["success": true, "antibanV2": [
                    "enabled": .bool(instance.antibanV2.enabled),
                    "running": .bool(instance.antibanV2.enabled && !instance.antibanV2.paused && instance.status == .connected),
                    "preset": .string(instance.antibanV2.preset), "health": health, "warmup": warmup,
                ]])
            case ("GET", "_config"):
                return .json(["success": true, "config": instance.antibanV2.configJSON])
            case ("PUT", "_config"):
                if let error = instance.antibanV2.apply(request.json ?? [:]) { return failure(400, error) }
                instance.log("Anti-Ban v2 config updated")
                return .json(["success": true, "config": instance.antibanV2.configJSON])
            case ("GET", "_health"):
                return .json(["success": true, "health": health])
            case ("GET", "_warmup"):
                return .json(["success": true, "warmup": warmup])
            case ("GET", "_lid_mappings"):
                let chats = Set(instance.messages.map(\.chatId)).filter { $0.hasSuffix("@s.whatsapp.net") }.sorted()
                let mappings: [JSONValue] = chats.map { chat in
                    let phone = String(chat.prefix { $0 != "@" })
                    return ["lid": .string(String(phone.reversed()) + "@lid"), "pn": .string(chat)]
                }
                return .json(["success": true, "count": .int(mappings.count), "mappings": .array(mappings)])
            case ("POST", "_pause"):
                instance.antibanV2.paused = true
                instance.log("Anti-Ban v2 paused", level: "warning")
                return .json(["success": true, "isPaused": true, "message": "Anti-Ban v2 enforcement paused"])
            case ("POST", "_resume"):
                instance.antibanV2.paused = false
                instance.log("Anti-Ban v2 resumed")
                return .json(["success": true, "isPaused": false, "message": "Anti-Ban v2 enforcement resumed"])
            case ("POST", "_reset"):
                instance.antibanV2 = AntibanV2State()
                instance.sends.removeAll()
                instance.log("Anti-Ban v2 state reset", level: "warning")
                return .json(["success": true, "message": "Anti-Ban v2 state reset to defaults", "config": instance.antibanV2.configJSON])
            default:
                return failure(404, "Not found: \(request.method) \(request.path)")
            }
        }
    }
}
