import EmulatorKit
import Foundation

extension WasupEmulator {
    /// `{ "error": message }` with `status`.
    func failure(_ status: Int, _ message: String) -> EmulatorResponse {
        .json(["error": .string(message)], status: status)
    }

    /// "Instance not found" with the status the operation documents for it (404, else 400). Where
    /// it documents both, a seed may pick either: the spec does not say which a deployment answers.
    func instanceNotFound(_ request: EmulatorRequest) -> EmulatorResponse {
        let documented = [404, 400].filter { request.operation?.documents(status: $0) == true }
        return failure(documented.isEmpty ? 404 : chooser.pick(documented), "Instance not found")
    }

    /// The request's `instanceId` path parameter.
    func instanceId(_ request: EmulatorRequest) -> String { request.pathParameter("instanceId") ?? "" }

    /// Runs `body` on the request's instance under the lock and stores what it changed; answers
    /// "Instance not found" when there is none.
    func withInstance(_ request: EmulatorRequest,
                      _ body: (inout WasupInstance, inout WasupState) -> EmulatorResponse) -> EmulatorResponse {
        let id = instanceId(request)
        return state.withLock { state in
            guard var instance = state.instances[id] else { return instanceNotFound(request) }
            instance.specLiteral = choices.literal
            let response = body(&instance, &state)
            if instance.qrHiddenRequests > 0 { instance.qrHiddenRequests -= 1 }
            if state.instances[id] != nil { state.instances[id] = instance }
            return response
        }
    }

    /// The body's top-level object, or an empty one.
    func bodyObject(_ request: EmulatorRequest) -> JSONObject { request.json?.objectValue ?? JSONObject() }
}
