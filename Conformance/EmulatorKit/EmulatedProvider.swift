/// A provider emulator: the part of an emulator that knows one provider's API. ``EmulatorServer``
/// does the rest (serving, validation, the request log, faults, the control API).
///
/// For each provider API request the server calls, in order: ``authenticate(_:)``, then
/// ``reject(_:)``, then ``handle(_:)``; the first answer wins. Control API requests go to the
/// hooks below; a hook throws ``ControlError`` for an unknown instance or a state that forbids it.
public protocol EmulatedProvider: Sendable {
    /// A short name for logs (`wasup`).
    var name: String { get }
    /// The provider's operation catalog; requests are matched and validated against it.
    var catalog: Catalog { get }
    /// How strictly requests are validated.
    var validationOptions: ValidationOptions { get }

    /// The provider's answer to a request that fails its auth check, or nil to let it through.
    func authenticate(_ request: EmulatorRequest) async -> EmulatorResponse?
    /// The provider's answer to a request with catalog violations (unknown route, missing or mistyped
    /// parameter, malformed body), or nil to let it through to ``handle(_:)``.
    func reject(_ request: EmulatorRequest) async -> EmulatorResponse?
    /// Answers a request that matched a catalog operation (`request.match` is set).
    func handle(_ request: EmulatorRequest) async -> EmulatorResponse
    /// The provider's error body for `status`, in its documented shape.
    func errorResponse(status: Int, message: String, request: EmulatorRequest?) -> EmulatorResponse

    /// `POST /__emulator/reset`: back to the state of a fresh start.
    func reset() async
    /// `POST /__emulator/instances/{id}/scan`: the phone scanned the instance's QR code.
    func scan(instance: String, _ request: ScanRequest) async throws(ControlError) -> JSONValue
    /// `POST /__emulator/instances/{id}/confirm-code`: the phone entered the pairing code.
    func confirmCode(instance: String, _ request: ConfirmCodeRequest) async throws(ControlError) -> JSONValue
    /// `POST /__emulator/instances/{id}/inbound`: a message reaches the instance; answers at least
    /// `{"messageId": ...}` and fires the provider's webhook.
    func inbound(instance: String, _ request: InboundRequest) async throws(ControlError) -> JSONValue
    /// `POST /__emulator/instances/{id}/ack`: a sent message was delivered, read or played.
    func ack(instance: String, _ request: AckRequest) async throws(ControlError) -> JSONValue
    /// `GET /__emulator/instances/{id}/sent`: what the instance delivered to WhatsApp, in order.
    func sent(instance: String) async throws(ControlError) -> JSONValue
    /// `POST /__emulator/webhook`: the delivery URL and signing secret set outside the provider's API.
    func configureWebhook(_ configuration: WebhookConfiguration) async throws(ControlError) -> JSONValue
    /// Any further control route under `/__emulator/` the provider offers, or nil for 404.
    func control(_ request: EmulatorRequest) async -> EmulatorResponse?
    /// The provider's webhook deliverer, whose outcomes `GET /__emulator/webhooks` lists; nil if none.
    var webhooks: WebhookDeliverer? { get }
}

extension EmulatedProvider {
    /// No special validation options.
    public var validationOptions: ValidationOptions { ValidationOptions() }

    /// 404 for an unknown operation, 413 for an oversized body, 400 for any other violation, in the provider's error shape.
    public func reject(_ request: EmulatorRequest) async -> EmulatorResponse? {
        guard let first = request.violations.first else { return nil }
        switch first.kind {
        case .unknownOperation:
            return errorResponse(status: 404, message: first.message, request: request)
        case .bodyTooLarge:
            return errorResponse(status: 413, message: first.message, request: request)
        default:
            return errorResponse(status: 400, message: first.message, request: request)
        }
    }

    /// No webhook deliverer.
    public var webhooks: WebhookDeliverer? { nil }

    /// No further control routes.
    public func control(_ request: EmulatorRequest) async -> EmulatorResponse? { nil }
}
