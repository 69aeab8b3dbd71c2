import EmulatorKit

extension WawpEmulator {
    /// `POST /v2/session/create`: a new instance, `STOPPED`; 403 `quota_reached` past the limit.
    func createSession(_ call: WawpCall) -> EmulatorResponse {
        state.withLock { state -> EmulatorResponse in
            guard state.instances.count < maxInstances else { return errors.response(status: 403, operation: call.operation) }
            var id = WawpIdentifiers.instanceId()
            while state.instances[id] != nil { id = WawpIdentifiers.instanceId() }
            let instance = WawpInstance(id: id, sessionName: WawpIdentifiers.sessionName())
            state.add(instance)
            return success(["instance_id": .string(id), "session_name": .string(instance.sessionName),
                            "status": .string(instance.status.rawValue), "server_name": "wawp-emulator-1", "config": [:]],
                           call, status: 201)
        }
    }

    /// Moves the session to `status`, emitting `session.status`.
    func setStatus(_ status: SessionStatus, _ events: inout WawpEvents, _ instance: inout WawpInstance) {
        guard instance.status != status else { return }
        instance.status = status
        if status != .scanQRCode {
            instance.qr = nil
            instance.pairing = nil
        }
        events.emit("session.status", ["name": .string(instance.sessionName), "status": .string(status.rawValue)], instance: instance)
    }

    /// Boots the session: `STARTING`, then up after ``startingPolls`` observations.
    func boot(_ events: inout WawpEvents, _ instance: inout WawpInstance) {
        setStatus(.starting, &events, &instance)
        instance.startingPollsLeft = startingPolls + chooser.int(in: 0...3)
    }

    /// One look at the session by a client: a starting session counts down and then comes up,
    /// in `WORKING` when it kept its credentials, else in `SCAN_QR_CODE` with a fresh QR.
    func observe(_ events: inout WawpEvents, _ instance: inout WawpInstance) {
        guard instance.status == .starting else { return }
        if instance.startingPollsLeft > 0 {
            instance.startingPollsLeft -= 1
            return
        }
        if instance.account != nil {
            setStatus(.working, &events, &instance)
        } else {
            setStatus(.scanQRCode, &events, &instance)
            instance.qr = WawpIdentifiers.qrValue()
        }
    }

    /// `/v2/session/start`: a stopped or failed session boots; a running one is left as it is.
    func startSession(_ call: inout WawpCall, _ instance: inout WawpInstance) -> EmulatorResponse {
        if instance.status == .stopped || instance.status == .failed { boot(&call.events, &instance) }
        return successText(call.operation)
    }

    /// `/v2/session/stop`: `STOPPED`, credentials kept.
    func stopSession(_ call: inout WawpCall, _ instance: inout WawpInstance) -> EmulatorResponse {
        setStatus(.stopped, &call.events, &instance)
        return successText(call.operation)
    }

    /// `/v2/session/restart`: boots again from any state.
    func restartSession(_ call: inout WawpCall, _ instance: inout WawpInstance) -> EmulatorResponse {
        if instance.status != .stopped { setStatus(.stopped, &call.events, &instance) }
        boot(&call.events, &instance)
        return successText(call.operation)
    }

    /// `/v2/session/logout`: credentials cleared; a running session restarts unpaired.
    func logoutSession(_ call: inout WawpCall, _ instance: inout WawpInstance) -> EmulatorResponse {
        instance.account = nil
        if instance.status != .stopped {
            setStatus(.stopped, &call.events, &instance)
            boot(&call.events, &instance)
        }
        return successText(call.operation)
    }

    /// `/v2/session/delete`: the instance is gone; later requests naming it get 404.
    func deleteSession(_ call: inout WawpCall, _ instance: inout WawpInstance) -> EmulatorResponse {
        setStatus(.stopped, &call.events, &instance)
        call.deleted = true
        return successText(call.operation)
    }

    /// `/v2/session/info`: ids, status, `me` when paired, the QR while `SCAN_QR_CODE`.
    func sessionInfo(_ call: WawpCall, _ instance: WawpInstance) -> EmulatorResponse {
        let qr: JSONValue = instance.status == .scanQRCode ? instance.qr.map { .string(QRPlaceholderImage.png(for: $0).base64EncodedString()) } ?? .null : .null
        return success(["instance_id": .string(instance.id), "session_name": .string(instance.sessionName),
                        "name": .string(instance.sessionName), "status": .string(instance.status.rawValue),
                        "server_name": "wawp-emulator-1", "engine": ["engine": "WEBJS"],
                        "me": instance.status == .working ? instance.me : .null, "qr": qr, "config": [:]], call)
    }

    /// `/v2/session/me`: the paired account while `WORKING`, else 422.
    func sessionMe(_ call: WawpCall, _ instance: WawpInstance) -> EmulatorResponse {
        guard instance.status == .working else {
            return errors.sessionUnexpectedStatus(current: instance.status, expected: [.working], autoRestart: false)
        }
        return success(instance.me, call)
    }
}
