import EmulatorKit
import Foundation
import Testing

@Suite struct WasupLifecycleTests {
    @Test func pairsByQRAndKeepsCredentialsAcrossDisconnect() async throws {
        try await WasupHarness.with { h in
            let c = h.client
            let created = try await c.json("POST", "/api/instances", json: ["id": "shop", "name": "Shop"])
            #expect(created.status == 201)
            #expect(created.body["instance"]?["id"] == "shop")
            #expect(created.body["instance"]?["status"] == "disconnected")
            #expect(try await c.call("GET", "/api/instances/shop/qr").status == 204)

            let connect = try await c.json("POST", "/api/instances/shop/connect")
            #expect(connect.body["message"] == "Connection started (QR mode)")
            #expect(connect.body["pairingCode"] == .null)
            let qr = try await c.json("GET", "/api/instances/shop/qr")
            #expect(qr.status == 200)
            #expect(qr.body["status"] == "connecting")
            let dataURL = try #require(qr.body["qrCode"]?.stringValue)
            #expect(dataURL.hasPrefix("data:image/png;base64,"))
            let png = try #require(Data(base64Encoded: String(dataURL.dropFirst("data:image/png;base64,".count))))
            #expect(Array(png.prefix(8)) == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
            let image = try await c.call("GET", "/api/instances/shop/qr?format=image")
            #expect(image.mediaType == "image/png")
            #expect(image.body == png)
            #expect(try await c.json("GET", "/api/instances/shop/connection").body["status"] == "connecting")

            let scanned = try await c.json("POST", "/__emulator/instances/shop/scan", json: ["phone": "447700900123"])
            #expect(scanned.body["status"] == "connected")
            let connection = try await c.json("GET", "/api/instances/shop/connection").body
            #expect(connection["status"] == "connected")
            #expect(connection["phone"] == "447700900123")
            #expect(connection["qrCode"] == .null)
            #expect(try await c.json("GET", "/api/instances/shop/qr").body["phone"] == "447700900123")
            #expect(try await c.json("POST", "/api/instances/shop/send", json: ["to": "447700900999", "message": "hello"]).status == 200)

            let disconnected = try await c.json("POST", "/api/instances/shop/disconnect")
            #expect(disconnected.body["instance"]?["status"] == "disconnected")
            #expect(disconnected.body["instance"]?["hasCredentials"] == true)
            let refused = try await c.json("POST", "/api/instances/shop/send", json: ["to": "447700900999", "message": "hello"])
            #expect(refused.status == 400)
            #expect(refused.body["error"]?.stringValue?.hasPrefix("Instance is not connected") == true)

            let reconnect = try await c.json("POST", "/api/instances/shop/connect")
            #expect(reconnect.body["instance"]?["status"] == "connected")
            #expect(reconnect.body["instance"]?["connectedPhone"] == "447700900123")

            let cleared = try await c.json("POST", "/api/instances/shop/clear-auth")
            #expect(cleared.body["instance"]?["hasCredentials"] == false)
            let fresh = try await c.json("POST", "/api/instances/shop/connect")
            #expect(fresh.body["instance"]?["status"] == "connecting")
            #expect(fresh.body["instance"]?["qrCode"]?.stringValue?.hasPrefix("data:image/png;base64,") == true)
        }
    }

    @Test func pairsByCodeAndRejectsAWrongCode() async throws {
        try await WasupHarness.with { h in
            let c = h.client
            _ = try await c.json("POST", "/api/instances", json: ["id": "desk"])
            let paired = try await c.json("POST", "/api/instances/desk/pair", json: ["phoneNumber": "+44 7700 900456"])
            #expect(paired.status == 200)
            let code = try #require(paired.body["pairingCode"]?.stringValue)
            #expect(code.wholeMatch(of: /[A-Z0-9]{4}-[A-Z0-9]{4}/) != nil)
            #expect(paired.body["message"] == .string("Enter code \(code) in WhatsApp > Linked Devices > Link a Device"))
            #expect(try await c.json("GET", "/api/instances/desk/qr").body["pairingCode"] == .string(code))
            #expect(try await c.call("GET", "/api/instances/desk/qr?format=image").status == 204)

            let scanInstead = try await c.json("POST", "/__emulator/instances/desk/scan", json: ["phone": "447700900456"])
            #expect(scanInstead.status == 409)
            let wrong = try await c.json("POST", "/__emulator/instances/desk/confirm-code", json: ["code": "ZZZZ-ZZZZ"])
            #expect(wrong.status == 400)
            let confirmed = try await c.json("POST", "/__emulator/instances/desk/confirm-code", json: ["code": .string(code)])
            #expect(confirmed.body == ["instanceId": "desk", "status": "connected", "phone": "447700900456"])
            #expect(try await c.json("GET", "/api/instances/desk").body["instance"]?["connectedPhone"] == "447700900456")

            _ = try await c.json("POST", "/api/instances/desk/disconnect", json: ["revoke": true])
            let again = try await c.json("POST", "/api/instances/desk/connect", json: ["pairingPhone": "447700900456"])
            #expect(again.body["instance"]?["status"] == "connecting")
            #expect(again.body["pairingCode"]?.stringValue?.count == 9)
        }
    }

    @Test func onboardsInOneCallThenReusesTheInstance() async throws {
        try await WasupHarness.with { h in
            let c = h.client
            let first = try await c.json("POST", "/api/onboard", json: ["phone": "447393002183", "name": "Acme", "webhookUrl": .string(h.receiver.url)])
            #expect(first.status == 201)
            #expect(first.body["status"] == "connecting")
            let id = try #require(first.body["instanceId"]?.stringValue)
            let code = try #require(first.body["pairingCode"]?.stringValue)
            _ = try await c.json("POST", "/__emulator/instances/\(id)/confirm-code", json: ["code": .string(code)])
            let second = try await c.json("POST", "/api/onboard", json: ["phone": "447393002183"])
            #expect(second.status == 200)
            #expect(second.body == ["success": true, "instanceId": .string(id), "pairingCode": nil, "status": "connected",
                                    "message": "Instance already exists for this phone number"])
            #expect(try await c.json("GET", "/api/instances/\(id)/webhook").body["effectiveWebhookUrl"] == .string(h.receiver.url))
        }
    }

    @Test func deletesInstancesAndCountsThemInHealthAndStatus() async throws {
        try await WasupHarness.with { h in
            let c = h.client
            try await h.connected("a", phone: "447700900001")
            _ = try await c.json("POST", "/api/instances", json: ["id": "b"])
            let health = try await h.anonymous.json("GET", "/api/health")
            #expect(health.status == 200)
            #expect(health.body["instances"] == ["total": 2, "connected": 1])
            #expect(try await c.json("GET", "/api/status").body["instanceCount"] == 2)
            #expect(try await c.json("POST", "/api/instances", json: ["id": "b"]).status == 400)
            #expect(try await c.json("DELETE", "/api/instances/b").body == ["success": true, "message": "Instance b deleted"])
            #expect(try await c.json("GET", "/api/instances/b").status == 404)
            #expect(try await c.json("GET", "/api/instances").body["count"] == 1)
        }
    }
}
