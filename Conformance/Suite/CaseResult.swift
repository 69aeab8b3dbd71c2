import Foundation
import Switchboard

/// The outcome of one case, as one JSON line: `{"case","status","ms","reason"}`.
public struct CaseResult: Hashable, Sendable, Codable {
    /// `pass`, `fail` or `skip`.
    public enum Status: String, Hashable, Sendable, Codable {
        /// The adapter behaved as required.
        case pass
        /// It did not.
        case fail
        /// The case did not apply (missing feature, no harness) or is an expected failure.
        case skip
    }

    /// The case id.
    public var `case`: String
    /// The verdict.
    public var status: Status
    /// How long it took, in milliseconds.
    public var ms: Int
    /// Why it failed or was skipped.
    public var reason: String?

    /// Creates a result.
    public init(case id: String, status: Status, ms: Int, reason: String? = nil) {
        self.case = id
        self.status = status
        self.ms = ms
        self.reason = reason
    }

    /// The JSON line.
    public var jsonLine: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: (try? encoder.encode(self)) ?? Data(), as: UTF8.self)
    }
}

/// Every case's result and the summary.
public struct ConformanceReport: Sendable {
    /// The results in run order.
    public var results: [CaseResult]

    /// Cases that passed.
    public var passed: Int { results.count { $0.status == .pass } }
    /// Cases that failed.
    public var failed: Int { results.count { $0.status == .fail } }
    /// Cases skipped.
    public var skipped: Int { results.count { $0.status == .skip } }
    /// `N passed, N failed, N skipped`.
    public var summary: String { "\(passed) passed, \(failed) failed, \(skipped) skipped" }
}
