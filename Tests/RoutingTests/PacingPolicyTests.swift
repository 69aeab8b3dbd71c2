import Foundation
import Switchboard
import Testing

/// The pacing rules without I/O: caps over sliding windows, warm-up, the new-conversation cap,
/// random gaps, typing time, and the configuration's layers and errors.
@Suite struct PacingPolicyTests {
    static let phone = Phone(e164Digits: "447700900111")
    static let start = Date(timeIntervalSince1970: 1_800_000_000)

    @Test("a per-minute cap holds the next send until the oldest send in the window is a minute old")
    func perMinuteCap() {
        let policy = PacingPolicy(perMinute: 3)
        var ledger = PacingLedger(phone: Self.phone)
        for second in [0.0, 10, 20] { ledger.record(newConversation: false, at: Self.start + second, gap: .zero) }
        let hold = ledger.verdict(for: false, policy: policy, at: Self.start + 30)
        #expect(hold?.until == Self.start + 60)
        #expect(hold?.newConversationsOnly == false)
        #expect(hold?.reason.contains("3 per minute") == true)
        #expect(ledger.verdict(for: false, policy: policy, at: Self.start + 60) == nil)
    }

    @Test("the new-conversation cap holds only new conversations; replies keep flowing")
    func newConversationCap() {
        let policy = PacingPolicy(perHour: 100, newConversationsPerDay: 2)
        var ledger = PacingLedger(phone: Self.phone)
        ledger.record(newConversation: true, at: Self.start, gap: .zero)
        ledger.record(newConversation: true, at: Self.start + 100, gap: .zero)
        ledger.record(newConversation: false, at: Self.start + 200, gap: .zero)
        let hold = ledger.verdict(for: true, policy: policy, at: Self.start + 300)
        #expect(hold?.newConversationsOnly == true)
        #expect(hold?.until == Self.start + 86_400)
        #expect(ledger.verdict(for: false, policy: policy, at: Self.start + 300) == nil)
    }

    @Test("warm-up scales every cap by the day's factor, at least 1, and lifts after the schedule")
    func warmUp() {
        let policy = PacingPolicy(perMinute: 10, perHour: 100, perDay: 1000, newConversationsPerDay: 5, warmUp: [0.1, 0.5])
        #expect(policy.caps(onDay: 0) == PacingCaps(perMinute: 1, perHour: 10, perDay: 100, newConversationsPerDay: 1))
        #expect(policy.caps(onDay: 1) == PacingCaps(perMinute: 5, perHour: 50, perDay: 500, newConversationsPerDay: 2))
        #expect(policy.caps(onDay: 2) == PacingCaps(perMinute: 10, perHour: 100, perDay: 1000, newConversationsPerDay: 5))
        var ledger = PacingLedger(phone: Self.phone)
        for minute in 0..<100 { ledger.record(newConversation: false, at: Self.start + Double(minute) * 61, gap: .zero) }
        let hold = ledger.verdict(for: false, policy: policy, at: Self.start + 100 * 61)
        #expect(hold?.reason.contains("100 per day reached (warm-up day 1)") == true)
    }

    @Test("the gap after a send is random within its bounds, and the ledger holds the next send for it")
    func gapsWithinBounds() {
        let policy = PacingPolicy(minimumGap: .seconds(2), maximumGap: .seconds(7))
        var random = PacingRandom(seed: 42)
        let gaps = (0..<2000).map { _ in policy.gap(using: &random) }
        #expect(gaps.allSatisfy { $0 >= .seconds(2) && $0 <= .seconds(7) })
        #expect(Set(gaps).count > 1900)
        #expect(gaps.contains { $0 < .seconds(3) } && gaps.contains { $0 > .seconds(6) })
        var ledger = PacingLedger(phone: Self.phone)
        ledger.record(newConversation: false, at: Self.start, gap: .seconds(5))
        #expect(ledger.verdict(for: false, policy: policy, at: Self.start + 4.9)?.until == Self.start + 5)
        #expect(ledger.verdict(for: false, policy: policy, at: Self.start + 5) == nil)
    }

    @Test("a provider's pause holds everything; a new-contact hold only new conversations")
    func pausesAndHolds() {
        var ledger = PacingLedger(phone: Self.phone)
        ledger.newConversationsHeldUntil = Self.start + 3600
        #expect(ledger.verdict(for: true, policy: PacingPolicy(), at: Self.start)?.newConversationsOnly == true)
        #expect(ledger.verdict(for: false, policy: PacingPolicy(), at: Self.start) == nil)
        ledger.pausedUntil = Self.start + 60
        ledger.pauseReason = "refused by wasup"
        #expect(ledger.verdict(for: false, policy: PacingPolicy(), at: Self.start) == PacingHold(until: Self.start + 60, reason: "refused by wasup", newConversationsOnly: false))
        ledger.prune(at: Self.start + 3600)
        #expect(ledger.pausedUntil == nil && ledger.newConversationsHeldUntil == nil)
    }

    @Test("typing time is proportional to the text, within bounds")
    func typing() {
        let pace = TypingPace(perCharacter: .milliseconds(50), minimum: .seconds(1), maximum: .seconds(4))
        #expect(pace.hint(characters: 5).milliseconds == 1000)
        #expect(pace.hint(characters: 40).milliseconds == 2000)
        #expect(pace.hint(characters: 5000).milliseconds == 4000)
    }

    @Test("layers: default, then provider, then number; a preset resets, values override")
    func layers() throws {
        let json = """
            {"providers": [], "pacing": {
              "default": {"preset": "cautious"},
              "providers": {},
              "numbers": {"+44 7700 900111": {"preset": "bulk", "perMinute": 4, "newConversationsPerDay": null, "typingMsPerCharacter": 30}}
            }}
            """
        let configuration = try SwitchboardConfiguration.parse(Data(json.utf8))
        let pacing = try #require(configuration.pacing)
        let number = pacing.policy(for: Self.phone, provider: nil)
        #expect(number.perMinute == 4 && number.perHour == 600 && number.newConversationsPerDay == nil)
        #expect(number.typing?.perCharacter == .milliseconds(30))
        let other = pacing.policy(for: Phone(e164Digits: "447700900999"), provider: nil)
        #expect(other == PacingPolicy.preset(named: "cautious"))
    }

    @Test("mistakes name their key", arguments: [
        (#"{"default": {"perMinute": 0}}"#, "pacing.default.perMinute"),
        (#"{"default": {"perMinute": 2.5}}"#, "pacing.default.perMinute"),
        (#"{"default": {"preset": "reckless"}}"#, "pacing.default.preset"),
        (#"{"default": "reckless"}"#, "pacing.default"),
        (#"{"numbers": {"07700 900111": {}}}"#, "pacing.numbers.07700 900111"),
        (#"{"numbers": {"+447700900111": {"perHuor": 3}}}"#, "pacing.numbers.+447700900111.perHuor"),
        (#"{"default": {"minGapSeconds": 5, "maxGapSeconds": 2}}"#, "pacing.default.maxGapSeconds"),
        (#"{"default": {"warmUp": [0.5, 2]}}"#, "pacing.default.warmUp"),
        (#"{"provider": {}}"#, "pacing.provider"),
    ])
    func errorsNameTheKey(pacing: String, key: String) throws {
        let json = #"{"providers": [], "pacing": "# + pacing + "}"
        let error = #expect(throws: ConfigurationError.self) { try SwitchboardConfiguration.parse(Data(json.utf8)) }
        #expect(error?.key == key)
    }

    @Test("a provider layer must name a configured provider")
    func unknownProvider() throws {
        let json = #"{"providers": [], "pacing": {"providers": {"wasup-eu": {"perMinute": 3}}}}"#
        let configuration = try SwitchboardConfiguration.parse(Data(json.utf8))
        let error = #expect(throws: ConfigurationError.self) { try configuration.validate() }
        #expect(error?.key == "pacing.providers.wasup-eu")
    }
}

