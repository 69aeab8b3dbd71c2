import EmulatorKit
import Foundation

extension WasupEmulator {
    /// `GET /api/instances`.
    func listInstances(_ request: EmulatorRequest) -> EmulatorResponse {
        let instances = state.withLock { $0.orderedInstances }
        return .json(["success": true, "count": .int(instances.count), "instances": .array(instances.map { $0.json() })])
    }

    /// `POST /api/instances`: an empty instance, optionally with a custom id and settings.
    func createInstance(_ request: EmulatorRequest) -> EmulatorResponse {
        let body = bodyObject(request)
        let custom = body["id"]?.stringValue
        if let custom, !WasupIdentifiers.isValidInstanceId(custom) {
            return failure(400, "Invalid instance id: use 1-64 letters, digits, _ or -")
        }
        let id = custom ?? WasupIdentifiers.instanceId()
        var instance = WasupInstance(id: id, name: body["name"]?.stringValue ?? id)
        if let error = configure(&instance, with: body) { return failure(400, error) }
        return state.withLock { state in
            guard state.instances[id] == nil else { return failure(400, "Instance \(id) already exists") }
            state.insert(instance)
            return .json(["success": true, "instance": instance.json()], status: 201)
        }
    }

    /// Applies `name`, `webhookUrl`, `behaviorSettings` and `antiBanSettings`; an error message if invalid.
    func configure(_ instance: inout WasupInstance, with body: JSONObject) -> String? {
        var next = instance
        if let name = body["name"]?.stringValue {
            guard !name.trimmingCharacters(in: .whitespaces).isEmpty else { return "name must not be empty" }
            next.name = name
        }
        if let webhook = body["webhookUrl"] {
            let url = webhook.stringValue ?? ""
            if !url.isEmpty, !Self.isHTTPURL(url) { return "webhookUrl must be an http(s) URL" }
            next.webhookUrl = url.isEmpty ? nil : url
        }
        if let behavior = body["behaviorSettings"], behavior != .null, let error = next.behavior.apply(behavior) { return error }
        if let antiBan = body["antiBanSettings"], antiBan != .null, let error = next.antiBan.apply(antiBan) { return error }
        instance = next
        return nil
    }

    static func isHTTPURL(_ text: String) -> Bool {
        guard let url = URL(string: text), let scheme = url.scheme?.lowercased(), url.host != nil else { return false }
        return scheme == "http" || scheme == "https"
    }

    /// `GET /api/instances/{id}`.
    func getInstance(_ request: EmulatorRequest) -> EmulatorResponse {
        withInstance(request) { instance, _ in .json(["success": true, "instance": instance.json()]) }
    }

    /// `PUT /api/instances/{id}`.
    func updateInstance(_ request: EmulatorRequest) -> EmulatorResponse {
        withInstance(request) { instance, _ in
            if let error = configure(&instance, with: bodyObject(request)) { return failure(400, error) }
            instance.log("Settings updated")
            return .json(["success": true, "instance": instance.json()])
        }
    }

    /// `DELETE /api/instances/{id}`: gone, with its credentials, history and logs.
    func deleteInstance(_ request: EmulatorRequest) -> EmulatorResponse {
        let id = instanceId(request)
        return state.withLock { state in
            guard state.instances[id] != nil else { return instanceNotFound(request) }
            state.remove(id)
            return .json(["success": true, "message": .string("Instance \(id) deleted")])
        }
    }

    /// `POST /api/onboard`: reuse the instance of this phone, or create one and start code pairing.
    func onboard(_ request: EmulatorRequest) -> EmulatorResponse {
        let body = bodyObject(request)
        guard let phone = body["phone"]?.stringValue.flatMap(WasupIdentifiers.phoneDigits) else {
            return failure(400, "Invalid phone number: use the number with country code")
        }
        return state.withLock { state in
            if var existing = state.orderedInstances.first(where: { $0.connectedPhone == phone || $0.savedPhone == phone || $0.pairingPhone == phone }) {
                if existing.status == .disconnected, existing.savedPhone == phone {
                    existing.markConnected(phone: phone)
                    state.instances[existing.id] = existing
                }
                let message = existing.status == .connected ? "Instance already exists for this phone number"
                    : "Instance already exists for this phone number; enter code \(existing.pairingCode ?? "") in WhatsApp > Linked Devices > Link a Device"
                return .json(["success": true, "instanceId": .string(existing.id), "pairingCode": JSONValue(existing.pairingCode),
                              "status": .string(existing.status.rawValue), "message": .string(message)])
            }
            let id = WasupIdentifiers.instanceId()
            var instance = WasupInstance(id: id, name: body["name"]?.stringValue ?? phone)
            var settings = body
            settings["name"] = nil
            if let error = configure(&instance, with: settings) { return failure(400, error) }
            instance.profileName = body["profileName"]?.stringValue
            instance.profileStatus = body["profileStatus"]?.stringValue
            let code = startCodePairing(&instance, phone: phone)
            state.insert(instance)
            return .json(["success": true, "instanceId": .string(id), "pairingCode": .string(code), "status": "connecting",
                          "message": .string("Enter code \(code) in WhatsApp > Linked Devices > Link a Device")], status: 201)
        }
    }
}
