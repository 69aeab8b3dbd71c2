import ArgumentParser
import EmulatorKit
import Logging
import Switchboard
import WasupEmulator
import WawpEmulator

/// `switchboard emulate wawp|wasup --port N --token T [--literal] [--seed S]`.
struct Emulate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Run a provider emulator until interrupted (Ctrl-C), logging each request on one line.")
    @Argument(help: "wawp or wasup.") var provider: String
    @Option(help: "The port to listen on (0 picks one).") var port = 9100
    @Option(help: "The credential clients must present (Wawp access_token, Wasup API key).") var token: String
    @Flag(help: "Answer only what the spec documents (Wawp's plain-text successes; Wasup's sends without an id, bare base64 QR).")
    var literal = false
    @Option(help: "Vary, repeatably from this seed, what the spec leaves open (QR timing, list order, answer and date forms).")
    var seed: UInt64?

    func run() async throws {
        logToStandardError(level: .info)
        try await reportingErrors {
            try await CurlTransport.withTransport { transport in
                // Each emulator's run() logs one line per request and returns on SIGINT or SIGTERM.
                let choices = EmulatorChoices(literal: literal, seed: seed)
                switch provider {
                case "wawp": try await WawpEmulator(token: token, transport: transport, choices: choices).run(port: port)
                case "wasup": try await WasupEmulator(token: token, transport: transport, choices: choices).run(port: port)
                default: throw UsageError("no emulator for \"\(provider)\" (emulated: \(RunningEmulator.kinds.joined(separator: ", ")))")
                }
            }
        }
    }
}
