import Foundation
import Switchboard
import SwitchboardWasup
import SwitchboardWawp
import Testing

/// Issue 18, delivery tracking: receipts from both emulators move outbox messages on from `sent`
/// (Wawp's `message.ack` webhooks through the client's ingress; Wasup's history `status`, since
/// its webhooks carry none), a late receipt never moves one back, and a message that never gets
/// one is reported stuck once the configured time has passed on the injected clock.
@Suite struct DeliveryTrackingTests {
    static let shop = Phone(e164Digits: "447700900111")
    static let sales = Phone(e164Digits: "447700900333")
    static let customer = ChatID.person(Phone(e164Digits: "33612345678"))

    static func client(_ d: Deployments, wawp: String, clock: ManualTimeSource) throws -> SwitchboardClient {
        var options = SwitchboardClient.Options()
        options.pollInterval = .milliseconds(20)
        options.clock = clock
        options.tracking.stuckAfter = .seconds(60)
        return try d.client(d.configuration(wawp: [wawp]), options: options)
    }

    @Test func receiptsFromBothEmulatorsMoveEntriesOnAndAnUnackedOneIsStuck() async throws {
        try await Deployments.run { d in
            let wasupID = try await d.connectedWasup(Self.shop)
            let wawpID = try await d.connectedWawp(Self.sales)
            let clock = ManualTimeSource(Date())
            let client = try Self.client(d, wawp: wawpID, clock: clock)
            try await client.refreshRoutes()
            let app = try await AppEndpoint.start(client, provider: "wawp")
            try await d.wawpWebhook(to: app.url)

            let viaWasup = try await client.enqueue(.text("via wasup", to: Self.customer), from: Self.shop, idempotencyKey: "a")
            let viaWawp = try await client.enqueue(.text("via wawp", to: Self.customer), from: Self.sales, idempotencyKey: "b")
            let unacked = try await client.enqueue(.text("never acked", to: Self.customer), from: Self.sales, idempotencyKey: "c")
            await client.outbox.dispatchDue()
            let wasupSent = try #require(try await client.outbox.entry(id: viaWasup.id))
            let wawpSent = try #require(try await client.outbox.entry(id: viaWawp.id))
            #expect(wasupSent.state == .sent && wawpSent.state == .sent)
            let wasupMessage = try #require(wasupSent.messageID).rawValue
            let wawpMessage = try #require(wawpSent.messageID).rawValue
            #expect(try await client.delivery(of: viaWawp.id) == nil)
            #expect(try await client.stuckMessages().isEmpty)

            // Wawp: message.ack webhooks, signed, through the client's ingress.
            try await d.control(d.wawpBase, .post, "instances/\(wawpID)/ack", ["messageId": wawpMessage, "status": "delivered"])
            await d.wawpEmulator.flushWebhooks()
            #expect(try await client.awaitDelivery(of: viaWawp.id, timeout: .seconds(30))?.status == .delivered)
            try await d.control(d.wawpBase, .post, "instances/\(wawpID)/ack", ["messageId": wawpMessage, "status": "read"])
            await d.wawpEmulator.flushWebhooks()
            #expect(try await client.delivery(of: viaWawp.id)?.status == .read)
            // A late `delivered` does not move it back.
            try await d.control(d.wawpBase, .post, "instances/\(wawpID)/ack", ["messageId": wawpMessage, "status": "delivered"])
            await d.wawpEmulator.flushWebhooks()
            #expect(try await client.delivery(of: viaWawp.id)?.status == .read)

            // Wasup: no receipt webhooks; the history's `status` is read.
            try await d.control(d.wasupBase, .post, "instances/\(wasupID)/ack", ["messageId": wasupMessage, "status": "delivered"])
            #expect(try await client.pollReceipts() == 1)
            #expect(try await client.delivery(of: viaWasup.id)?.status == .delivered)
            try await d.control(d.wasupBase, .post, "instances/\(wasupID)/ack", ["messageId": wasupMessage, "status": "read"])
            #expect(try await client.pollReceipts() == 1)
            #expect(try await client.pollReceipts() == 0)
            #expect(try await client.delivery(of: viaWasup.id)?.status == .read)

            // Not yet stuck at 59 s; stuck past 60 s, and only the one never acked.
            clock.advance(by: .seconds(59))
            #expect(try await client.stuckMessages().isEmpty)
            clock.advance(by: .seconds(2))
            #expect(try await client.stuckMessages().map(\.id) == [unacked.id])
            // Awaiting it gives back no receipt once the timeout passes (zero: no waiting).
            #expect(try await client.awaitDelivery(of: unacked.id, timeout: .zero) == nil)
            await #expect(throws: SwitchboardError.self) { _ = try await client.awaitDelivery(of: 999_999, timeout: .zero) }

            await app.stop()
            await client.shutdown()
        }
    }
}
