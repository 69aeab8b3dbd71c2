import EmulatorKit
import Foundation
import Switchboard
import SwitchboardConformance
import SwitchboardWasup
import Testing
import WasupEmulator

/// The conformance suite against this adapter and the Wasup emulator, through the suite's own
/// webhook receiver: every case passes, or is skipped with a reason, or is an expected failure
/// listed below with why (a listed case that starts passing fails the run, so the list cannot go
/// stale). The same in spec-literal mode (sends without an id, bare base64 QR), and with seeds
/// that vary what the spec leaves open, with the same cases passing.
@Suite struct WasupConformanceTests {
    /// Cases that fail today for reasons outside the adapter, each with the reason.
    /// Nothing is expected to fail on Wasup.
    static let expectedFailures: [String: String] = [:]

    @Test(arguments: [EmulatorChoices.standard, .specLiteral])
    func suitePassesAgainstTheEmulator(choices: EmulatorChoices) async throws {
        let report = try await Self.runSuite(choices)
        print("wasup conformance (\(choices.literal ? "spec-literal" : "normal")): \(report.summary)")
        for result in report.results {
            #expect(result.status != .fail, "\(result.case): \(result.reason ?? "")")
            if result.status == .skip { #expect(result.reason?.isEmpty == false, "\(result.case) skipped without a reason") }
        }
        #expect(report.passed > 0, "\(report.summary)")
    }

    @Test(arguments: [UInt64(7), 20_261_129])
    func variedChoicesPassTheSameCases(seed: UInt64) async throws {
        let standard = try await Self.runSuite(.standard)
        let varied = try await Self.runSuite(EmulatorChoices(seed: seed))
        #expect(Set(varied.results.filter { $0.status == .pass }.map(\.case)) == Set(standard.results.filter { $0.status == .pass }.map(\.case)),
                "seed \(seed): \(varied.summary) vs \(standard.summary); \(varied.results.filter { $0.status == .fail }.map(\.jsonLine))")
    }

    /// Runs the suite; webhooks go to the suite's own receiver.
    static func runSuite(_ choices: EmulatorChoices = .standard) async throws -> ConformanceReport {
        let emulator = try WasupEmulator(token: Fixture.apiKey, transport: Fixture.transport, webhookAttempts: 1, choices: choices)
        let port = try await emulator.start()
        return await withCleanup {
            let base = "http://127.0.0.1:\(port)"
            let configuration = ConformanceConfiguration(
                provider: Fixture.provider(base),
                harness: SwitchboardConformance.EmulatorHarness(baseURL: base, transport: Fixture.transport),
                unauthorizedProvider: WasupProvider(name: "wasup-test", baseURL: base, apiKey: "wrong-key", transport: Fixture.transport),
                webhookSecret: Fixture.webhookSecret, expectedFailures: expectedFailures)
            return await ConformanceSuite(configuration).run()
        } cleanup: {
            await emulator.stop()
        }
    }
}
