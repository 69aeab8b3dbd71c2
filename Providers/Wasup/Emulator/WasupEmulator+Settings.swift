import EmulatorKit
import Foundation

extension WasupEmulator {
    /// `GET .../profile`.
    func profile(_ request: EmulatorRequest) -> EmulatorResponse {
        withInstance(request) { instance, _ in
            .json(["success": true, "profile": [
                "phone": JSONValue(instance.connectedPhone), "connected": .bool(instance.status == .connected),
                "name": JSONValue(instance.profileName), "status": JSONValue(instance.profileStatus),
                "pictureUrl": JSONValue(instance.pictureUrl),
            ]])
        }
    }

    /// `PUT .../profile/name|status|picture` and `DELETE .../profile/picture`; the instance must be connected.
    func updateProfile(_ request: EmulatorRequest, field: String) -> EmulatorResponse {
        let body = bodyObject(request)
        return withInstance(request) { instance, _ in
            guard instance.status == .connected else { return failure(400, "Instance is not connected") }
            switch field {
            case "name":
                let name = body["name"]?.stringValue ?? ""
                guard !name.trimmingCharacters(in: .whitespaces).isEmpty, name.count <= 25 else {
                    return failure(400, "name must be 1 to 25 characters")
                }
                instance.profileName = name
                instance.log("Display name set to \(name)")
                return .json(["success": true, "message": .string("Display name updated to \"\(name)\"")])
            case "status":
                let about = body["status"]?.stringValue ?? ""
                guard about.count <= 139 else { return failure(400, "status must be at most 139 characters") }
                instance.profileStatus = about
                instance.log("About text set")
                return .json(["success": true, "message": .string("About text updated to \"\(about)\"")])
            case "picture":
                let url = body["imageUrl"]?.stringValue ?? ""
                guard Self.isHTTPURL(url) else { return failure(400, "imageUrl must be an http(s) URL") }
                instance.pictureUrl = url
                instance.log("Profile picture updated")
                return .json(["success": true, "message": "Profile picture updated"])
            default:
                instance.pictureUrl = nil
                instance.log("Profile picture removed")
                return .json(["success": true, "message": "Profile picture removed"])
            }
        }
    }

    /// `GET .../behavior`.
    func behavior(_ request: EmulatorRequest) -> EmulatorResponse {
        withInstance(request) { instance, _ in .json(["success": true, "behaviorSettings": instance.behavior.json]) }
    }

    /// `PUT .../behavior`.
    func updateBehavior(_ request: EmulatorRequest) -> EmulatorResponse {
        withInstance(request) { instance, _ in
            if let error = instance.behavior.apply(request.json ?? [:]) { return failure(400, error) }
            return .json(["success": true, "behaviorSettings": instance.behavior.json, "message": "Behavior settings updated"])
        }
    }

    /// `GET .../anti-ban`.
    func antiBan(_ request: EmulatorRequest) -> EmulatorResponse {
        withInstance(request) { instance, _ in
            .json(["success": true, "settings": instance.antiBan.json, "health": instance.antiBan.health(sends: instance.sends, now: Date())])
        }
    }

    /// `PUT .../anti-ban`: a preset and/or custom limits, enforced on the next send.
    func updateAntiBan(_ request: EmulatorRequest) -> EmulatorResponse {
        withInstance(request) { instance, _ in
            if let error = instance.antiBan.apply(request.json ?? [:]) { return failure(400, error) }
            instance.log("Anti-ban settings updated (\(instance.antiBan.preset))")
            return .json(["success": true, "settings": instance.antiBan.json, "health": instance.antiBan.health(sends: instance.sends, now: Date())])
        }
    }

    /// `GET /api/webhook`.
    func globalWebhook(_ request: EmulatorRequest) -> EmulatorResponse {
        let url = state.withLock { $0.defaultWebhookURL }
        return .json(["success": true, "defaultWebhookUrl": JSONValue(url),
                      "message": .string(url == nil ? "No global default webhook configured" : "Instances without their own webhook use this URL")])
    }

    private func webhookJSON(_ instance: WasupInstance, _ state: WasupState, message: String? = nil) -> JSONValue {
        var object: JSONObject = ["success": true, "instanceWebhookUrl": JSONValue(instance.webhookUrl),
                                  "effectiveWebhookUrl": JSONValue(state.effectiveWebhook(for: instance)),
                                  "usingGlobalDefault": .bool(instance.webhookUrl == nil && state.defaultWebhookURL != nil)]
        if let message { object["message"] = .string(message) }
        return .object(object)
    }

    /// `GET .../webhook`.
    func instanceWebhook(_ request: EmulatorRequest) -> EmulatorResponse {
        withInstance(request) { instance, state in .json(webhookJSON(instance, state)) }
    }

    /// `PUT .../webhook` `{webhookUrl}`; null or empty falls back to the global default.
    func updateInstanceWebhook(_ request: EmulatorRequest) -> EmulatorResponse {
        let url = request.field("webhookUrl")?.stringValue ?? ""
        return withInstance(request) { instance, state in
            if !url.isEmpty, !Self.isHTTPURL(url) { return failure(400, "webhookUrl must be an http(s) URL") }
            instance.webhookUrl = url.isEmpty ? nil : url
            instance.log(url.isEmpty ? "Webhook cleared" : "Webhook set to \(url)")
            return .json(webhookJSON(instance, state, message: url.isEmpty ? "Webhook cleared; using global default" : "Webhook updated"))
        }
    }

    /// `GET .../logs?limit`: newest first.
    func logs(_ request: EmulatorRequest) -> EmulatorResponse {
        let limit = min(200, max(1, request.queryItem("limit").flatMap { Int($0) } ?? 50))
        return withInstance(request) { instance, _ in
            .json(["success": true, "logs": .array(instance.logs.suffix(limit).reversed().map {
                ["id": .string($0.id), "timestamp": .string(WasupClock.iso($0.timestamp)), "message": .string($0.message),
                 "level": .string($0.level)]
            })])
        }
    }
}
