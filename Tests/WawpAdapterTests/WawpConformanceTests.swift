import EmulatorKit
import Foundation
import Switchboard
import SwitchboardConformance
import SwitchboardWawp
import Testing
import WawpEmulator

/// The conformance suite, every standard case, against the Wawp emulator, through the suite's own
/// webhook receiver: in normal mode, and with seeds that vary what the spec leaves open (QR
/// timing, chat message order), with the same cases passing; and against the spec-literal
/// emulator, where every failure is the adapter's typed error naming an operation whose
/// documented answer is the plain-text placeholder.
@Suite struct WawpConformanceTests {
    @Test func theSuitePassesAgainstTheEmulator() async throws {
        let report = try await Self.run(EmulatorChoices.standard)
        for result in report.results {
            #expect(result.status != .fail, "\(result.jsonLine)")
            if result.status == .skip { #expect(result.reason?.isEmpty == false, "\(result.case) skipped without a reason") }
        }
        #expect(report.results.contains { $0.status == .pass })
    }

    @Test(arguments: [UInt64(7), 20_261_129])
    func variedChoicesPassTheSameCases(seed: UInt64) async throws {
        let standard = try await Self.run(.standard)
        let varied = try await Self.run(EmulatorChoices(seed: seed))
        let failures = varied.results.filter { $0.status == .fail }.map(\.jsonLine)
        #expect(Self.passed(varied) == Self.passed(standard), "seed \(seed): \(varied.summary) vs \(standard.summary); \(failures)")
    }

    @Test func specLiteralFailuresAreTypedAndNameTheOperation() async throws {
        let report = try await Self.run(.specLiteral, signaturePolicy: .verifyWhenPresent)
        print("wawp spec-literal conformance: \(report.summary)")
        for result in report.results where result.status == .fail {
            let reason = result.reason ?? ""
            #expect(reason.contains("invalid response") || reason.contains("invalidResponse"), "\(result.jsonLine)")
            #expect(reason.contains("/v2/") && (reason.contains("Success: Operation completed successfully.") || reason.contains("plain-text success")),
                    "\(result.jsonLine)")
        }
        #expect(report.results.contains { $0.case == "instances.create" && $0.status == .pass }, "\(report.summary)")
    }

    static func passed(_ report: ConformanceReport) -> Set<String> {
        Set(report.results.filter { $0.status == .pass }.map(\.case))
    }

    static func run(_ choices: EmulatorChoices, signaturePolicy: WawpSignaturePolicy = .required) async throws -> ConformanceReport {
        let emulator = try WawpEmulator(token: Fixture.accessToken, transport: Fixture.transport, startingPolls: 1, webhookAttempts: 1,
                                        choices: choices)
        let port = try await emulator.start()
        return try await withCleanup {
            let base = "http://127.0.0.1:\(port)"
            let configuration = ConformanceConfiguration(
                provider: WawpProvider(name: "wawp-test", baseURL: base, accessToken: Fixture.accessToken, transport: Fixture.transport,
                                       webhookSecret: Fixture.webhookSecret, signaturePolicy: signaturePolicy, store: try SQLiteStore.inMemory(),
                                       startupPolling: .init(attempts: 8, interval: .milliseconds(1))),
                harness: EmulatorHarness(baseURL: base, transport: Fixture.transport),
                unauthorizedProvider: WawpProvider(name: "wawp-test", baseURL: base, accessToken: "wrong-token", transport: Fixture.transport),
                webhookSecret: Fixture.webhookSecret)
            return await ConformanceSuite(configuration).run()
        } cleanup: {
            await emulator.stop()
        }
    }
}
