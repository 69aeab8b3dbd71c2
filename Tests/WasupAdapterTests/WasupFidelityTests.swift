import Foundation
import Switchboard
@testable import SwitchboardWasup
import Testing
import WasupEmulator

/// Readings the spec allows that our emulator did not exercise before: a bare-base64 QR, both
/// date forms, history in either order, and the explicit webhook policy.
@Suite struct WasupFidelityTests {
    @Test func aBareBase64QRIsTheImage() throws {
        let png = Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52])
        let bare = WasupProvider.qrCode(png.base64EncodedString())
        #expect(bare.png == png && bare.value == nil)
        let url = WasupProvider.qrCode("data:image/png;base64," + png.base64EncodedString())
        #expect(url.png == png)
        let raw = WasupProvider.qrCode("2@AbCdEf,GhIjKl=,wa_1")
        #expect(raw.value == "2@AbCdEf,GhIjKl=,wa_1" && raw.png == nil)
    }

    @Test func bothDocumentedDateFormsParse() throws {
        let iso = try #require(WasupDate.parse("2026-01-29T12:00:00.000Z"))
        #expect(WasupDate.parse("2026-01-29 12:00:00+00:00") == iso)
        #expect(WasupDate.parse("2026-01-29T12:00:00Z") == iso)
        #expect(WasupDate.parse("2026-01-29 13:00:00+01:00") == iso)
        #expect(WasupDate.parse("not a date") == nil)
    }

    @Test func historyIsNewestLastInEitherServerOrder() {
        let chat = ChatID.person(Fixture.customer)
        let old = Message(id: "A", chat: chat, from: chat, fromMe: false, timestamp: Date(timeIntervalSince1970: 100), text: "old", media: nil)
        let new = Message(id: "B", chat: chat, from: nil, fromMe: true, timestamp: Date(timeIntervalSince1970: 200), text: "new", media: nil)
        #expect(WasupProvider.isOldestFirst([old, new]))
        #expect(!WasupProvider.isOldestFirst([new, old]))
        #expect(!WasupProvider.isOldestFirst([]))
    }

    static let unsigned = WebhookDelivery(target: "/webhooks/wasup", headers: [("Content-Type", "application/json")],
                                          body: Data(#"{"event":"message","message":"hi"}"#.utf8))

    @Test func theDefaultPolicyRequiresTheToken() {
        let wasup = Fixture.provider("http://127.0.0.1:9")
        #expect(wasup.webhookPolicy == .requireToken)
        #expect(Self.rejection(wasup, Self.unsigned)?.kind == .unauthorized)
        let noSecret = WasupProvider(name: "wasup-test", baseURL: "http://127.0.0.1:9", apiKey: Fixture.apiKey, transport: Fixture.transport)
        #expect(Self.rejection(noSecret, Self.unsigned)?.message.contains("no webhook secret") == true)
    }

    @Test func acceptUnsignedTakesUnsignedButStillChecksAToken() {
        let wasup = WasupProvider(name: "wasup-test", baseURL: "http://127.0.0.1:9", apiKey: Fixture.apiKey, transport: Fixture.transport,
                                  webhookSecret: Fixture.webhookSecret, webhookPolicy: .acceptUnsigned)
        #expect(Self.rejection(wasup, Self.unsigned) == nil)
        let forged = WebhookDelivery(target: "/webhooks/wasup?sb_instance=wa_1&sb_token=forged", body: Self.unsigned.body)
        #expect(Self.rejection(wasup, forged)?.kind == .unauthorized)
        #expect(!wasup.capabilities.supports(.webhookSignature))
    }

    @Test func warningsNameInstancesWhoseURLWasSetOutsideSwitchboard() async throws {
        let emulator = try WasupEmulator(token: Fixture.apiKey, transport: Fixture.transport)
        let port = try await emulator.start()
        try await withCleanup {
            let wasup = Fixture.provider("http://127.0.0.1:\(port)")
            let outside = try await wasup.createInstance(InstanceDraft(name: "set in the dashboard"))
            let ours = try await wasup.createInstance(InstanceDraft(name: "set by us"))
            try await wasup.setWebhook(ours.id, url: "https://hooks.example.com/webhooks/wasup")
            var warnings = await wasup.webhookWarnings([outside.id, ours.id])
            #expect(warnings.count == 1 && warnings.first?.contains(outside.id) == true, "\(warnings)")
            // Re-registering the instance's URL with its token (what `switchboard webhook set` does) clears it.
            try await wasup.setWebhook(outside.id, url: "https://hooks.example.com/webhooks/wasup")
            warnings = await wasup.webhookWarnings([outside.id, ours.id])
            #expect(warnings.isEmpty, "\(warnings)")
            let open = WasupProvider(name: "wasup-test", baseURL: "http://127.0.0.1:\(port)", apiKey: Fixture.apiKey,
                                     transport: Fixture.transport, webhookPolicy: .acceptUnsigned)
            #expect(await open.webhookWarnings([ours.id]).first?.contains("unsigned") == true)
        } cleanup: {
            await emulator.stop()
        }
    }

    static func rejection(_ provider: WasupProvider, _ delivery: WebhookDelivery) -> SwitchboardError? {
        do { try provider.verifyWebhook(delivery); return nil } catch { return error }
    }
}
