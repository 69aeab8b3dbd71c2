import Foundation
import Switchboard
import Testing

/// `SwitchboardError.Kind` is a struct with static members: a kind this version does not know
/// (written by a newer replica into the shared outbox) survives a round trip, and a `switch` over
/// kinds needs a `default`, so adding one never breaks an app.
@Suite struct ErrorKindTests {
    @Test func kindsKeepTheirStableNames() throws {
        #expect(SwitchboardError.Kind.known.map(\.rawValue) == [
            "invalidRequest", "unauthorized", "quotaExceeded", "notFound", "instanceNotReady", "rateLimited", "handoffActive",
            "unsupported", "upstreamUnavailable", "serverError", "transport", "invalidResponse", "storage",
        ])
        #expect(SwitchboardError.rateLimited("slow down").kind == .rateLimited)
        #expect("\(SwitchboardError.Kind.storage)" == "storage")
    }

    @Test func anUnknownKindRoundTripsThroughJSON() throws {
        let future = SwitchboardError.Kind(rawValue: "pacingExceeded")
        let data = try JSONEncoder().encode([future, .notFound])
        #expect(String(decoding: data, as: UTF8.self) == #"["pacingExceeded","notFound"]"#)
        #expect(try JSONDecoder().decode([SwitchboardError.Kind].self, from: data) == [future, .notFound])
        #expect(!SwitchboardError.Kind.known.contains(future))
    }

    @Test func aSwitchMatchesStaticMembers() {
        func advice(_ kind: SwitchboardError.Kind) -> String {
            switch kind {
            case .rateLimited: "wait"
            case .unauthorized: "check credentials"
            default: "other"
            }
        }
        #expect(advice(.rateLimited) == "wait")
        #expect(advice(.unauthorized) == "check credentials")
        #expect(advice(SwitchboardError.Kind(rawValue: "pacingExceeded")) == "other")
    }
}
