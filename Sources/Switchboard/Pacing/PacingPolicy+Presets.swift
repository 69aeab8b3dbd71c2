extension PacingPolicy {
    /// The presets' names, as the configuration's `"preset"` takes them.
    public static let presetNames = ["cautious", "standard", "bulk", "off"]

    /// A preset by name (``presetNames``), or `nil`.
    ///
    /// These are Switchboard's own starting points, not numbers any provider or WhatsApp publishes:
    /// - `cautious`: a new or recently banned number — 3/min, 40/h, 200/day, 20 new chats/day,
    ///   8–20 s between sends, warming up over six days, typing 60 ms a character (1–8 s).
    /// - `standard` (the default): 8/min, 200/h, 1,000/day, 100 new chats/day, 3–9 s between
    ///   sends, typing 40 ms a character (0.8–5 s).
    /// - `bulk`: a well-aged number with consenting recipients — 20/min, 600/h, 5,000/day, 300 new
    ///   chats/day, 1–3 s between sends, no typing hint.
    /// - `off`: no pacing.
    public static func preset(named name: String) -> PacingPolicy? {
        switch name {
        case "cautious":
            PacingPolicy(perMinute: 3, perHour: 40, perDay: 200, newConversationsPerDay: 20,
                         minimumGap: .seconds(8), maximumGap: .seconds(20), warmUp: [0.1, 0.2, 0.35, 0.5, 0.7, 0.85],
                         typing: TypingPace(perCharacter: .milliseconds(60), minimum: .seconds(1), maximum: .seconds(8)))
        case "standard": .standard
        case "bulk":
            PacingPolicy(perMinute: 20, perHour: 600, perDay: 5000, newConversationsPerDay: 300,
                         minimumGap: .seconds(1), maximumGap: .seconds(3))
        case "off": PacingPolicy()
        default: nil
        }
    }

    /// The `standard` preset.
    public static let standard = PacingPolicy(
        perMinute: 8, perHour: 200, perDay: 1000, newConversationsPerDay: 100,
        minimumGap: .seconds(3), maximumGap: .seconds(9),
        typing: TypingPace(perCharacter: .milliseconds(40), minimum: .milliseconds(800), maximum: .seconds(5)))
}
