import EmulatorKit
import Switchboard
import WasupEmulator
import WawpEmulator

/// An emulator running in this process.
struct RunningEmulator {
    /// The provider kind it emulates.
    let kind: String
    /// Its base URL on loopback.
    let baseURL: String
    /// Stops it.
    let stop: @Sendable () async -> Void

    /// Kinds that have an emulator.
    static let kinds = ["wawp", "wasup"]

    /// Starts the emulator of `kind` on 127.0.0.1 (`port` 0 picks a free one).
    static func start(_ kind: String, token: String, port: Int = 0, transport: any HTTPTransport,
                      choices: EmulatorChoices = .standard) async throws -> RunningEmulator {
        switch kind {
        case "wawp":
            let emulator = try WawpEmulator(token: token, transport: transport, choices: choices)
            let bound = try await emulator.start(port: port)
            return RunningEmulator(kind: kind, baseURL: "http://127.0.0.1:\(bound)", stop: { await emulator.stop() })
        case "wasup":
            let emulator = try WasupEmulator(token: token, transport: transport, choices: choices)
            let bound = try await emulator.start(port: port)
            return RunningEmulator(kind: kind, baseURL: "http://127.0.0.1:\(bound)", stop: { await emulator.stop() })
        default:
            throw UsageError("no emulator for \"\(kind)\" (emulated: \(kinds.joined(separator: ", ")))")
        }
    }
}
