import ArgumentParser
import Logging
import Switchboard
import WasupEmulator
import WawpEmulator

/// `switchboard emulate wawp|wasup --port N --token T`.
struct Emulate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Run a provider emulator until interrupted (Ctrl-C), logging each request on one line.")
    @Argument(help: "wawp or wasup.") var provider: String
    @Option(help: "The port to listen on (0 picks one).") var port = 9100
    @Option(help: "The credential clients must present (Wawp access_token, Wasup API key).") var token: String

    func run() async throws {
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = .info
            return handler
        }
        try await reportingErrors {
            try await CurlTransport.withTransport { transport in
                // Each emulator's run() logs one line per request and returns on SIGINT or SIGTERM.
                switch provider {
                case "wawp": try await WawpEmulator(token: token, transport: transport).run(port: port)
                case "wasup": try await WasupEmulator(token: token, transport: transport).run(port: port)
                default: throw UsageError("no emulator for \"\(provider)\" (emulated: \(RunningEmulator.kinds.joined(separator: ", ")))")
                }
            }
        }
    }
}
