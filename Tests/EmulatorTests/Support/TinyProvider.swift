import EmulatorKit
import Foundation
import Synchronization

/// A two-operation provider for testing EmulatorKit itself.
final class TinyProvider: EmulatedProvider {
    static let catalogJSON = """
    {"source":"tiny.yaml","title":"Tiny","version":"1","operations":[
     {"operationId":"getThing","method":"GET","path":"/things/{id}",
      "parameters":[{"name":"id","in":"path","required":true,"type":"integer"},
                    {"name":"verbose","in":"query","required":false,"type":"boolean"}],
      "body":null,"responses":[{"status":"200","contentTypes":["application/json"],"examples":[]},
                               {"status":"404","contentTypes":["application/json"],"examples":[{"contentType":"application/json","body":{"error":"Not found"},"bodyFormat":"json"}]}]},
     {"operationId":"postThing","method":"POST","path":"/things",
      "parameters":[],"body":{"contentTypes":["application/json"],"required":true,"requiredFields":["name"],
      "fields":{"name":"string","count":"integer"}},
      "responses":[{"status":"201","contentTypes":["application/json"],"examples":[]},{"status":"400","contentTypes":["application/json"],"examples":[]}]}
    ]}
    """

    let name = "tiny"
    let catalog: Catalog
    let webhooks: WebhookDeliverer?
    private let state = Mutex<(webhookURL: String?, inbound: [String])>((nil, []))

    init(webhooks: WebhookDeliverer? = nil) throws {
        catalog = try Catalog(data: Data(Self.catalogJSON.utf8))
        self.webhooks = webhooks
    }

    func authenticate(_ request: EmulatorRequest) async -> EmulatorResponse? {
        request.header("X-Key") == "k" ? nil : errorResponse(status: 401, message: "bad key", request: request)
    }

    func handle(_ request: EmulatorRequest) async -> EmulatorResponse {
        switch request.operationId {
        case "getThing": .json(["id": .string(request.pathParameter("id") ?? "")])
        default: .json(["created": request.field("name") ?? .null], status: 201)
        }
    }

    func errorResponse(status: Int, message: String, request: EmulatorRequest?) -> EmulatorResponse {
        .json(["error": .string(message)], status: status)
    }

    func reset() async { state.withLock { $0 = (nil, []) } }

    func scan(instance: String, _ request: ScanRequest) async throws(ControlError) -> JSONValue {
        guard instance == "i1" else { throw .unknownInstance(instance) }
        return ["status": "connected", "phone": .string(request.phone)]
    }

    func confirmCode(instance: String, _ request: ConfirmCodeRequest) async throws(ControlError) -> JSONValue {
        throw .conflict("not pairing")
    }

    func inbound(instance: String, _ request: InboundRequest) async throws(ControlError) -> JSONValue {
        state.withLock { $0.inbound.append(request.text ?? "") }
        var outcome: JSONValue = .null
        if let url = state.withLock({ $0.webhookURL }), let webhooks {
            outcome = await webhooks.deliver(WebhookDelivery(url: url, json: ["text": JSONValue(request.text)], event: "message")).json
        }
        return ["messageId": "m1", "webhook": outcome]
    }

    func ack(instance: String, _ request: AckRequest) async throws(ControlError) -> JSONValue {
        ["messageId": .string(request.messageId), "status": .string(request.status)]
    }

    func sent(instance: String) async throws(ControlError) -> JSONValue {
        ["messages": .array(state.withLock { $0.inbound }.map(JSONValue.string))]
    }

    func configureWebhook(_ configuration: WebhookConfiguration) async throws(ControlError) -> JSONValue {
        state.withLock { $0.webhookURL = configuration.url }
        return ["url": JSONValue(configuration.url)]
    }
}
