/// How ``WasupProvider/verifyWebhook(_:)`` treats deliveries. The Wasup spec documents no webhook
/// authentication, so the adapter brings its own: a per-instance token in the URL it registers
/// (see ``WasupProvider/setWebhook(_:url:)``).
public enum WasupWebhookPolicy: String, Hashable, Sendable, CaseIterable {
    /// Accept a delivery only with the instance's `sb_instance` and `sb_token` (the default).
    /// Without a webhook secret every delivery is refused, and so is every delivery to a URL set
    /// outside Switchboard (the dashboard, `/api/onboard`, the deployment's global default) until
    /// `switchboard webhook set` re-registers it. `switchboard listen` says at start which
    /// instances that leaves refused.
    case requireToken
    /// Accept unsigned deliveries; a token that is present must still be right. For deployments
    /// whose webhook URLs are set outside Switchboard: anyone who learns the URL can inject events,
    /// so ``WasupProvider/webhookWarnings(_:)`` says so at start.
    case acceptUnsigned
}
