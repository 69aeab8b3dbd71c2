/// What ``WawpProvider/verifyWebhook(_:)`` does with a delivery that carries no `X-Webhook-Hmac`
/// when a webhook secret is configured.
///
/// The Wawp spec documents no webhook signature at all; `X-Webhook-Hmac` (hex HMAC-SHA512 of the
/// raw body, with `X-Webhook-Hmac-Algorithm: sha512`) is WAHA's, sent once an HMAC key is set on
/// the webhook (WAHA docs, "Webhooks" → "HMAC authentication"). A signature that is present is
/// always checked; the policy decides only about its absence.
public enum WawpSignaturePolicy: String, Hashable, Sendable, CaseIterable {
    /// Refuse an unsigned delivery (`SwitchboardError/Kind/unauthorized`). The default: a
    /// configured secret says the dashboard signs, and accepting unsigned deliveries would let
    /// anyone who learns the URL inject events. `Feature/webhookSignature` is declared only here.
    case required
    /// Accept an unsigned delivery (freshness is still checked), and verify one that is signed.
    /// For deployments that do not sign (the spec documents no signature), at the cost that a
    /// forged unsigned delivery passes: keep the URL secret, or put the receiver behind a network
    /// rule.
    case verifyWhenPresent
}
