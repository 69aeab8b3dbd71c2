import Foundation
import Hummingbird
import Switchboard

extension RouterMethods {
    /// Mounts a client's webhook endpoints: `POST {path}/{provider name}` for every configured
    /// provider.
    ///
    /// Each delivery goes to ``Switchboard/SwitchboardClient/receiveWebhook(provider:_:)``, which
    /// verifies it, decodes it and records its events in the inbox before answering: 200 once they
    /// are committed, 401 for a delivery that fails verification, 404 for an unknown provider name,
    /// 500 when the store cannot commit (so the provider retries). A body over `maxBodySize` bytes
    /// is refused with 413 before it reaches the client.
    ///
    /// ```swift
    /// let router = Router()
    /// router.addSwitchboardWebhooks(client)   // POST /webhooks/{provider name}
    /// ```
    ///
    /// - Parameters:
    ///   - client: The client the deliveries go to.
    ///   - path: Where the endpoints are mounted; `/webhooks` by default.
    ///   - maxBodySize: The largest body accepted, in bytes; 2 MiB by default (a provider's event,
    ///     media travels by URL).
    @discardableResult
    public func addSwitchboardWebhooks(_ client: SwitchboardClient, at path: String = "/webhooks",
                                       maxBodySize: Int = 2 << 20) -> Self {
        let base = path.hasSuffix("/") ? String(path.dropLast()) : path
        post(RouterPath(base + "/{provider}")) { request, context -> Response in
            let provider = try context.parameters.require("provider")
            let body = try await request.body.collect(upTo: maxBodySize)
            let delivery = WebhookDelivery(target: request.uri.description,
                                           headers: request.headers.map { ($0.name.canonicalName, $0.value) },
                                           body: Data(buffer: body))
            let answer = await client.receiveWebhook(provider: provider, delivery)
            return Response(status: .init(code: answer.status), headers: [.contentType: answer.contentType],
                            body: .init(byteBuffer: ByteBuffer(bytes: answer.body)))
        }
        return self
    }
}
