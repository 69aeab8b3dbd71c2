import Switchboard

/// What the suite runs against.
public struct ConformanceConfiguration: Sendable {
    /// How long cases wait for what a deployment does in its own time, and how often they look.
    public struct Timing: Hashable, Sendable {
        /// The longest a case waits for a state, a QR code or a webhook delivery.
        public var timeout: Duration
        /// The pause between two looks.
        public var pollInterval: Duration

        /// Creates a timing; the defaults suit a local emulator and are generous for a deployment.
        public init(timeout: Duration = .seconds(15), pollInterval: Duration = .milliseconds(100)) {
            self.timeout = timeout
            self.pollInterval = pollInterval
        }

        /// How many looks fit in ``timeout``.
        var attempts: Int { max(1, Int(Self.milliseconds(timeout) / max(Self.milliseconds(pollInterval), 1))) }

        static func milliseconds(_ duration: Duration) -> Int64 {
            duration.components.seconds * 1000 + duration.components.attoseconds / 1_000_000_000_000_000
        }
    }

    /// The adapter under test, configured for the deployment.
    public var provider: any MessagingProvider
    /// The deployment's control API (the harness contract in Conformance/README.md); without it,
    /// cases that play the phone's side are skipped.
    public var harness: EmulatorHarness?
    /// The same deployment with wrong credentials, for `errors.unauthorized`; skipped when nil.
    public var unauthorizedProvider: (any MessagingProvider)?
    /// The signing secret the deployment signs deliveries with, where the provider takes its
    /// webhook URL and secret outside its API (the harness sets them); nil when unsigned.
    public var webhookSecret: String?
    /// Where the suite's own webhook receiver listens, and the URL the deployment reaches it at.
    public var receiver: WebhookReceiver.Options
    /// How long cases wait, and how often they look.
    public var timing: Timing
    /// Cases expected to fail on this provider, with the reason each.
    public var expectedFailures: [String: String]
    /// The phone the harness links instances to.
    public var instancePhone: Phone
    /// The contact that sends and receives messages.
    public var contactPhone: Phone

    /// Creates a configuration.
    public init(provider: any MessagingProvider, harness: EmulatorHarness? = nil,
                unauthorizedProvider: (any MessagingProvider)? = nil, webhookSecret: String? = nil,
                receiver: WebhookReceiver.Options = WebhookReceiver.Options(),
                timing: Timing = Timing(),
                expectedFailures: [String: String] = [:],
                instancePhone: Phone = Phone(e164Digits: "447700900123"),
                contactPhone: Phone = Phone(e164Digits: "447700900456")) {
        self.provider = provider
        self.harness = harness
        self.unauthorizedProvider = unauthorizedProvider
        self.webhookSecret = webhookSecret
        self.receiver = receiver
        self.timing = timing
        self.expectedFailures = expectedFailures
        self.instancePhone = instancePhone
        self.contactPhone = contactPhone
    }
}
