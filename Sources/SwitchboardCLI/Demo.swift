import ArgumentParser
import Foundation
import Logging
import Switchboard
import SwitchboardConformance

/// `switchboard demo`: the mission end to end against both emulators, with nothing to set up.
struct Demo: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Show Switchboard working against local Wawp and Wasup emulators.")

    func run() async throws {
        // The demo narrates itself; library and emulator logs go to stderr, errors only.
        logToStandardError(level: .error)
        try await reportingErrors {
            try await CurlTransport.withTransport { transport in
                let script = try await DemoScript.start(transport: transport)
                do {
                    try await script.play()
                } catch {
                    await script.stop()
                    throw error
                }
                await script.stop()
            }
        }
    }
}

/// The demo's steps, each printed as it happens.
struct DemoScript {
    let transport: CurlTransport
    let emulators: [RunningEmulator]
    let client: SwitchboardClient
    var providers: [any MessagingProvider] { client.providers }
    let harnesses: [String: EmulatorHarness]

    static let wawpPhone = Phone(e164Digits: "447700900123")
    static let wasupPhone = Phone(e164Digits: "447700900456")
    static let customer = ChatID.person(Phone(e164Digits: "447700900999"))

    /// Starts both emulators and builds the providers from a configuration, as an app would.
    static func start(transport: CurlTransport) async throws -> DemoScript {
        let wawp = try await RunningEmulator.start("wawp", token: "demo-token", transport: transport)
        let wasup = try await RunningEmulator.start("wasup", token: "demo-key", transport: transport)
        let configuration = SwitchboardConfiguration(store: ":memory:", providers: [
            ProviderConfiguration(name: "wawp-demo", kind: "wawp", baseURL: wawp.baseURL, instances: [],
                                  values: ["accessToken": "demo-token", "webhookSecret": "demo-secret"]),
            ProviderConfiguration(name: "wasup-demo", kind: "wasup", baseURL: wasup.baseURL,
                                  values: ["apiKey": "demo-key", "webhookSecret": "demo-secret"]),
        ])
        // The one object an app holds; the demo drives its outbox and inbox itself, step by step.
        let client = try SwitchboardClient(configuration: configuration, kinds: providerKinds, transport: transport)
        return DemoScript(transport: transport, emulators: [wawp, wasup], client: client,
                          harnesses: ["wawp-demo": EmulatorHarness(baseURL: wawp.baseURL, transport: transport),
                                      "wasup-demo": EmulatorHarness(baseURL: wasup.baseURL, transport: transport)])
    }

    func stop() async {
        await client.shutdown()
        for emulator in emulators { await emulator.stop() }
    }

    func step(_ title: String) { print("\n== \(title)") }

    func play() async throws {
        step("Two providers from one configuration")
        for (provider, emulator) in zip(providers, emulators) {
            print("  \(provider.name) (\(provider.kind)) at \(emulator.baseURL)")
        }

        step("Create an instance on each; pair one by QR, one by pairing code")
        var instances: [(any MessagingProvider, String)] = []
        for provider in providers {
            let harness = harnesses[provider.name]!
            let instance = try await provider.createInstance(InstanceDraft(name: "demo"))
            let phone = provider.kind == "wawp" ? Self.wawpPhone : Self.wasupPhone
            if provider.kind == "wawp" {
                let state = try await waitForPairing(provider, instance.id, method: .qr)
                guard case .qr(let qr) = state else { throw SwitchboardError.invalidResponse("no QR code: \(state)") }
                print("  \(provider.name)/\(instance.id): scan this QR code (the emulator's phone does):")
                if let value = qr.value, let drawing = TerminalQR.render(value) { print(drawing) }
                try await harness.scan(instance.id, phone: phone)
                print("  scanned by \(phone)")
            } else {
                let state = try await waitForPairing(provider, instance.id, method: .code(phone: phone))
                guard case .code(let code) = state else { throw SwitchboardError.invalidResponse("no pairing code: \(state)") }
                print("  \(provider.name)/\(instance.id): pairing code \(code), typed on \(phone)")
                try await harness.confirmCode(instance.id, code: code)
            }
            let linked = try await waitConnected(provider, instance.id)
            print("  \(provider.name)/\(instance.id) is \(linked.status) as \(linked.phone?.e164 ?? "?")")
            instances.append((provider, instance.id))
        }

        _ = try await client.refreshRoutes()  // the client's routing table learns the new instances

        step("Send the same message through either provider: one API")
        for (provider, id) in instances {
            let sent = try await client.send(.text("Hello from Switchboard via \(provider.kind)", to: Self.customer), via: provider.name, instance: id)
            let received = try await harnesses[provider.name]!.sent(id).last
            print("  \(provider.name): sent \(sent.id?.rawValue ?? "(no id)"); the customer's phone got \"\(received?.text ?? "?")\"")
        }

        step("Route by connected phone, across providers")
        for phone in [Self.wawpPhone, Self.wasupPhone] {
            let sent = try await client.send(.text("Routed from \(phone)", to: Self.customer), from: phone)
            print("  from \(phone): went out through \(sent.provider)/\(sent.instance)")
        }
        let unknown = Phone(e164Digits: "447700900000")
        let noRoute = await failure { _ = try await client.send(.text("nobody has this number", to: Self.customer), from: unknown) }
        try expect(noRoute?.kind == .notFound, "no route from an unknown number, got \(String(describing: noRoute))")
        print("  from \(unknown): \(noRoute!.kind): \(noRoute!.message.prefix(110))…")

        step("One number linked on both providers: Wasup says it is not connected, the router fails over to Wawp")
        let wasupProvider = instances[1].0
        let second = try await wasupProvider.createInstance(InstanceDraft(name: "demo, same number"))
        _ = try await waitForPairing(wasupProvider, second.id, method: .qr)
        try await harnesses[wasupProvider.name]!.scan(second.id, phone: Self.wawpPhone)
        _ = try await waitConnected(wasupProvider, second.id)
        let shared = try MessageRouter(providers: [wasupProvider, instances[0].0])
        _ = await shared.refresh()
        let first = try await shared.send(.text("Wasup first, by configuration order", to: Self.customer), from: Self.wawpPhone)
        try expect(first.provider == wasupProvider.name, "the first send to go through \(wasupProvider.name), not \(first.provider)")
        print("  \(Self.wawpPhone) is on \(wasupProvider.name)/\(second.id) and \(instances[0].0.name)/\(instances[0].1); configuration order picks \(first.provider)")
        try await harnesses[wasupProvider.name]!.addFault(method: "POST", path: "/api/instances/{instanceId}/send", status: 400, times: 1,
                                                          body: #"{"error":"Instance is not connected"}"#, contentType: "application/json")
        let failedOver = try await shared.send(.text("sent despite a disconnected instance", to: Self.customer), from: Self.wawpPhone)
        try expect(failedOver.provider == instances[0].0.name, "a failover to \(instances[0].0.name), got \(failedOver.provider)")
        let cooling = shared.routes().first { $0.instance == second.id }?.cooldownRemaining
        print("  Wasup answered \"not connected\": sent through \(failedOver.provider)/\(failedOver.instance) instead; \(second.id) cools for \(cooling.map { "\($0)" } ?? "-")")
        print("  (a 429 or an anti-ban refusal is about the number, not the instance: it is not failed over; see the pacing step)")

        step("The outbox: committed before sending, each message sent exactly once")
        for index in 1...3 {
            _ = try await client.enqueue(.text("Order \(index) has shipped", to: Self.customer), from: Self.wasupPhone, idempotencyKey: "demo-order-\(index)")
        }
        _ = try await client.enqueue(.text("Order 1 has shipped", to: Self.customer), from: Self.wasupPhone, idempotencyKey: "demo-order-1")
        _ = await client.outbox.dispatchDue()
        let sentEntries = try await client.outbox.entries(state: .sent)
        let delivered = try await harnesses[wasupProvider.name]!.sent(instances[1].1).filter { $0.shows("has shipped") }.count
        try expect(sentEntries.count == 3 && delivered == 3, "3 outbox messages sent once each, got \(sentEntries.count) sent and \(delivered) delivered")
        print("  4 enqueues (one repeated idempotency key) -> \(sentEntries.count) sent, \(delivered) on the customer's phone")

        try await playPacing(wasup: wasupProvider)

        step("Inbound: webhooks verified, decoded into one event shape, each once")
        // Deliveries reach a receiver of our own, as they would an app's server.
        let receiver = WebhookReceiver()
        try await receiver.start()
        for (provider, id) in instances {
            let harness = harnesses[provider.name]!
            if provider.capabilities.supports(.webhookSet) {
                try await provider.setWebhook(id, url: receiver.url)
            } else {
                try await harness.configureWebhook(url: receiver.url, secret: "demo-secret")
            }
            let before = receiver.count
            _ = try await harness.inbound(id, from: Self.customer.phone!, text: "Hi, is my order on its way?")
            var delivery: WebhookDelivery?
            for _ in 0..<50 where delivery == nil {
                delivery = receiver.deliveries.dropFirst(before).first
                if delivery == nil { try await Task.sleep(for: .milliseconds(100)) }
            }
            guard let delivery else { throw SwitchboardError.invalidResponse("\(provider.name) delivered no webhook") }
            let answer = await client.receiveWebhook(provider: provider.name, delivery)
            try expect(answer.status == 200 && answer.events.contains { if case .message(let m) = $0.body { m.text == "Hi, is my order on its way?" } else { false } },
                       "the customer's message as an event from \(provider.name), got HTTP \(answer.status)")
            for event in answer.events { print("  \(provider.name): \(EventFormat.text(event))") }
            if case .message(let message)? = answer.events.first?.body {
                try await provider.react(id, to: message.id, in: Self.customer, emoji: "👍")
                let reacted = try await harness.sent(id).last?.reaction?.emoji == "👍"
                try expect(reacted, "the 👍 reaction on the customer's phone (\(provider.name))")
                print("  \(provider.name): reacted 👍 to it")
            }
            let again = await client.receiveWebhook(provider: provider.name, delivery)
            print("  \(provider.name): the same delivery again: HTTP \(again.status), \(again.events.count) new event(s)"
                  + (again.duplicates > 0 ? ", \(again.duplicates) duplicate dropped" : "") + (again.error.map { " (\($0.message))" } ?? ""))
            var forged = delivery
            forged.body.append(contentsOf: Array(" ".utf8))
            forged.headers = forged.headers.filter { !$0.name.lowercased().contains("hmac") }
            forged.target = String(forged.target.prefix { $0 != "?" })
            try expect(again.events.isEmpty, "no new event from a redelivery")
            let forgedAnswer = await client.receiveWebhook(provider: provider.name, forged)
            try expect(forgedAnswer.status == 401 && forgedAnswer.events.isEmpty, "a forged delivery refused, got HTTP \(forgedAnswer.status)")
            print("  \(provider.name): a forged delivery: HTTP \(forgedAnswer.status)")
        }

        step("Media, and what each provider cannot do exactly")
        for (provider, id) in instances {
            let buttons = OutboundMessage(to: Self.customer, content: .buttons(ButtonsMessage(text: "Shall we call you?", buttons: [.init(id: "y", title: "Yes"), .init(id: "n", title: "No")])))
            if let error = await failure({ _ = try await provider.send(buttons, from: id) }), error.kind == .unsupported {
                var degraded = buttons
                degraded.allowsDegradation = true
                let sent = try await provider.send(degraded, from: id)
                print("  \(provider.name): buttons refused (\(error.kind)); with degradation allowed: \(sent.degradation ?? "sent")")
            } else {
                print("  \(provider.name): buttons sent as buttons")
            }
        }

        step("Handoff to a human and back with a keyword, the same on both (Wasup keeps it, Switchboard keeps it for Wawp)")
        for (provider, id) in instances {
            let harness = harnesses[provider.name]!
            try await client.handoffs.setSettings(HandoffSettings(resumeKeywords: ["#bot"], resumeMessage: ""), provider: provider.name, instance: id)
            try await client.setHandoff(true, chat: Self.customer, instance: id, provider: provider.name)
            let refusal = await failure { _ = try await client.send(.text("bot reply", to: Self.customer), via: provider.name, instance: id) }
            try expect(refusal?.kind == .handoffActive, "the automated send refused with handoffActive, got \(String(describing: refusal))")
            print("  \(provider.name): automated send refused: \(refusal!.kind)")
            let before = receiver.count
            _ = try await harness.inbound(id, from: Self.customer.phone!, text: "#bot over to you", fromMe: true)
            var resumed = false
            for _ in 0..<50 where !resumed {
                // Wasup clears it itself (the client mirrors it); for Wawp the client does, when the
                // inbox hands over the operator's message.
                for delivery in receiver.deliveries.dropFirst(before) {
                    _ = await client.receiveWebhook(provider: provider.name, delivery)
                }
                await client.dispatchInbox { _ in }
                resumed = try await !client.handoffs(instance: id, provider: provider.name).contains { $0.chat == Self.customer }
                if !resumed { try await Task.sleep(for: .milliseconds(100)) }
            }
            try expect(resumed, "the operator's #bot on the phone to end the handoff on \(provider.name)")
            print("  \(provider.name): the operator typed \"#bot over to you\" on the phone: automation resumed")
        }

        await receiver.stop()
        try await showTracking(instances)

        step("Errors look the same whatever the provider")
        for (provider, _) in instances {
            let error = await failure { _ = try await provider.instance("no-such-instance") }
            try expect(error?.kind == .notFound, "notFound for an unknown instance, got \(String(describing: error))")
            print("  \(provider.name): \(error!.kind), HTTP \(error!.httpStatus.map(String.init) ?? "-")")
        }

        step("Conformance: the same checks on both adapters")
        for provider in providers {
            let harness = harnesses[provider.name]!
            let kind = providerKinds.first { $0.name == provider.kind }!
            let wrong = kind.configuration(name: provider.name, baseURL: emulators.first { $0.kind == provider.kind }!.baseURL,
                                           credential: "wrong", webhookSecret: "demo-secret")
            let intruder = try kind.make(wrong, 0, ProviderEnvironment(transport: transport, store: client.store))
            let report = await ConformanceSuite(ConformanceConfiguration(
                provider: provider, harness: harness, unauthorizedProvider: intruder, webhookSecret: "demo-secret")).run()
            print("  \(provider.name): \(report.summary)")
            try expect(report.failed == 0, "no conformance failure on \(provider.name): \(report.results.filter { $0.status == .fail }.map(\.case))")
        }

        step("Feature matrix (switchboard capabilities)")
        print(CapabilityTable.markdown(providers.map { ($0.kind, $0.capabilities) }))
    }

    /// Stops the demo (exit 1) when something does not behave as narrated.
    func expect(_ condition: Bool, _ what: @autoclosure () -> String) throws {
        guard condition else { throw SwitchboardError.invalidResponse("the demo expected \(what())") }
    }

    /// The error `body` throws, or nil when it succeeds.
    private func failure(_ body: () async throws -> Void) async -> SwitchboardError? {
        do {
            try await body()
            return nil
        } catch let error as SwitchboardError {
            return error
        } catch {
            return .invalidResponse("\(error)")
        }
    }

    private func waitForPairing(_ provider: any MessagingProvider, _ id: String, method: PairingMethod) async throws -> PairingState {
        var state = try await provider.connect(id, method: method)
        for _ in 0..<50 {
            if case .waiting = state {
                try await Task.sleep(for: .milliseconds(100))
                state = try await provider.pairingState(id)
            } else { break }
        }
        return state
    }

    private func waitConnected(_ provider: any MessagingProvider, _ id: String) async throws -> Instance {
        for _ in 0..<50 {
            let instance = try await provider.instance(id)
            if instance.status == .connected { return instance }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw SwitchboardError.instanceNotReady("\(provider.name)/\(id) did not connect")
    }
}
