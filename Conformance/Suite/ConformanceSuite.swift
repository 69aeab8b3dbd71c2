import Foundation
import Switchboard

/// Runs the conformance cases against one adapter and reports each as a JSON line.
///
/// ```swift
/// let suite = ConformanceSuite(ConformanceConfiguration(provider: adapter, harness: harness))
/// let report = await suite.run { print($0.jsonLine) }
/// print(report.summary)   // "48 passed, 0 failed, 3 skipped"
/// ```
///
/// A case whose features the adapter lacks is skipped with the reason; a case without the
/// harness it needs is skipped; a case listed in
/// ``ConformanceConfiguration/expectedFailures`` that fails is skipped with its reason, and one
/// that passes instead fails (the list is out of date). With a harness, the last case reads the
/// request log: any catalog violation by the adapter fails the run.
public struct ConformanceSuite: Sendable {
    /// The configuration.
    public let configuration: ConformanceConfiguration
    /// The cases, in run order.
    public let cases: [ConformanceCase]

    /// Creates a suite with every standard case, or the given ones.
    public init(_ configuration: ConformanceConfiguration, cases: [ConformanceCase] = ConformanceSuite.standardCases) {
        self.configuration = configuration
        self.cases = cases
    }

    /// Every case the suite ships, in run order.
    public static var standardCases: [ConformanceCase] {
        InstanceCases.all + PairingCases.all + SendingCases.all + ChatCases.all + HandoffCases.all
            + WebhookCases.all + ErrorCases.all + [CatalogCase.noViolations]
    }

    /// Runs every case in order, calling `onResult` as each ends. The suite's webhook receiver
    /// listens for the whole run (see ``ConformanceConfiguration/receiver``).
    public func run(onResult: (CaseResult) -> Void = { _ in }) async -> ConformanceReport {
        if let harness = configuration.harness {
            do { try await harness.reset() } catch {
                let result = CaseResult(case: "harness.reset", status: .fail, ms: 0, reason: "\(error)")
                onResult(result)
                return ConformanceReport(results: [result])
            }
        }
        let receiver = WebhookReceiver(configuration.receiver)
        do { try await receiver.start() } catch {
            let result = CaseResult(case: "receiver.start", status: .fail, ms: 0,
                                    reason: "the webhook receiver could not listen on \(configuration.receiver.host):\(configuration.receiver.port): \(error)")
            onResult(result)
            return ConformanceReport(results: [result])
        }
        var results: [CaseResult] = []
        for testCase in cases {
            let result = await run(testCase, receiver: receiver)
            onResult(result)
            results.append(result)
        }
        await receiver.stop()
        return ConformanceReport(results: results)
    }

    private func run(_ testCase: ConformanceCase, receiver: WebhookReceiver) async -> CaseResult {
        let missing = testCase.requires.filter { !configuration.provider.capabilities.supports($0) }
        if !missing.isEmpty {
            return CaseResult(case: testCase.id, status: .skip, ms: 0,
                              reason: "adapter lacks " + missing.sorted().map(\.rawValue).joined(separator: ", "))
        }
        if testCase.needsHarness && configuration.harness == nil {
            return CaseResult(case: testCase.id, status: .skip, ms: 0, reason: "needs the phone's side: give a harness URL")
        }
        let context = ConformanceContext(configuration: configuration, caseID: testCase.id, receiver: receiver)
        let started = ContinuousClock.now
        var failure: String?
        var skip: String?
        do { try await testCase.body(context) } catch let error as ConformanceSkip { skip = error.description } catch { failure = "\(error)" }
        await context.cleanUp()
        if let harness = configuration.harness { try? await harness.clearFaults() }
        let elapsed = ContinuousClock.now - started
        let ms = Int(elapsed.components.seconds * 1000 + elapsed.components.attoseconds / 1_000_000_000_000_000)

        if let skip { return CaseResult(case: testCase.id, status: .skip, ms: ms, reason: skip) }
        if let expected = configuration.expectedFailures[testCase.id] {
            if let failure {
                return CaseResult(case: testCase.id, status: .skip, ms: ms, reason: "expected failure: \(expected) (\(failure))")
            }
            return CaseResult(case: testCase.id, status: .fail, ms: ms, reason: "listed as expected failure (\(expected)) but passed")
        }
        if let failure { return CaseResult(case: testCase.id, status: .fail, ms: ms, reason: failure) }
        return CaseResult(case: testCase.id, status: .pass, ms: ms)
    }
}
