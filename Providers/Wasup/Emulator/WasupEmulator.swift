import EmulatorKit
import Foundation
import Logging
import Switchboard
import Synchronization

/// A stateful local Wasup (`wasup-openapi.yaml`): every operation of the spec, with instances,
/// pairing, sends, anti-ban limits, handoff and inbound webhooks held in memory.
///
/// ```swift
/// let wasup = try WasupEmulator(token: "K")
/// let port = try await wasup.start()           // in-process, 127.0.0.1, a free port
/// // ... drive it over HTTP, play the phone through /__emulator/...
/// await wasup.shutdown()
/// ```
/// or `try await WasupEmulator(token: "K").run(port: 9102)` to serve until SIGINT/SIGTERM.
public final class WasupEmulator: EmulatedProvider {
    /// `wasup`.
    public let name = "wasup"
    /// The operation catalog requests are validated against.
    public let catalog: Catalog
    /// The API key callers must send (`X-API-Key` or `Authorization: Bearer`); nil or empty accepts
    /// unauthenticated calls, as an open deployment does.
    public let token: String?
    let deliverer: WebhookDeliverer
    let state: Mutex<WasupState>
    let initialDefaultWebhook: String?
    /// Spec-literal answers, and the seed of what varies where the spec leaves room.
    public let choices: EmulatorChoices
    let chooser: ChoiceSource
    private let server = InProcessServer()
    private let ownedTransport: CurlTransport?

    /// Creates an emulator.
    ///
    /// - Parameters:
    ///   - token: the API key; nil for an open deployment.
    ///   - transport: what inbound webhooks are delivered over.
    ///   - defaultWebhookURL: the deployment-wide default webhook (also settable with `POST /__emulator/webhook`).
    ///   - catalog: the operation catalog; nil loads the bundled `operations.json`.
    ///   - webhookAttempts: tries per inbound webhook (retried on transport errors, 408, 429, 5xx).
    ///   - webhookBackoff: wait before the first retry, doubled for each further one.
    ///   - choices: spec-literal answers (sends without a message id, `qrCode` as bare base64, no
    ///     field the spec does not name), and a seed that varies how many requests pass before a QR
    ///     shows, whether it is bare base64 or a `data:` URL, the order of message history, the
    ///     form of its dates, and which documented status (404 or 400) an unknown instance gets.
    public init(token: String?, transport: any HTTPTransport, defaultWebhookURL: String? = nil, catalog: Catalog? = nil,
                webhookAttempts: Int = 3, webhookBackoff: Duration = .milliseconds(200), choices: EmulatorChoices = .standard,
                logger: Logger = Logger(label: "switchboard.emulator.wasup")) throws {
        self.catalog = try catalog ?? Self.bundledCatalog()
        self.choices = choices
        chooser = ChoiceSource(seed: choices.seed)
        self.token = token
        deliverer = WebhookDeliverer(transport: transport, attempts: webhookAttempts, backoff: webhookBackoff, logger: logger)
        initialDefaultWebhook = defaultWebhookURL
        state = Mutex(WasupState(defaultWebhookURL: defaultWebhookURL))
        ownedTransport = nil
    }

    /// Creates an emulator that delivers webhooks over its own ``CurlTransport``; call
    /// ``shutdown()`` when done with it.
    public init(token: String?, defaultWebhookURL: String? = nil, choices: EmulatorChoices = .standard) throws {
        // The catalog first: once the transport exists, nothing here throws.
        self.catalog = try Self.bundledCatalog()
        let transport = CurlTransport(logger: Logger(label: "switchboard.emulator.wasup.curl"))
        self.choices = choices
        chooser = ChoiceSource(seed: choices.seed)
        self.token = token
        deliverer = WebhookDeliverer(transport: transport)
        initialDefaultWebhook = defaultWebhookURL
        state = Mutex(WasupState(defaultWebhookURL: defaultWebhookURL))
        ownedTransport = transport
    }

    /// Stops serving and shuts down the transport the emulator created for itself, if any.
    public func shutdown() async {
        await stop()
        await ownedTransport?.shutdown()
    }

    /// The catalog generated from the Wasup spec, shipped as this module's resource.
    public static func bundledCatalog() throws -> Catalog {
        guard let url = Bundle.module.url(forResource: "operations", withExtension: "json") else {
            throw CatalogError(reason: "operations.json is missing from the WasupEmulator bundle")
        }
        return try Catalog(contentsOf: url)
    }

    /// The webhook deliverer; its outcomes are listed by `GET /__emulator/webhooks`.
    public var webhooks: WebhookDeliverer? { deliverer }

    // MARK: Serving

    /// Starts serving in-process and returns the bound port (0 picks a free one).
    public func start(host: String = "127.0.0.1", port: Int = 0,
                      configuration: EmulatorConfiguration = EmulatorConfiguration(logRequests: false)) async throws -> Int {
        try await server.start(self, host: host, port: port, configuration: configuration)
    }

    /// Stops a server started with ``start(host:port:configuration:)``.
    public func stop() async {
        await server.stop()
    }

    /// Serves in the foreground until SIGINT or SIGTERM, logging each request on one line; then
    /// shuts down the transport the emulator created for itself, if any.
    public func run(host: String = "127.0.0.1", port: Int,
                    configuration: EmulatorConfiguration = EmulatorConfiguration()) async throws {
        try await InProcessServer.serve(self, host: host, port: port, configuration: configuration) {
            await ownedTransport?.shutdown()
        }
    }

    /// The request log of the in-process server, while started.
    public var requestLog: RequestLog? { server.requestLog }

    // MARK: EmulatedProvider

    /// Checks `X-API-Key` or `Authorization: Bearer` on `/api/...` (not on `/api/health`).
    public func authenticate(_ request: EmulatorRequest) async -> EmulatorResponse? {
        guard let token, !token.isEmpty else { return nil }
        if request.operationId == "GET_api_health" { return nil }
        if request.match == nil, !(request.path == "/api" || request.path.hasPrefix("/api/")) { return nil }
        var presented = request.header("X-API-Key")
        if presented == nil, let authorization = request.header("Authorization"),
           authorization.lowercased().hasPrefix("bearer ") {
            presented = String(authorization.dropFirst(7)).trimmingCharacters(in: .whitespaces)
        }
        if let presented, WebhookSignature.constantTimeEquals(presented, token) { return nil }
        return errorResponse(status: 401, message: "Unauthorized", request: request)
    }

    /// Catalog violations as Wasup words them, in `{ "error": ... }`.
    ///
    /// `to_phone` stands in for a missing `to` on the auto-select routes, as the spec's own
    /// examples do (the violation of the schema's `required: [to]` is still logged).
    public func reject(_ request: EmulatorRequest) async -> EmulatorResponse? {
        let aliased = ["POST_api_send", "POST_api_react"].contains(request.operationId ?? "") && request.field("to_phone") != nil
        guard let first = request.violations.first(where: { !(aliased && $0.kind == .missingBodyField && $0.name == "to") }) else {
            return nil
        }
        let (status, message): (Int, String) = switch first.kind {
        case .unknownOperation: (404, "Not found: \(request.method) \(request.path)")
        case .bodyTooLarge: (413, "Request body too large")
        case .malformedBody: (400, "Invalid JSON in request body")
        case .missingBody: (400, "Request body is required")
        case .wrongBodyType: (400, "Request body must be a JSON object")
        case .missingBodyField: (400, "Missing required field: \(first.name ?? "")")
        case .wrongBodyFieldType: (400, "Invalid field: \(first.name ?? "") must be \(Self.typeWord(request.operation?.body?.fields[first.name ?? ""]))")
        case .missingParameter: (400, "Missing required parameter: \(first.name ?? "")")
        case .wrongParameterType: (400, "Invalid parameter: \(first.name ?? "")")
        }
        return errorResponse(status: status, message: message, request: request)
    }

    private static func typeWord(_ type: String?) -> String {
        switch type {
        case "integer": "an integer"
        case "array": "an array"
        case "object": "an object"
        case let type?: "a \(type)"
        case nil: "valid"
        }
    }

    /// `{ "error": message }`; 401 adds the spec's `message` hint.
    public func errorResponse(status: Int, message: String, request: EmulatorRequest?) -> EmulatorResponse {
        if status == 401 {
            return .json(["error": "Unauthorized", "message": "Valid API key required. Use X-API-Key header or Authorization Bearer"],
                         status: 401)
        }
        var response = EmulatorResponse.json(["error": .string(message)], status: status)
        // The spec documents no 429; when one is injected, it comes with HTTP's own Retry-After,
        // as gateways in front of such APIs send it.
        if status == 429 { response.headers.append(("Retry-After", "1")) }
        return response
    }

    /// Dispatches a matched operation to its handler.
    public func handle(_ request: EmulatorRequest) async -> EmulatorResponse {
        switch request.operationId {
        case "POST_api_onboard": onboard(request)
        case "GET_api_instances": listInstances(request)
        case "POST_api_instances": createInstance(request)
        case "GET_api_instances_instanceId": getInstance(request)
        case "PUT_api_instances_instanceId": updateInstance(request)
        case "DELETE_api_instances_instanceId": deleteInstance(request)
        case "POST_api_instances_instanceId_connect": connect(request)
        case "POST_api_instances_instanceId_disconnect": disconnect(request)
        case "POST_api_instances_instanceId_clear_auth": clearAuth(request)
        case "POST_api_instances_instanceId_pair": pair(request)
        case "GET_api_instances_instanceId_qr": qr(request)
        case "GET_api_instances_instanceId_connection": connection(request)
        case "POST_api_instances_instanceId_send": sendFromInstance(request)
        case "POST_api_send": sendAutoSelect(request)
        case "GET_api_instances_instanceId_messages": messages(request)
        case "POST_api_instances_instanceId_react": react(request, autoSelect: false)
        case "POST_api_react": react(request, autoSelect: true)
        case "GET_api_instances_instanceId_handoff": handoffList(request)
        case "POST_api_instances_instanceId_handoff": handoffSet(request)
        case "DELETE_api_instances_instanceId_handoff": handoffClear(request)
        case "GET_api_instances_instanceId_handoff_settings": handoffSettings(request)
        case "PUT_api_instances_instanceId_handoff_settings": updateHandoffSettings(request)
        case "GET_api_storage_status": storageStatus(request)
        case "POST_api_upload": upload(request)
        case "GET_api_instances_instanceId_profile": profile(request)
        case "PUT_api_instances_instanceId_profile_name": updateProfile(request, field: "name")
        case "PUT_api_instances_instanceId_profile_picture": updateProfile(request, field: "picture")
        case "DELETE_api_instances_instanceId_profile_picture": updateProfile(request, field: "removePicture")
        case "PUT_api_instances_instanceId_profile_status": updateProfile(request, field: "status")
        case "GET_api_instances_instanceId_behavior": behavior(request)
        case "PUT_api_instances_instanceId_behavior": updateBehavior(request)
        case "GET_api_instances_instanceId_anti_ban": antiBan(request)
        case "PUT_api_instances_instanceId_anti_ban": updateAntiBan(request)
        case "GET_api_webhook": globalWebhook(request)
        case "GET_api_instances_instanceId_webhook": instanceWebhook(request)
        case "PUT_api_instances_instanceId_webhook": updateInstanceWebhook(request)
        case "POST_api_instances_instanceId_webhook_test": await testWebhook(request)
        case "GET_api_instances_instanceId_logs": logs(request)
        case "GET_api_health": health(request)
        case "GET_api_status": status(request)
        case "POST_api_system_reload_behavior_from_disk": reloadBehavior(request)
        case "POST_api_generate_api_key": generateAPIKey(request)
        case let id? where id.hasPrefix("GET_api_instances_instanceId_antiban_v2")
            || id.hasPrefix("PUT_api_instances_instanceId_antiban_v2")
            || id.hasPrefix("POST_api_instances_instanceId_antiban_v2"):
            antibanV2(request)
        default:
            errorResponse(status: 404, message: "Not found: \(request.method) \(request.path)", request: request)
        }
    }
}
