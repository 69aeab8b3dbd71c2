import ArgumentParser
import Switchboard

/// `switchboard emulate wawp|wasup --port N --token T`.
struct Emulate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Run a provider emulator until interrupted, logging each request on one line.")
    @Argument(help: "wawp or wasup.") var provider: String
    @Option(help: "The port to listen on (0 picks one).") var port = 9100
    @Option(help: "The credential clients must present (Wawp access_token, Wasup API key).") var token: String

    func run() async throws {
        try await reportingErrors {
            let transport = CurlTransport()
            defer { transport.shutdown() }
            let emulator = try await RunningEmulator.start(provider, token: token, port: port, transport: transport)
            print("\(provider) emulator on \(emulator.baseURL) (control API under /__emulator); Ctrl-C stops it")
            // Serve until the process is interrupted.
            while !Task.isCancelled { try await Task.sleep(for: .seconds(3600)) }
            await emulator.stop()
        }
    }
}
