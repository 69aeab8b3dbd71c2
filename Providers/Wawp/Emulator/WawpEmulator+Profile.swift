import EmulatorKit

extension WawpEmulator {
    /// `GET /v2/profile`: the account's id, name, about text and picture.
    func profile(_ call: WawpCall, _ instance: WawpInstance) -> EmulatorResponse {
        success(["id": .string(instance.account?.jid ?? ""), "name": .string(instance.profileName),
                 "status": .string(instance.profileStatus), "picture": JSONValue(instance.profilePicture)], call)
    }

    /// `PUT /v2/profile/name`, `/status`, `/picture`, `DELETE /v2/profile/picture-delete`.
    func updateProfile(_ call: inout WawpCall, _ instance: inout WawpInstance) -> EmulatorResponse {
        do {
            switch call.operation.path {
            case "/v2/profile/name":
                let name = try required(call, "name")
                guard name.count <= 25 else { return invalid(call, "name").response }
                instance.profileName = name
            case "/v2/profile/status":
                let status = try required(call, "status")
                guard status.count <= 139 else { return invalid(call, "status").response }
                instance.profileStatus = status
            case "/v2/profile/picture":
                guard let file = call.params.file(), let url = file["url"]?.stringValue else {
                    return errors.missingParameter(["file[url]"], operation: call.operation)
                }
                instance.profilePicture = url
            default:
                instance.profilePicture = nil
            }
        } catch {
            return error.response
        }
        return successText(call.operation)
    }

    /// `POST /v2/presence` (`online` or `offline`) sets the account's presence; `GET` lists it.
    func presence(_ call: inout WawpCall, _ instance: inout WawpInstance) -> EmulatorResponse {
        guard call.request.method == "POST" else {
            return success([["id": .string(instance.account?.jid ?? ""), "presence": .string(instance.presence)]], call)
        }
        guard let presence = call.params.present("presence")?.lowercased(), ["online", "offline"].contains(presence) else {
            return invalid(call, "presence").response
        }
        instance.presence = presence
        return successText(call.operation)
    }
}
