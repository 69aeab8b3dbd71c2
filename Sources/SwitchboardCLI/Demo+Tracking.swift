import Foundation
import Switchboard
import SwitchboardConformance

/// Issue 18 in the demo: delivery receipts on both providers, and messages recovered from history
/// while the app's webhook endpoint was down.
extension DemoScript {
    func showTracking(_ instances: [(any MessagingProvider, String)]) async throws {
        step("Delivery tracking: accepted is not delivered (receipts move outbox messages on)")
        let receiver = WebhookReceiver()
        try await receiver.start()
        let phones = Dictionary(client.router.routes().compactMap { route in route.phone.map { ("\(route.provider)/\(route.instance)", $0) } },
                                uniquingKeysWith: { first, _ in first })
        for (provider, id) in instances {
            guard let phone = phones["\(provider.name)/\(id)"] else { continue }
            let entry = try await client.enqueue(.text("Your parcel arrives today", to: Self.customer), from: phone,
                                                 idempotencyKey: "demo-receipt-\(provider.name)")
            _ = await client.outbox.dispatchDue()
            guard let sent = try await client.outbox.entry(id: entry.id), let message = sent.messageID,
                  let sender = sent.provider.flatMap({ name in providers.first { $0.name == name } }), let instance = sent.instance else {
                throw SwitchboardError.invalidResponse("outbox entry \(entry.id) was not sent with a message id")
            }
            let harness = harnesses[sender.name]!
            var how: String
            if sender.capabilities.supports(.inboundAcks) {
                try await harness.configureWebhook(url: receiver.url, secret: "demo-secret")
                let before = receiver.count
                try await harness.ack(instance, message: message.rawValue, status: "read")
                var delivery: WebhookDelivery?
                for _ in 0..<50 where delivery == nil {
                    delivery = receiver.deliveries.dropFirst(before).first
                    if delivery == nil { try await Task.sleep(for: .milliseconds(100)) }
                }
                if let delivery { _ = await client.receiveWebhook(provider: sender.name, delivery) }
                how = "a message.ack webhook"
            } else {
                try await harness.ack(instance, message: message.rawValue, status: "read")
                try await client.pollReceipts()
                how = "its history's status (\(sender.kind)'s webhooks carry no receipts)"
            }
            let record = try await client.awaitDelivery(of: entry.id, timeout: .seconds(5))
            try expect(record?.status == .read, "entry \(entry.id) read, got \(String(describing: record?.status))")
            print("  \(sender.name): outbox entry \(entry.id) sent -> \(record!.status) from \(how)")
        }
        let never = try await client.enqueue(.text("Nobody acknowledges this one", to: Self.customer), from: Self.wawpPhone,
                                             idempotencyKey: "demo-receipt-never")
        _ = await client.outbox.dispatchDue()
        let strict = DeliveryTracker(outbox: client.store, store: client.store, stuckAfter: .zero)
        let stuck = try await strict.stuck().map(\.id)
        try expect(stuck.contains(never.id), "entry \(never.id) stuck")
        print("  entry \(never.id) got no receipt: `switchboard outbox` flags it stuck after tracking.stuckAfter (10 minutes by default; 0 s here)")
        await receiver.stop()

        step("Reconciliation: messages that came while the app's webhook endpoint was down")
        for (provider, id) in instances {
            // The webhooks of both now point at a receiver that is gone: three messages arrive unseen.
            let harness = harnesses[provider.name]!
            for index in 1...3 {
                _ = try await harness.inbound(id, from: Self.customer.phone!, text: "Are you there? (\(index))")
            }
            let first = try await client.reconcile(provider: provider.name, instance: id)
            let second = try await client.reconcile(provider: provider.name, instance: id)
            try expect(first.handedOver == 3 && second.handedOver == 0, "3 then 0 recovered, got \(first) then \(second)")
            print("  \(provider.name): read \(first.read) inbound since the last recorded event, handed over \(first.handedOver) new; again: \(second.handedOver)")
        }
        await client.dispatchInbox { _ in }
    }
}
