import EmulatorKit
import Foundation
import Switchboard
import Testing
import WawpEmulator

/// Faults from the control API: statuses, custom bodies, drops, and `times`.
@Suite struct FaultTests {
    @Test func faultsApplyTheirTimesThenTheEmulatorAnswersNormally() async throws {
        try await WawpHarness.with { harness in
            let instance = try await harness.workingInstance()
            let query = [("chatId", "447700900321"), ("message", "hi")]
            _ = try await harness.control("POST", "/faults", ["path": "/v2/send/text", "status": 429, "times": 2])
            #expect(try await harness.api("POST", "/v2/send/text", instance: instance, query).status == 429)
            #expect(try await harness.api("GET", "/v2/send/text", instance: instance, query).status == 429)
            #expect(try await harness.api("POST", "/v2/send/text", instance: instance, query).status == 200)
            #expect(try await harness.sent(instance).count == 1)

            _ = try await harness.control("POST", "/faults", ["method": "POST", "path": "*", "status": 503, "body": "upstream down",
                                                              "contentType": "text/plain"])
            let custom = try await harness.api("POST", "/v2/session/info", instance: instance)
            #expect(custom.status == 503)
            #expect(custom.text == "upstream down")
            #expect(try await harness.control("DELETE", "/faults").body == ["faults": []])
            #expect(try await harness.api("POST", "/v2/session/info", instance: instance).status == 200)
        }
    }

    @Test func aDroppedConnectionIsRecordedAndTheNextRequestIsServed() async throws {
        try await WawpHarness.with { harness in
            let instance = try await harness.workingInstance()
            _ = try await harness.control("POST", "/faults", ["path": "/v2/send/text", "drop": true, "times": 1])
            await #expect(throws: SwitchboardError.self) {
                try await harness.api("POST", "/v2/send/text", instance: instance, [("chatId", "447700900321"), ("message", "lost")])
            }
            #expect(try await harness.api("POST", "/v2/send/text", instance: instance,
                                          [("chatId", "447700900321"), ("message", "kept")]).status == 200)
            let statuses = try await harness.requests().suffix(2).map { $0["status"]?.intValue }
            #expect(statuses == [0, 200])
            #expect(try await harness.sent(instance).map { $0["text"] } == ["kept"])
        }
    }

    @Test func resetForgetsInstancesAndFaults() async throws {
        try await WawpHarness.with { harness in
            let instance = try await harness.workingInstance()
            _ = try await harness.control("POST", "/faults", ["path": "*", "status": 500])
            #expect(try await harness.control("POST", "/reset").body == ["reset": true])
            #expect(try await harness.api("POST", "/v2/session/info", instance: instance).status == 404)
            #expect(try await harness.control("GET", "/instances").body["instances"] == [])
        }
    }
}
