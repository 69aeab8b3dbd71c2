import ArgumentParser
import Foundation
import Switchboard
import SwitchboardConformance

/// `switchboard demo`: the mission end to end against both emulators, with nothing to set up.
struct Demo: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Show Switchboard working against local Wawp and Wasup emulators.")

    func run() async throws {
        try await reportingErrors {
            let transport = CurlTransport()
            defer { transport.shutdown() }
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

/// The demo's steps, each printed as it happens.
struct DemoScript {
    let transport: CurlTransport
    let emulators: [RunningEmulator]
    let providers: [any MessagingProvider]
    let harnesses: [String: EmulatorHarness]

    static let wawpPhone = Phone(e164Digits: "447700900123")
    static let wasupPhone = Phone(e164Digits: "447700900456")
    static let customer = ChatID.person(Phone(e164Digits: "447700900999"))

    /// Starts both emulators and builds the providers from a configuration, as an app would.
    static func start(transport: CurlTransport) async throws -> DemoScript {
        let wawp = try await RunningEmulator.start("wawp", token: "demo-token", transport: transport)
        let wasup = try await RunningEmulator.start("wasup", token: "demo-key", transport: transport)
        let configuration = SwitchboardConfiguration(providers: [
            ProviderConfiguration(name: "wawp-demo", kind: "wawp", baseURL: wawp.baseURL, accessToken: "demo-token",
                                  instances: [], webhookSecret: "demo-secret"),
            ProviderConfiguration(name: "wasup-demo", kind: "wasup", baseURL: wasup.baseURL, apiKey: "demo-key",
                                  webhookSecret: "demo-secret"),
        ])
        let providers = try ProviderKind.makeProviders(configuration, kinds: providerKinds,
                                                       environment: ProviderEnvironment(transport: transport))
        return DemoScript(transport: transport, emulators: [wawp, wasup], providers: providers,
                          harnesses: ["wawp-demo": EmulatorHarness(baseURL: wawp.baseURL, transport: transport),
                                      "wasup-demo": EmulatorHarness(baseURL: wasup.baseURL, transport: transport)])
    }

    func stop() async {
        for emulator in emulators { await emulator.stop() }
    }

    func step(_ title: String) { print("\n== \(title)") }

    func play() async throws {
        step("Two providers from one configuration")
        for (provider, emulator) in zip(providers, emulators) {
            print("  \(provider.name) (\(provider.kind)) at \(emulator.baseURL)")
        }

        step("Create an instance on each and pair a phone")
        var instances: [(any MessagingProvider, String)] = []
        for provider in providers {
            let harness = harnesses[provider.name]!
            let instance = try await provider.createInstance(InstanceDraft(name: "demo"))
            let phone = provider.kind == "wawp" ? Self.wawpPhone : Self.wasupPhone
            if provider.kind == "wawp" {
                let state = try await waitForPairing(provider, instance.id, method: .code(phone: phone))
                guard case .code(let code) = state else { throw SwitchboardError.invalidResponse("no pairing code: \(state)") }
                print("  \(provider.name)/\(instance.id): pairing code \(code), typed on \(phone)")
                try await harness.confirmCode(instance.id, code: code)
            } else {
                let state = try await waitForPairing(provider, instance.id, method: .qr)
                if case .qr(let qr) = state { print("  \(provider.name)/\(instance.id): QR shown (\(qr.png?.count ?? 0) byte PNG), scanned by \(phone)") }
                try await harness.scan(instance.id, phone: phone)
            }
            let linked = try await waitConnected(provider, instance.id)
            print("  \(provider.name)/\(instance.id) is \(linked.status) as \(linked.phone?.e164 ?? "?")")
            instances.append((provider, instance.id))
        }

        step("Send the same message through either provider: one API")
        for (provider, id) in instances {
            let sent = try await provider.send(.text("Hello from Switchboard via \(provider.kind)", to: Self.customer), from: id, origin: .automated)
            let received = try await harnesses[provider.name]!.sent(id).last
            print("  \(provider.name): sent \(sent.id?.rawValue ?? "(no id)"); the customer's phone got \"\(received?["text"]?.string ?? received?["content"]?["text"]?.string ?? "?")\"")
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

        step("Handoff to a human, the same on both (Wasup keeps it, Switchboard keeps it for Wawp)")
        for (provider, id) in instances {
            try await provider.setHandoff(id, chat: Self.customer, active: true)
            let refusal = await failure { _ = try await provider.send(.text("bot reply", to: Self.customer), from: id, origin: .automated) }
            print("  \(provider.name): automated send \(refusal.map { "refused: \($0.kind)" } ?? "went through (unexpected)")")
            _ = try await provider.send(.text("an operator typing", to: Self.customer), from: id, origin: .human)
            print("  \(provider.name): the operator's send went through")
            _ = try await provider.clearHandoffs(id)
        }

        step("Errors look the same whatever the provider")
        for (provider, _) in instances {
            if let error = await failure({ _ = try await provider.instance("no-such-instance") }) {
                print("  \(provider.name): \(error.kind), HTTP \(error.httpStatus.map(String.init) ?? "-")")
            }
        }

        step("Conformance: the same checks on both adapters")
        for provider in providers {
            let harness = harnesses[provider.name]!
            var wrong = ProviderConfiguration(name: provider.name, kind: provider.kind,
                                              baseURL: emulators.first { $0.kind == provider.kind }!.baseURL,
                                              accessToken: "wrong", apiKey: "wrong", instances: [], webhookSecret: "demo-secret")
            wrong.name = provider.name
            let intruder = try providerKinds.first { $0.name == provider.kind }!.make(wrong, 0, ProviderEnvironment(transport: transport))
            let report = await ConformanceSuite(ConformanceConfiguration(
                provider: provider, harness: harness, unauthorizedProvider: intruder, webhookSecret: "demo-secret")).run()
            print("  \(provider.name): \(report.summary)")
        }

        step("Feature matrix (switchboard capabilities)")
        print(CapabilityTable.markdown(providers.map { ($0.kind, $0.capabilities) }))
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
