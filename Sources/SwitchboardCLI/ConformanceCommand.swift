import ArgumentParser
import EmulatorKit
import Switchboard
import SwitchboardConformance

/// `switchboard conformance --provider wawp|wasup (--emulator | --base-url URL --token T [--harness URL])`.
struct ConformanceCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "conformance",
                                                    abstract: "Run the conformance suite against an emulator or a deployment; exit 0 only when nothing failed.")
    @Option(help: "The adapter kind: wawp or wasup.") var provider: String
    @Flag(help: "Start that provider's emulator in-process and run against it.") var emulator = false
    @Flag(help: "With --emulator: the spec-literal emulator, which answers only what the spec documents.") var literal = false
    @Option(help: "With --emulator: vary, repeatably from this seed, what the spec leaves open.") var seed: UInt64?
    @Option(help: "A deployment's base URL.") var baseURL: String?
    @Option(help: "The deployment's credential.") var token: String?
    @Option(help: "A control API (the phone's side) for the deployment; without it, phone cases skip.") var harness: String?
    @Option(help: "The deployment's webhook signing secret, where it signs.") var webhookSecret: String?
    @Option(help: "The address the suite's webhook receiver binds (0.0.0.0 for a tunnel).") var receiverHost = "127.0.0.1"
    @Option(help: "The port the suite's webhook receiver binds (0 picks a free one).") var receiverPort = 0
    @Option(help: "The public URL the deployment reaches the receiver at (a tunnel), without the path.") var receiverURL: String?
    @Option(help: "The longest a case waits for a state, a QR code or a delivery, in seconds.") var timeout = 15.0
    @Option(help: "The pause between two looks while waiting, in milliseconds.") var pollInterval = 100
    @Flag(help: "Print one JSON line per case.") var json = false

    func run() async throws {
        let failed = try await reportingErrors { () -> Bool in
            guard let kind = providerKinds.first(where: { $0.name == provider }) else {
                throw UsageError("unknown provider kind \"\(provider)\" (known: \(providerKinds.map(\.name).joined(separator: ", ")))")
            }
            return try await CurlTransport.withTransport { transport -> Bool in
                var running: RunningEmulator?
                var base = baseURL, credential = token, control = harness, secret = webhookSecret
                if emulator {
                    credential = "conformance-token"
                    secret = "conformance-webhook-secret"
                    running = try await RunningEmulator.start(provider, token: credential!, transport: transport,
                                                              choices: EmulatorChoices(literal: literal, seed: seed))
                    base = running!.baseURL
                    control = running!.baseURL
                }
                guard let base, let credential else { throw UsageError("give --emulator, or --base-url and --token") }
                let settings = kind.configuration(name: "\(provider)-conformance", baseURL: base, credential: credential, webhookSecret: secret)
                let wrong = kind.configuration(name: settings.name, baseURL: base, credential: "wrong-" + credential, webhookSecret: secret)
                let suite = ConformanceSuite(ConformanceConfiguration(
                    provider: try kind.make(settings, 0, ProviderEnvironment(transport: transport, store: try SQLiteStore.inMemory())),
                    harness: control.map { EmulatorHarness(baseURL: $0, transport: transport) },
                    unauthorizedProvider: try kind.make(wrong, 0, ProviderEnvironment(transport: transport, store: try SQLiteStore.inMemory())),
                    webhookSecret: secret,
                    receiver: WebhookReceiver.Options(host: receiverHost, port: receiverPort, publicURL: receiverURL),
                    timing: .init(timeout: .milliseconds(Int64(timeout * 1000)), pollInterval: .milliseconds(pollInterval))))
                let report = await suite.run { result in
                    if json {
                        print(result.jsonLine)
                    } else {
                        print("\(result.status.rawValue.uppercased().padding(toLength: 5, withPad: " ", startingAt: 0)) \(result.case) (\(result.ms) ms)\(result.reason.map { ": \($0)" } ?? "")")
                    }
                }
                print(report.summary)
                await running?.stop()
                return report.failed > 0
            }
        }
        if failed { throw Exit.provider }
    }
}
