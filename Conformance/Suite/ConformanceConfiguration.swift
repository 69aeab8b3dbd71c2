import Switchboard

/// What the suite runs against.
public struct ConformanceConfiguration: Sendable {
    /// The adapter under test, configured for the deployment.
    public var provider: any MessagingProvider
    /// The deployment's control API; without it, cases that play the phone's side are skipped.
    public var harness: EmulatorHarness?
    /// The same deployment with wrong credentials, for `errors.unauthorized`; skipped when nil.
    public var unauthorizedProvider: (any MessagingProvider)?
    /// The signing secret the adapter verifies deliveries with, where the provider takes its webhook
    /// URL and secret outside its API (the harness sets them); nil when unsigned.
    public var webhookSecret: String?
    /// Where webhooks are pointed; nil for the harness's own sink. Nothing else needs to listen:
    /// the suite reads what the emulator delivered from the harness.
    public var webhookURL: String?
    /// Cases expected to fail on this provider, with the reason each.
    public var expectedFailures: [String: String]
    /// The phone the harness links instances to.
    public var instancePhone: Phone
    /// The contact that sends and receives messages.
    public var contactPhone: Phone

    /// Creates a configuration.
    public init(provider: any MessagingProvider, harness: EmulatorHarness? = nil,
                unauthorizedProvider: (any MessagingProvider)? = nil, webhookSecret: String? = nil,
                webhookURL: String? = nil,
                expectedFailures: [String: String] = [:],
                instancePhone: Phone = Phone(e164Digits: "447700900123"),
                contactPhone: Phone = Phone(e164Digits: "447700900456")) {
        self.provider = provider
        self.harness = harness
        self.unauthorizedProvider = unauthorizedProvider
        self.webhookSecret = webhookSecret
        self.webhookURL = webhookURL
        self.expectedFailures = expectedFailures
        self.instancePhone = instancePhone
        self.contactPhone = contactPhone
    }
}
