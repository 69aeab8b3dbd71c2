import Foundation
import HTTPTypes
import Switchboard

/// The adapter for the tests' made-up "Relay" API (see ``RelayServer``), written only against
/// Switchboard's public API, as a third party would: a provider kind with its own configuration
/// keys, its own endpoints, auth and error shapes, and webhooks verified by a shared secret.
public struct RelayProvider: MessagingProvider {
    public let name: String
    public let kind = "relay"
    let baseURL: String
    let token: String
    let webhookSecret: String?
    let transport: any HTTPTransport

    /// Its configuration keys besides `name`, `kind` and `baseURL`.
    public enum Keys {
        /// `token`: required, secret; sent as a bearer token.
        public static let token = ConfigurationKey("token", .string, required: true, secret: true, "The API token.")
        /// `webhookSecret`: optional, secret; deliveries carry it in `X-Relay-Secret`.
        public static let webhookSecret = ConfigurationKey("webhookSecret", .string, secret: true, "The webhook secret.")
    }

    /// How configuration builds it: `{"kind": "relay", "baseURL": ..., "token": ...}`.
    public static let providerKind = ProviderKind(name: "relay", keys: [Keys.token, Keys.webhookSecret]) { settings, environment throws(ConfigurationError) in
        RelayProvider(name: settings.name, baseURL: settings.baseURL, token: try settings.requiredString(Keys.token),
                      webhookSecret: settings.string(Keys.webhookSecret), transport: environment.transport)
    }

    public init(name: String, baseURL: String, token: String, webhookSecret: String? = nil, transport: any HTTPTransport) {
        self.name = name
        self.baseURL = baseURL
        self.token = token
        self.webhookSecret = webhookSecret
        self.transport = transport
    }

    public var capabilities: Capabilities {
        Capabilities(provider: [.instancesCreate, .instancesList, .instancesDelete, .sendText])
    }

    // MARK: Instances

    public func createInstance(_ draft: InstanceDraft) async throws(SwitchboardError) -> Instance {
        try instance(from: await call(.post, "/v1/instances", ["name": draft.name ?? "relay"]))
    }

    public func listInstances() async throws(SwitchboardError) -> [Instance] {
        guard let list = try await call(.get, "/v1/instances")["instances"] as? [[String: Any]] else {
            throw .invalidResponse("relay: the instance list has no `instances` array")
        }
        var instances: [Instance] = []
        for object in list { instances.append(try instance(from: object)) }
        return instances
    }

    public func instance(_ id: String) async throws(SwitchboardError) -> Instance {
        try instance(from: await call(.get, "/v1/instances/\(try escaped(id))"))
    }

    public func deleteInstance(_ id: String) async throws(SwitchboardError) {
        _ = try await call(.delete, "/v1/instances/\(try escaped(id))")
    }

    public func updateInstance(_ id: String, _ update: InstanceUpdate) async throws(SwitchboardError) -> Instance { throw .unsupported(.instancesUpdate) }

    // MARK: Sending

    public func send(_ message: OutboundMessage, from id: String) async throws(SwitchboardError) -> SentMessage {
        guard case .text(let text) = message.content else { throw .unsupported(.sendImage, "relay sends text only") }
        guard let phone = message.to.phone else { throw .invalidRequest("relay sends to people only") }
        let answer = try await call(.post, "/v1/instances/\(try escaped(id))/messages", ["to": phone.digits, "text": text])
        guard let messageID = answer["id"] as? String else { throw .invalidResponse("relay: the send answer has no `id`") }
        return SentMessage(provider: name, instance: id, id: MessageID(messageID))
    }

    // MARK: Webhooks

    public func verifyWebhook(_ delivery: WebhookDelivery) throws(SwitchboardError) {
        guard let webhookSecret else { throw .unauthorized("relay \(name): no webhookSecret is configured; every delivery is refused") }
        guard delivery.header("X-Relay-Secret") == webhookSecret else { throw .unauthorized("relay \(name): bad or missing X-Relay-Secret") }
    }

    /// `{"id", "instance", "from": "447700900999", "text"}`: one customer message.
    public func decodeWebhook(_ delivery: WebhookDelivery) throws(SwitchboardError) -> [InboundEvent] {
        guard let object = (try? JSONSerialization.jsonObject(with: delivery.body)) as? [String: Any],
              let id = object["id"] as? String, let instance = object["instance"] as? String,
              let from = object["from"] as? String, let text = object["text"] as? String else {
            throw .invalidRequest("relay \(name): a delivery needs string id, instance, from and text")
        }
        let phone = Phone(e164Digits: from)
        let message = Message(id: MessageID(id), chat: .person(phone), from: .person(phone), fromPhone: phone, fromMe: false, text: text)
        return [InboundEvent(provider: name, instance: instance, id: id, body: .message(message))]
    }

    // MARK: Not offered (declared by `capabilities`)

    public func connect(_ id: String, method: PairingMethod) async throws(SwitchboardError) -> PairingState { throw .unsupported(.pairingQR) }
    public func pairingState(_ id: String) async throws(SwitchboardError) -> PairingState { throw .unsupported(.pairingQR) }
    public func disconnect(_ id: String) async throws(SwitchboardError) { throw .unsupported(.logout) }
    public func logout(_ id: String) async throws(SwitchboardError) { throw .unsupported(.logout) }
    public func profile(_ id: String) async throws(SwitchboardError) -> Profile { throw .unsupported(.profileName) }
    public func setProfileName(_ id: String, _ name: String) async throws(SwitchboardError) { throw .unsupported(.profileName) }
    public func setProfileAbout(_ id: String, _ about: String) async throws(SwitchboardError) { throw .unsupported(.profileAbout) }
    public func setProfilePicture(_ id: String, url: String?) async throws(SwitchboardError) { throw .unsupported(.profilePicture) }
    public func react(_ id: String, to message: MessageID, in chat: ChatID, emoji: String) async throws(SwitchboardError) { throw .unsupported(.reactions) }
    public func setTyping(_ id: String, in chat: ChatID, _ typing: Bool) async throws(SwitchboardError) { throw .unsupported(.typing) }
    public func markSeen(_ id: String, in chat: ChatID, messages: [MessageID]) async throws(SwitchboardError) { throw .unsupported(.markSeen) }
    public func messages(_ id: String, in chat: ChatID?, limit: Int) async throws(SwitchboardError) -> [Message] { throw .unsupported(.messageHistory) }
    public func handoffs(_ id: String) async throws(SwitchboardError) -> [Handoff] { throw .unsupported(.handoff) }
    public func setHandoff(_ id: String, chat: ChatID, active: Bool) async throws(SwitchboardError) { throw .unsupported(.handoff) }
    public func clearHandoffs(_ id: String) async throws(SwitchboardError) -> Int { throw .unsupported(.handoff) }
    public func handoffSettings(_ id: String) async throws(SwitchboardError) -> HandoffSettings { throw .unsupported(.handoff) }
    public func setHandoffSettings(_ id: String, _ settings: HandoffSettings) async throws(SwitchboardError) { throw .unsupported(.handoff) }
    public func setWebhook(_ id: String, url: String) async throws(SwitchboardError) { throw .unsupported(.webhookSet) }
    public func testWebhook(_ id: String) async throws(SwitchboardError) { throw .unsupported(.webhookTest) }

    // MARK: HTTP

    private func escaped(_ id: String) throws(SwitchboardError) -> String {
        guard let escaped = id.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "-_."))) else {
            throw .invalidRequest("relay: \(id) is not an instance id")
        }
        return escaped
    }

    /// One request; the JSON object answered. Relay's errors are `{"error": "..."}` with 401, 404,
    /// 409 (not linked) and 400.
    private func call(_ method: HTTPRequest.Method, _ path: String, _ body: [String: Any]? = nil) async throws(SwitchboardError) -> [String: Any] {
        var request = TransportRequest(method: method, url: baseURL + path)
        request.headerFields[.authorization] = "Bearer \(token)"
        if let body {
            request.body = try? JSONSerialization.data(withJSONObject: body)
            request.headerFields[.contentType] = "application/json"
        }
        let response = try await transport.send(request)
        let object = (try? JSONSerialization.jsonObject(with: response.body)) as? [String: Any]
        let message = "relay \(name): \(object?["error"] as? String ?? "HTTP \(response.status.code)")"
        switch response.status.code {
        case 200..<300:
            if response.body.isEmpty { return [:] }
            guard let object else { throw .invalidResponse("relay \(name): the answer is not a JSON object") }
            return object
        case 400: throw .invalidRequest(message)
        case 401: throw .unauthorized(message)
        case 404: throw .notFound(message)
        case 409: throw .instanceNotReady(message)
        case 502, 503, 504: throw .upstreamUnavailable(message)
        default: throw .serverError(message)
        }
    }

    private func instance(from object: [String: Any]) throws(SwitchboardError) -> Instance {
        guard let id = object["id"] as? String, let state = object["state"] as? String else {
            throw .invalidResponse("relay \(name): an instance needs string id and state")
        }
        let number = object["number"] as? String
        return Instance(provider: name, id: id, name: object["name"] as? String,
                        status: state == "linked" ? .connected : .disconnected,
                        phone: number.map { Phone(e164Digits: $0) })
    }
}
