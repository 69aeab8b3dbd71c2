import EmulatorKit
import Foundation
import Testing
import WawpEmulator

/// The session lifecycle: create, start, pairing by QR and by code, stop, logout, restart, delete.
@Suite struct LifecycleTests {
    @Test func pairsByQRAndKeepsCredentialsAcrossStop() async throws {
        try await WawpHarness.with { harness in
            let instance = try await harness.create()
            #expect(try await harness.status(instance) == "STOPPED")

            #expect(try await harness.api("POST", "/v2/session/start", instance: instance).text == "Success: Operation completed successfully.")
            let early = try await harness.api("GET", "/v2/auth/qr", instance: instance)
            #expect(early.status == 422)
            #expect(early.json?["details"]?["current_status"] == "STARTING")
            #expect(early.json?["details"]?["expected_status"] == ["SCAN_QR_CODE"])
            #expect(try await harness.status(instance) == "SCAN_QR_CODE")

            let raw = try await harness.api("POST", "/v2/auth/qr", instance: instance)
            #expect(raw.status == 200)
            #expect(raw.json?["mimetype"] == "application/json")
            let encoded = try #require(raw.json?["data"]?.stringValue)
            let decoded = try JSONValue(parsing: try #require(Data(base64Encoded: encoded)))
            let value = try #require(decoded["value"]?.stringValue)
            #expect(value.hasPrefix("2@"))
            #expect(decoded["expiry"]?.intValue != nil)

            let image = try await harness.api("GET", "/v2/auth/qr-image", instance: instance)
            let dataURL = try #require(image.json?["qr"]?.stringValue)
            #expect(dataURL.hasPrefix("data:image/png;base64,"))
            let png = try #require(Data(base64Encoded: String(dataURL.dropFirst("data:image/png;base64,".count))))
            #expect(Array(png.prefix(8)) == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
            let pngFormat = try await harness.api("GET", "/v2/auth/qr", instance: instance, [("format", "image")])
            #expect(pngFormat.json?["mimetype"] == "image/png")

            let scanned = try await harness.control("POST", "/instances/\(instance)/scan", ["phone": "+44 7700 900123"])
            #expect(scanned.status == 200)
            let info = try #require(try await harness.api("POST", "/v2/session/info", instance: instance).json)
            #expect(info["status"] == "WORKING")
            #expect(info["me"]?["id"] == "447700900123@c.us")
            let me = try #require(try await harness.api("GET", "/v2/session/me", instance: instance).json)
            #expect(me["id"] == "447700900123@c.us")
            #expect(me["pushName"]?.stringValue?.isEmpty == false)
            #expect(me["lid"]?.stringValue?.hasSuffix("@lid") == true)

            #expect(try await harness.api("POST", "/v2/session/stop", instance: instance).status == 200)
            #expect(try await harness.status(instance) == "STOPPED")
            #expect(try await harness.startAndWait(instance) == "WORKING")
            #expect(try await harness.api("GET", "/v2/session/me", instance: instance).json?["id"] == "447700900123@c.us")
        }
    }

    @Test func pairsByCode() async throws {
        try await WawpHarness.with { harness in
            let instance = try await harness.create()
            #expect(try await harness.startAndWait(instance) == "SCAN_QR_CODE")
            let response = try await harness.api("POST", "/v2/auth/request-code", instance: instance, [("phone_number", "+201145202826")])
            #expect(response.status == 200)
            let code = try #require(response.json?["code"]?.stringValue)
            #expect(code.wholeMatch(of: /[A-Z0-9]{4}-[A-Z0-9]{4}/) != nil)

            let wrong = try await harness.control("POST", "/instances/\(instance)/confirm-code", ["code": "ZZZZ-ZZZZ"])
            #expect(wrong.status == 400)
            let confirmed = try await harness.control("POST", "/instances/\(instance)/confirm-code", ["code": .string(code.lowercased())])
            #expect(confirmed.status == 200)
            #expect(confirmed.body["me"]?["id"] == "201145202826@c.us")
            #expect(try await harness.status(instance) == "WORKING")
            #expect(try await harness.api("POST", "/v2/auth/request-code", instance: instance, [("phone_number", "201145202826")]).status == 422)
        }
    }

    @Test func logoutClearsCredentialsRestartRebootsAndDeleteForgets() async throws {
        try await WawpHarness.with { harness in
            let instance = try await harness.workingInstance()
            #expect(try await harness.api("POST", "/v2/session/logout", instance: instance).status == 200)
            #expect(try await harness.status(instance) == "STARTING")
            #expect(try await harness.status(instance) == "SCAN_QR_CODE")
            #expect(try await harness.api("GET", "/v2/session/me", instance: instance).status == 422)
            _ = try await harness.control("POST", "/instances/\(instance)/scan", ["phone": "447700900777"])

            #expect(try await harness.api("GET", "/v2/session/restart", instance: instance).status == 200)
            #expect(try await harness.status(instance) == "STARTING")
            #expect(try await harness.status(instance) == "WORKING")
            #expect(try await harness.api("GET", "/v2/session/me", instance: instance).json?["id"] == "447700900777@c.us")

            #expect(try await harness.api("DELETE", "/v2/session/delete", instance: instance).status == 200)
            let gone = try await harness.api("POST", "/v2/session/info", instance: instance)
            #expect(gone.status == 404)
            #expect(gone.text.contains("<code>invalid_session</code>"))
        }
    }

    @Test func sendsAnswer422UntilTheSessionWorks() async throws {
        try await WawpHarness.with { harness in
            let instance = try await harness.create()
            let stopped = try await harness.api("POST", "/v2/send/text", instance: instance, [("chatId", "447700900321"), ("message", "hi")])
            #expect(stopped.status == 422)
            #expect(stopped.json?["code"] == "session_unexpected_status")
            #expect(stopped.json?["details"]?["current_status"] == "STOPPED")
            #expect(stopped.json?["details"]?["expected_status"] == ["WORKING"])
            #expect(try await harness.startAndWait(instance) == "SCAN_QR_CODE")
            let unpaired = try await harness.api("POST", "/v2/send/text", instance: instance, [("chatId", "447700900321"), ("message", "hi")])
            #expect(unpaired.json?["details"]?["current_status"] == "SCAN_QR_CODE")
            #expect(try await harness.sent(instance).isEmpty)
        }
    }

    @Test func aFailedSessionRestartsWhenAskedForItsQR() async throws {
        try await WawpHarness.with { harness in
            let instance = try await harness.create()
            #expect(try await harness.startAndWait(instance) == "SCAN_QR_CODE")
            #expect(try await harness.control("POST", "/instances/\(instance)/fail").body["status"] == "FAILED")
            #expect(try await harness.status(instance) == "FAILED")
            #expect(try await harness.api("POST", "/v2/auth/qr", instance: instance).status == 422)
            #expect(try await harness.status(instance) == "STARTING")
            #expect(try await harness.status(instance) == "SCAN_QR_CODE")
        }
    }

    @Test func refusesScansOfSessionsNotShowingAQRCode() async throws {
        try await WawpHarness.with { harness in
            let instance = try await harness.create()
            #expect(try await harness.control("POST", "/instances/\(instance)/scan", ["phone": "447700900123"]).status == 409)
            #expect(try await harness.control("POST", "/instances/nope/scan", ["phone": "447700900123"]).status == 404)
            #expect(try await harness.control("POST", "/instances/\(instance)/confirm-code", ["code": "ABCD-1234"]).status == 409)
            let listed = try await harness.control("GET", "/instances")
            #expect(listed.body["instances"]?.arrayValue?.first?["instance_id"]?.stringValue == instance)
        }
    }
}
