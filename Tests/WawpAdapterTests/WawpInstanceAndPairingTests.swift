import Foundation
import Switchboard
import SwitchboardWawp
import Synchronization
import TestSupport
import Testing

/// Instances and pairing against a scripted Wawp: create, info, list, the status mapping, and
/// waiting out STARTING.
@Suite struct WawpInstanceAndPairingTests {
    static func info(_ status: String, me: String? = nil) -> StubServer.Answer {
        var body: [String: Any] = ["name": "wawp-84729105", "status": status]
        if let me { body["me"] = ["id": me, "pushName": "Shop"] }
        return .json(200, body)
    }

    @Test(arguments: [("STOPPED", InstanceStatus.disconnected), ("STARTING", .starting), ("SCAN_QR_CODE", .pairing),
                      ("WORKING", .connected), ("FAILED", .failed)])
    func statusesMap(wawp: String, neutral: InstanceStatus) async throws {
        let instance = try await StubServer.serving(Self.info(wawp, me: "447441429009@c.us")) { base, server in
            let instance = try await Fixture.provider(base).instance(Fixture.instanceID)
            #expect(server.requests.map { "\($0.method) \($0.path)" } == ["POST /v2/session/info"])
            return instance
        }
        #expect(instance == Instance(provider: "wawp-test", id: Fixture.instanceID, name: "wawp-84729105", status: neutral, phone: Fixture.customer))
    }

    @Test func anUnknownStatusIsAnInvalidResponse() async throws {
        let error = try await StubServer.serving(Self.info("DANCING")) { base, _ in
            await Fixture.failure { try await Fixture.provider(base).instance(Fixture.instanceID) }
        }
        #expect(error?.kind == .invalidResponse)
    }

    @Test func createdInstancesAreListedAndVanishedOnesDropped() async throws {
        let server = StubServer { request in
            switch (request.path, request.query("instance_id")) {
            case ("/v2/session/create", _):
                .json(201, ["instance_id": "NEW1", "session_name": "wawp-1", "status": "STARTING", "server_name": "wawp-api-prod-50", "config": [:]])
            case ("/v2/session/info", "GONE"?):
                .init(404, "<?xml version=\"1.0\"?><error><code>invalid_session</code><message>Session not found.</message></error>")
            case ("/v2/session/info", let id?):
                .json(200, ["name": "s-\(id)", "status": "WORKING", "me": ["id": "447441429009@c.us"]])
            default: .init(500)
            }
        }
        try await server.run { base in
            let wawp = Fixture.provider(base, instances: [Fixture.instanceID, "GONE", Fixture.instanceID])
            let created = try await wawp.createInstance(InstanceDraft(name: "ignored"))
            #expect(created == Instance(provider: "wawp-test", id: "NEW1", name: "wawp-1", status: .starting))
            #expect(server.requests[0].queryItems.map(\.name) == ["access_token"], "create takes no instance_id")
            let listed = try await wawp.listInstances()
            #expect(listed.map(\.id) == [Fixture.instanceID, "NEW1"])
            #expect(listed.allSatisfy { $0.status == .connected && $0.phone == Fixture.customer })
            #expect(wawp.knownInstances == [Fixture.instanceID, "NEW1"])
        }
    }

    @Test func createRefusesWhatWawpCannotDoBeforeAnyRequest() async throws {
        let counts = try await StubServer.serving(.init(500)) { base, server in
            let wawp = Fixture.provider(base)
            let withID = await Fixture.failure { try await wawp.createInstance(InstanceDraft(id: "mine")) }
            let withHook = await Fixture.failure { try await wawp.createInstance(InstanceDraft(webhookURL: "https://h/w")) }
            let update = await Fixture.failure { try await wawp.updateInstance(Fixture.instanceID, InstanceUpdate(name: "x")) }
            let setHook = await Fixture.failure { try await wawp.setWebhook(Fixture.instanceID, url: "https://h/w") }
            let testHook = await Fixture.failure { try await wawp.testWebhook(Fixture.instanceID) }
            #expect(withID?.kind == .invalidRequest)
            #expect(withHook?.feature == .webhookSet)
            #expect(update?.feature == .instancesUpdate)
            #expect(setHook?.feature == .webhookSet)
            #expect(testHook?.feature == .webhookTest)
            return server.requests.count
        }
        #expect(counts == 0)
    }

    @Test func deleteForgetsTheInstance() async throws {
        let requests = try await StubServer.serving(.init(200, "Success: Operation completed successfully.")) { base, server in
            let wawp = Fixture.provider(base)
            try await wawp.deleteInstance(Fixture.instanceID)
            #expect(wawp.knownInstances.isEmpty)
            return server.requests
        }
        #expect(requests.map { "\($0.method) \($0.path)" } == ["DELETE /v2/session/delete"])
        #expect(requests[0].query("instance_id") == Fixture.instanceID)
    }

    /// STOPPED → start → STARTING twice → SCAN_QR_CODE, with the QR still 422 once: the adapter
    /// waits it out and returns the QR value and image.
    @Test func connectStartsAndWaitsOutStartingForTheQR() async throws {
        let png = Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 1, 2, 3])
        let infos = Mutex(["STOPPED", "STARTING", "STARTING", "SCAN_QR_CODE"])
        let qrFailures = Mutex(1)
        let server = StubServer { request in
            switch request.path {
            case "/v2/session/info":
                let status = infos.withLock { $0.count > 1 ? $0.removeFirst() : $0[0] }
                return Self.info(status)
            case "/v2/session/start": return .init(200, "Success: Operation completed successfully.")
            case "/v2/auth/qr":
                if qrFailures.withLock({ let left = $0; $0 -= 1; return left > 0 }) {
                    return .json(422, ["code": "session_unexpected_status", "message": "Session status is not as expected",
                                       "details": ["current_status": "STARTING", "expected_status": ["SCAN_QR_CODE"]]])
                }
                return .json(200, ["value": "2@QRVALUE,abc=="])
            case "/v2/auth/qr-image": return .init(200, bytes: png, headers: ["Content-Type": "image/png"])
            default: return .init(500)
            }
        }
        let state = try await server.run { base in try await Fixture.provider(base).connect(Fixture.instanceID, method: .qr) }
        #expect(state == .qr(QRCode(value: "2@QRVALUE,abc==", png: png)))
        #expect(server.requests.map(\.path) == ["/v2/session/info", "/v2/session/start", "/v2/session/info", "/v2/session/info",
                                                "/v2/session/info", "/v2/auth/qr", "/v2/session/info", "/v2/auth/qr", "/v2/auth/qr-image"])
        #expect(server.requests.first { $0.path == "/v2/auth/qr" }?.query("format") == "raw")
    }

    @Test func connectGivesUpWaitingWithinItsBound() async throws {
        let state = try await StubServer.serving(Self.info("STARTING")) { base, server in
            let state = try await Fixture.provider(base).connect(Fixture.instanceID, method: .qr)
            #expect(server.requests.count == 8, "one info per attempt")
            return state
        }
        #expect(state == .waiting(.starting))
    }

    @Test func aConnectedInstanceNeedsNoPairing() async throws {
        let state = try await StubServer.serving(Self.info("WORKING", me: "447441429009@c.us")) { base, _ in
            try await Fixture.provider(base).connect(Fixture.instanceID, method: .code(phone: Fixture.customer))
        }
        #expect(state == .connected(Fixture.customer))
    }

    @Test func pairingByCode() async throws {
        let server = StubServer { request in
            switch request.path {
            case "/v2/session/info": Self.info("SCAN_QR_CODE")
            case "/v2/auth/request-code": .json(200, ["code": "ABCD-1234"])
            default: .init(500)
            }
        }
        let state = try await server.run { base in
            try await Fixture.provider(base).connect(Fixture.instanceID, method: .code(phone: Fixture.customer))
        }
        #expect(state == .code("ABCD-1234"))
        #expect(server.requests.last?.method == "POST")
        #expect(server.requests.last?.query("phone_number") == "447441429009")
    }

    @Test func qrImageAsBase64JSON() async throws {
        let png = Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 9, 9])
        let server = StubServer { request in
            switch request.path {
            case "/v2/session/info": Self.info("SCAN_QR_CODE")
            case "/v2/auth/qr": .init(200, "Success: Operation completed successfully.")
            case "/v2/auth/qr-image": .json(200, ["qr": "data:image/png;base64," + png.base64EncodedString()])
            default: .init(500)
            }
        }
        let state = try await server.run { base in try await Fixture.provider(base).pairingState(Fixture.instanceID) }
        #expect(state == .qr(QRCode(value: nil, png: png)))
    }

    @Test func stopRestartLogout() async throws {
        let paths = try await StubServer.serving(.init(200, "")) { base, server in
            let wawp = Fixture.provider(base)
            try await wawp.disconnect(Fixture.instanceID)
            try await wawp.restart(Fixture.instanceID)
            try await wawp.logout(Fixture.instanceID)
            return server.requests.map { "\($0.method) \($0.path)" }
        }
        #expect(paths == ["POST /v2/session/stop", "POST /v2/session/restart", "POST /v2/session/logout"])
    }

    @Test func profileAndLIDs() async throws {
        let server = StubServer { request in
            switch request.path {
            case "/v2/profile": .json(200, ["id": "447441429009@c.us", "name": "Shop", "status": "Open 9-5", "picture": "https://pps/x.jpg"])
            case "/v2/lids/123456789012345@lid": .json(200, ["lid": "123456789012345@lid", "pn": "447441429009@c.us"])
            case "/v2/lids/pn/447441429009": .json(200, ["lid": "123456789012345@lid", "pn": "447441429009@c.us"])
            case "/v2/lids/999@lid": .init(404, #"{"code":"not_found","message":"LID not known"}"#)
            default: .init(200, "Success: Operation completed successfully.")
            }
        }
        try await server.run { base in
            let wawp = Fixture.provider(base)
            #expect(try await wawp.profile(Fixture.instanceID) == Profile(name: "Shop", about: "Open 9-5", pictureURL: "https://pps/x.jpg"))
            #expect(try await wawp.phone(forLID: "123456789012345@lid", instance: Fixture.instanceID) == Fixture.customer)
            #expect(try await wawp.lid(forPhone: Fixture.customer, instance: Fixture.instanceID) == (try ChatID("123456789012345@lid")))
            #expect(try await wawp.phone(forLID: "999", instance: Fixture.instanceID) == nil)
            try await wawp.setProfileName(Fixture.instanceID, "Shop 2")
            try await wawp.setProfileAbout(Fixture.instanceID, "Closed")
            try await wawp.setProfilePicture(Fixture.instanceID, url: "https://h/me.png")
            try await wawp.setProfilePicture(Fixture.instanceID, url: nil)
        }
        let writes = server.requests.suffix(4)
        #expect(writes.map { "\($0.method) \($0.path)" } == ["PUT /v2/profile/name", "PUT /v2/profile/status", "PUT /v2/profile/picture",
                                                             "DELETE /v2/profile/picture-delete"])
        #expect(writes.map { $0.query("name") ?? $0.query("status") ?? $0.query("file[mimetype]") ?? "-" } == ["Shop 2", "Closed", "image/png", "-"])
        #expect(server.requests.first { $0.path.hasPrefix("/v2/lids/pn/") }?.query("number") == "447441429009")
    }
}
