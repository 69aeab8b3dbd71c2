import Switchboard

/// Webhook URL set and test; inbound deliveries decoded into neutral events; authenticity.
enum WebhookCases {
    static let all: [ConformanceCase] = [
        ConformanceCase("webhook.set-and-test", requires: [.instancesCreate, .webhookSet, .webhookTest]) { context in
            let id = try await context.newInstance().id
            try await context.provider.setWebhook(id, url: try context.webhookURL)
            let count = try context.deliveryCount()
            try await context.provider.testWebhook(id)
            let deliveries = try await context.deliveries(after: count)
            let path = webhookPath(try context.webhookURL)
            try context.expect(deliveries.contains { $0.target.hasPrefix(path) }, "the test delivery did not go to \(path): \(deliveries.map(\.target))")
        },
        ConformanceCase("inbound.text", requires: [.instancesCreate, .pairingQR]) { context in
            let id = try await context.connectedInstance()
            try await context.routeWebhooks(id)
            let count = try context.deliveryCount()
            let messageID = try await context.harness.inbound(id, from: context.configuration.contactPhone, text: "Hi there 👋")
            let events = try await context.events(after: count) { events in Self.message(in: events, text: "Hi there 👋") != nil }
            let message = Self.message(in: events, text: "Hi there 👋")!
            let event = events.first { if case .message(let found) = $0.body { found == message } else { false } }!
            try context.expect(event.instance == id && event.provider == context.provider.name, "event is for \(event.provider)/\(event.instance)")
            try context.expect(!message.fromMe, "an inbound message is marked fromMe")
            try context.expect(message.chat == context.contact, "chat is \(message.chat), expected \(context.contact)")
            try context.expect(ConformanceIDs.same(message.id.rawValue, messageID), "id \(message.id) does not name \(messageID)")
            try context.expect(!event.id.isEmpty, "the event has no dedup id")
        },
        ConformanceCase("inbound.media", requires: [.instancesCreate, .pairingQR]) { context in
            let id = try await context.connectedInstance()
            try await context.routeWebhooks(id)
            let count = try context.deliveryCount()
            _ = try await context.harness.inbound(id, from: context.configuration.contactPhone, text: "a photo",
                                                  mediaURL: "https://example.com/inbound.jpg", mimeType: "image/jpeg")
            let events = try await context.events(after: count) { events in Self.message(in: events, text: "a photo")?.media != nil }
            let media = Self.message(in: events, text: "a photo")?.media
            try context.expect(media?.mimeType == "image/jpeg", "media MIME type is \(media?.mimeType ?? "nil")")
            try context.expect(media?.url != nil, "media has no URL")
        },
        ConformanceCase("inbound.ack", requires: [.instancesCreate, .pairingQR, .sendText, .inboundAcks]) { context in
            let id = try await context.connectedInstance()
            try await context.routeWebhooks(id)
            let sent = try await context.provider.send(.text("ack me", to: context.contact), from: id)
            guard let messageID = sent.id else { throw ConformanceSkip("the adapter gets no message id from this send, so acks cannot be matched") }
            let count = try context.deliveryCount()
            try await context.harness.ack(id, message: messageID.rawValue, status: "read")
            _ = try await context.events(after: count) { events in
                events.contains { if case .ack(let ack) = $0.body { ack.status == .read && ConformanceIDs.same(ack.message.rawValue, messageID.rawValue) } else { false } }
            }
        },
        ConformanceCase("inbound.status", requires: [.instancesCreate, .pairingQR, .inboundStatus]) { context in
            let id = try await context.newInstance().id
            try await context.routeWebhooks(id)
            _ = try await context.qrShown(id, first: try await context.provider.connect(id, method: .qr))
            let count = try context.deliveryCount()
            try await context.harness.scan(id, phone: context.configuration.instancePhone)
            _ = try await context.events(after: count) { events in
                events.contains { if case .instanceStatus(.connected, _) = $0.body { $0.instance == id } else { false } }
            }
        },
        ConformanceCase("webhook.authenticity", requires: [.instancesCreate, .pairingQR, .webhookSignature]) { context in
            let id = try await context.connectedInstance()
            try await context.routeWebhooks(id)
            let count = try context.deliveryCount()
            _ = try await context.harness.inbound(id, from: context.configuration.contactPhone, text: "genuine")
            let genuine = try await context.deliveries(after: count).last!
            try context.provider.verifyWebhook(genuine)
            var tampered = genuine.body
            tampered.append(contentsOf: Array(" ".utf8))
            let path = String(genuine.target.prefix { $0 != "?" })
            let forgeries = [
                WebhookDelivery(target: path, headers: [("Content-Type", "application/json")], body: genuine.body),
                WebhookDelivery(target: path + "?token=forged", headers: genuine.headers.filter { !$0.name.lowercased().contains("hmac") }, body: tampered),
            ]
            for forged in forgeries {
                try await context.expectError(.unauthorized, "a forged delivery") { try context.provider.verifyWebhook(forged) }
            }
        },
    ]

    static func webhookPath(_ url: String) -> String {
        guard let scheme = url.range(of: "://"), let slash = url[scheme.upperBound...].firstIndex(of: "/") else { return "/" }
        return String(url[slash...].prefix { $0 != "?" })
    }

    static func message(in events: [InboundEvent], text: String) -> Message? {
        for event in events { if case .message(let message) = event.body, message.text == text { return message } }
        return nil
    }
}
