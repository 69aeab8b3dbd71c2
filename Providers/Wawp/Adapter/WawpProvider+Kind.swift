import Switchboard

extension WawpProvider {
    /// The provider-specific configuration keys a Wawp provider reads, besides the common `name`,
    /// `kind`, `baseURL` and `instances` (the ids Wawp cannot list itself). Each can be overridden by
    /// `SWITCHBOARD_<NAME>_<KEY>` (`SWITCHBOARD_WAWP_MAIN_ACCESS_TOKEN`).
    public enum ConfigurationKeys {
        /// `accessToken`: required, secret.
        public static let accessToken = ConfigurationKey("accessToken", .string, required: true, secret: true,
                                                         "The account's access token, sent as access_token on every call.")
        /// `webhookSecret`: optional, secret.
        public static let webhookSecret = ConfigurationKey("webhookSecret", .string, secret: true,
                                                           "The HMAC key set in Wawp's dashboard; without it webhooks are checked for freshness only.")
        /// `signaturePolicy`: optional, `required` (the default) or `verifyWhenPresent`.
        public static let signaturePolicy = ConfigurationKey("signaturePolicy", .string, allowedValues: WawpSignaturePolicy.allCases.map(\.rawValue),
                                                             "With a webhookSecret, whether unsigned deliveries are refused (see WawpSignaturePolicy).")
        /// Every key, in the order they are documented.
        public static let all = [accessToken, webhookSecret, signaturePolicy]
    }

    /// How configuration builds this adapter: `{"kind": "wawp", "baseURL": ..., "accessToken": ...,
    /// "instances": [...], "webhookSecret": ...}` (see ``ConfigurationKeys``). `instances` lists
    /// the ids Wawp cannot list itself, with those the environment's instance store knows. Handoff
    /// state is kept in the environment's store, since Wawp has no handoff of its own.
    public static let providerKind = ProviderKind(name: Wawp.kind, keys: ConfigurationKeys.all) { settings, environment throws(ConfigurationError) in
        WawpProvider(name: settings.name, baseURL: settings.baseURL, accessToken: try settings.requiredString(ConfigurationKeys.accessToken),
                     instances: settings.instances, transport: environment.transport,
                     webhookSecret: settings.string(ConfigurationKeys.webhookSecret),
                     signaturePolicy: settings.string(ConfigurationKeys.signaturePolicy).flatMap(WawpSignaturePolicy.init(rawValue:)) ?? .required,
                     store: environment.store)
    }
}
