import EmulatorKit

extension WawpEmulator {
    /// `{lid, number}` for a phone the account knows.
    private func mapping(_ phone: String) -> JSONValue {
        ["lid": .string(WawpIdentifiers.lid(for: phone)), "number": .string(phone)]
    }

    /// `GET /v2/lids`: the account's known LID mappings (its own and its contacts').
    func lids(_ call: WawpCall, _ instance: WawpInstance) -> EmulatorResponse {
        let offset = max(0, call.params.int("offset") ?? 0), limit = max(0, call.params.int("limit") ?? 100)
        let list = instance.contacts.dropFirst(offset).prefix(limit).map(mapping)
        return success(.array(Array(list)), call)
    }

    /// `GET /v2/lids/count`.
    func lidCount(_ call: WawpCall, _ instance: WawpInstance) -> EmulatorResponse {
        success(["count": .int(instance.contacts.count)], call)
    }

    /// A path parameter the spec also declares in the query: the query value wins, then the path
    /// segment (unless it is the literal template).
    private func pathOrQuery(_ call: WawpCall, _ name: String) -> String? {
        if let value = call.params.present(name) { return value }
        guard let segment = call.request.pathParameter(name), segment != "{\(name)}" else { return nil }
        return segment
    }

    /// `GET /v2/lids/pn/{number}`: `{lid, number}`; `lid` is null for a number the account does not know.
    func lidForPhone(_ call: WawpCall, _ instance: WawpInstance) -> EmulatorResponse {
        let raw = pathOrQuery(call, "number") ?? ""
        guard let phone = WawpIdentifiers.phoneDigits(raw.replacingOccurrences(of: "@c.us", with: "")) else {
            return errors.invalidParameter("number", value: raw, operation: call.operation)
        }
        guard instance.contacts.contains(phone) else { return success(["lid": .null, "number": .string(phone)], call) }
        return success(mapping(phone), call)
    }

    /// `GET /v2/lids/{lid}`: `{lid, number}`; `number` is null for a LID the account does not know.
    func phoneForLid(_ call: WawpCall, _ instance: WawpInstance) -> EmulatorResponse {
        guard let raw = pathOrQuery(call, "lid") else { return errors.missingParameter(["lid"], operation: call.operation) }
        let lid = raw.hasSuffix("@lid") ? raw : raw + "@lid"
        let phone = instance.contacts.first { WawpIdentifiers.lid(for: $0) == lid }
        return success(["lid": .string(lid), "number": JSONValue(phone)], call)
    }

    /// `GET /v2/contacts/check-exists`: every valid number is on WhatsApp here.
    func checkExists(_ call: WawpCall, _ instance: WawpInstance) -> EmulatorResponse {
        let raw = call.params.string("phone") ?? ""
        guard let phone = WawpIdentifiers.phoneDigits(raw.replacingOccurrences(of: "@c.us", with: "")) else {
            return success(["exists": false, "jid": .null], call)
        }
        return success(["exists": true, "jid": .string(phone + "@c.us")], call)
    }
}
