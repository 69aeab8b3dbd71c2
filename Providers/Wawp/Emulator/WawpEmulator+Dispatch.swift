import EmulatorKit

extension WawpEmulator {
    /// Answers a matched operation: session create, or a handler on the instance named by
    /// `instance_id` (404 when it does not exist), or the operation's documented example.
    public func handle(_ request: EmulatorRequest) async -> EmulatorResponse {
        guard let operation = request.operation else { return errors.response(status: 404, operation: nil) }
        // The spec's webhook callbacks (`POST /message`, ...) are documented as operations too.
        guard operation.path.hasPrefix("/v2/") else { return documentedSuccess(operation) }
        var call = WawpCall(request: request, operation: operation)
        guard call.params.present("access_token") != nil else {
            return errors.missingParameter(["access_token"], operation: operation)
        }
        if operation.path == "/v2/session/create" { return createSession(call) }
        guard let instanceId = call.params.present("instance_id") else {
            return errors.missingParameter(["instance_id"], operation: operation)
        }
        return state.withLock { state -> EmulatorResponse in
            guard var instance = state.instances[instanceId] else { return errors.response(status: 404, operation: operation) }
            let routed = route(&call, &instance)
            let response = literal(routed, call.operation)
            if call.deleted {
                state.remove(instanceId)
            } else {
                state.instances[instanceId] = instance
            }
            deliver(call.events, state: state)
            return response
        }
    }

    /// The handler of an operation on an existing instance.
    private func route(_ call: inout WawpCall, _ instance: inout WawpInstance) -> EmulatorResponse {
        let path = call.operation.path
        switch path {
        case "/v2/session/start": return startSession(&call, &instance)
        case "/v2/session/stop": return stopSession(&call, &instance)
        case "/v2/session/restart": return restartSession(&call, &instance)
        case "/v2/session/logout": return logoutSession(&call, &instance)
        case "/v2/session/delete": return deleteSession(&call, &instance)
        default: break
        }
        observe(&call.events, &instance)
        switch path {
        case "/v2/session/info": return sessionInfo(call, instance)
        case "/v2/session/me": return sessionMe(call, instance)
        case "/v2/auth/qr": return qr(&call, &instance)
        case "/v2/auth/qr-image": return qrImage(&call, &instance)
        case "/v2/auth/request-code": return requestCode(&call, &instance)
        default: break
        }
        guard Self.needsWorkingSession(path) else { return documentedSuccess(call.operation) }
        guard instance.status == .working else {
            return errors.sessionUnexpectedStatus(current: instance.status, expected: [.working], autoRestart: false)
        }
        if let kind = SendKind(path: path) { return send(kind, &call, &instance) }
        switch path {
        case "/v2/send/reaction": return react(&call, &instance)
        case "/v2/send/seen": return seen(&call, &instance)
        case "/v2/send/start-typing": return typing(true, &call, &instance)
        case "/v2/send/stop-typing": return typing(false, &call, &instance)
        case "/v2/send/poll/vote": return pollVote(&call, &instance)
        case "/v2/chats": return chats(call, instance)
        case "/v2/chats/overview": return chatsOverview(call, instance)
        case "/v2/chats/messages": return chatMessages(call, instance)
        case "/v2/chats/read": return markRead(&call, &instance)
        case "/v2/chats/unread": return markUnread(&call, &instance)
        case "/v2/messages/get": return getMessage(call, instance)
        case "/v2/messages/delete": return deleteMessage(&call, &instance)
        case "/v2/messages/edit": return editMessage(&call, &instance)
        case "/v2/profile": return profile(call, instance)
        case "/v2/profile/name", "/v2/profile/status", "/v2/profile/picture", "/v2/profile/picture-delete":
            return updateProfile(&call, &instance)
        case "/v2/presence": return presence(&call, &instance)
        case "/v2/lids": return lids(call, instance)
        case "/v2/lids/count": return lidCount(call, instance)
        case "/v2/lids/pn/{number}": return lidForPhone(call, instance)
        case "/v2/lids/{lid}": return phoneForLid(call, instance)
        case "/v2/contacts/check-exists": return checkExists(call, instance)
        default: return documentedSuccess(call.operation)
        }
    }

    /// In spec-literal mode, a success of an operation whose spec documents only the plain-text
    /// placeholder is that placeholder, whatever the handler found; otherwise `response`.
    func literal(_ response: EmulatorResponse, _ operation: CatalogOperation) -> EmulatorResponse {
        guard choices.literal, (200..<300).contains(response.status) else { return response }
        let documented = operation.responses.first { Int($0.status).map { (200..<300).contains($0) } ?? false }
        guard let example = documented?.examples.first, example.bodyFormat == "text" else { return response }
        return successText(operation)
    }

    /// Operations that talk to WhatsApp, and so need a `WORKING` session (else 422).
    static func needsWorkingSession(_ path: String) -> Bool {
        ["/v2/send/", "/v2/chats", "/v2/messages/", "/v2/profile", "/v2/presence", "/v2/lids", "/v2/contacts/check-exists"]
            .contains { path.hasPrefix($0) }
    }

    /// The operation's first documented success example, as documented.
    func documentedSuccess(_ operation: CatalogOperation) -> EmulatorResponse {
        for response in operation.responses {
            guard let status = Int(response.status), (200..<300).contains(status) else { continue }
            if let example = response.examples.first { return .example(example, status: status) }
            return .empty(status: status)
        }
        return successText(operation)
    }

    /// Wawp's plain-text success (`Success: Operation completed successfully.`), as documented.
    func successText(_ operation: CatalogOperation) -> EmulatorResponse {
        if let example = operation.example(status: 200), example.bodyFormat == "text" { return .example(example, status: 200) }
        return .text("Success: Operation completed successfully.", status: 200, contentType: "application/json")
    }

    /// A JSON success body with the media type the operation documents.
    func success(_ body: JSONValue, _ call: WawpCall, status: Int = 200) -> EmulatorResponse {
        EmulatorResponse.json(body, status: status).documented(call.operation)
    }
}
