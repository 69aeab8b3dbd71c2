import Foundation

/// The control API under `/__emulator/`, the same for every provider, so a harness can play the
/// phone's side. Answers are JSON; failures are `{"error": message}`.
///
/// - `POST /__emulator/reset`
/// - `POST /__emulator/instances/{id}/scan` `{"phone"}`
/// - `POST /__emulator/instances/{id}/confirm-code` `{"code"}`
/// - `POST /__emulator/instances/{id}/inbound` `{"from","text","fromMe","mediaUrl","mimeType"}`
/// - `POST /__emulator/instances/{id}/ack` `{"messageId","status"}`
/// - `GET /__emulator/instances/{id}/sent`
/// - `POST /__emulator/webhook` `{"url","secret"}`
/// - `POST|GET|DELETE /__emulator/faults`
/// - `GET|DELETE /__emulator/requests`
/// - `GET /__emulator/webhooks`
/// - `POST /__emulator/sink`: answers 200 to any delivery (a default webhook target)
struct ControlAPI {
    let provider: any EmulatedProvider
    let log: RequestLog
    let faults: FaultStore

    func respond(to request: EmulatorRequest) async -> EmulatorResponse {
        do {
            if let answer = try await route(request) { return .json(answer) }
            if let response = await provider.control(request) { return response }
            return .json(["error": .string("unknown control route \(request.method) \(request.path)")], status: 404)
        } catch {
            return .json(["error": .string(error.message)], status: error.status)
        }
    }

    private func body(_ request: EmulatorRequest) throws(ControlError) -> JSONValue {
        if request.body.isEmpty { return .object(JSONObject()) }
        guard let json = request.json else { throw .badRequest("body is not valid JSON") }
        return json
    }

    /// The answer of a built-in route, or nil when no built-in route matches.
    private func route(_ request: EmulatorRequest) async throws(ControlError) -> JSONValue? {
        let parts = request.path.split(separator: "/").dropFirst().map { String($0).removingPercentEncoding ?? String($0) }
        if parts.count == 3, parts[0] == "instances" {
            return try await instanceRoute(request, instance: parts[1], action: parts[2])
        }
        switch (request.method, parts.joined(separator: "/")) {
        case ("POST", "sink"):
            // A webhook receiver that accepts anything, so harnesses need no listener of their own.
            return ["received": .bool(true)]
        case ("POST", "reset"):
            await provider.reset()
            log.clear()
            faults.clear()
            provider.webhooks?.clearLog()
            return ["reset": true]
        case ("POST", "webhook"):
            return try await provider.configureWebhook(WebhookConfiguration(json: body(request)))
        case ("POST", "faults"):
            let json = try body(request)
            let added = try (json.arrayValue ?? [json]).map { value throws(ControlError) in try Fault(json: value) }
            added.forEach(faults.add)
            return ["faults": .array(faults.all.map(\.json))]
        case ("GET", "faults"):
            return ["faults": .array(faults.all.map(\.json))]
        case ("DELETE", "faults"):
            faults.clear()
            return ["faults": []]
        case ("GET", "requests"):
            return ["requests": .array(log.entries.map(\.json))]
        case ("DELETE", "requests"):
            log.clear()
            return ["requests": []]
        case ("GET", "webhooks"):
            return ["webhooks": .array((provider.webhooks?.log ?? []).map(\.json))]
        default:
            return nil
        }
    }

    private func instanceRoute(_ request: EmulatorRequest, instance id: String, action: String) async throws(ControlError) -> JSONValue? {
        switch (request.method, action) {
        case ("POST", "scan"): try await provider.scan(instance: id, ScanRequest(json: body(request)))
        case ("POST", "confirm-code"): try await provider.confirmCode(instance: id, ConfirmCodeRequest(json: body(request)))
        case ("POST", "inbound"): try await provider.inbound(instance: id, InboundRequest(json: body(request)))
        case ("POST", "ack"): try await provider.ack(instance: id, AckRequest(json: body(request)))
        case ("GET", "sent"): try await provider.sent(instance: id)
        default: nil
        }
    }
}
