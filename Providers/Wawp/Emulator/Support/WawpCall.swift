import EmulatorKit

/// One API request being handled on an instance: its parameters, and the webhook envelopes and
/// state changes it causes.
struct WawpCall: Sendable {
    /// The request.
    let request: EmulatorRequest
    /// Its parameters (query or body).
    let params: WawpParameters
    /// The matched operation.
    let operation: CatalogOperation
    /// Webhooks to deliver once the state is updated.
    var events = WawpEvents()
    /// Whether the handler deleted the instance.
    var deleted = false

    init(request: EmulatorRequest, operation: CatalogOperation) {
        self.request = request
        self.operation = operation
        params = WawpParameters(request: request)
    }
}

/// Webhooks a state change causes, in order, to deliver once the state is updated.
struct WawpEvents: Sendable {
    /// Envelopes by event name, in order.
    var envelopes: [(event: String, body: JSONValue)] = []

    /// Adds a webhook for the instance, in WAHA's envelope.
    mutating func emit(_ event: String, _ payload: JSONValue, instance: WawpInstance) {
        envelopes.append((event, WawpEnvelope.make(event: event, payload: payload, instance: instance)))
    }
}

/// WAHA's webhook envelope.
enum WawpEnvelope {
    /// `{id, timestamp, session, metadata, engine, event, payload, me}`, keys in the spec's order.
    /// `metadata.instance_id` names the Wawp instance; `session` is its session name.
    static func make(event: String, payload: JSONValue, instance: WawpInstance) -> JSONValue {
        ["id": .string(WawpIdentifiers.eventId()), "timestamp": .int(EmulatorClock.milliseconds()),
         "session": .string(instance.sessionName), "metadata": ["instance_id": .string(instance.id)],
         "engine": "WEBJS", "event": .string(event), "payload": payload, "me": instance.me]
    }
}
