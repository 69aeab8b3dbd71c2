import Foundation
import Switchboard
import SwitchboardWasup

/// Wasup-shaped answers and the exact send request the adapter makes.
public enum WasupFixtures {
    /// The answer nginx serves at the send path: the emulator's success shape for
    /// `POST /api/instances/{id}/send`, with a message id.
    public static let sendSuccess =
        #"{"success":true,"messageType":"text","message_id":"3EB0BENCH00000001","result":{"sent":true,"delay":0,"typingSimulation":false,"delayEnabled":false,"messageId":"3EB0BENCH00000001"}}"#

    /// The webhook secret the benchmark adapters verify with.
    public static let webhookSecret = "bench-webhook-secret"

    /// An adapter whose requests go to `baseURL` through `transport`.
    public static func provider(baseURL: String, transport: any HTTPTransport) -> WasupProvider {
        WasupProvider(name: "wasup-bench", baseURL: baseURL, apiKey: BenchTarget.apiKey, transport: transport,
                      webhookSecret: webhookSecret)
    }

    /// The request the Wasup adapter sends for ``BenchTarget/message``, learned by running the
    /// adapter over a ``CapturingTransport``: the raw clients replay exactly this.
    public static func sendRequest(baseURL: String) async throws -> TransportRequest {
        let capture = CapturingTransport(body: sendSuccess)
        _ = try await provider(baseURL: baseURL, transport: capture).send(BenchTarget.message, from: BenchTarget.instanceID)
        guard let request = capture.lastRequest else { throw BenchError("the adapter sent no request") }
        return request
    }

    /// The webhook target (path and query) the adapter registers for `instance`: what Wasup then
    /// calls, with the instance's verification token. Learned through the public `setWebhook`.
    public static func webhookTarget(instance: String) async throws -> String {
        let capture = CapturingTransport(body: #"{"success":true}"#)
        try await provider(baseURL: "http://127.0.0.1:9", transport: capture)
            .setWebhook(instance, url: "https://hooks.example.com/webhooks/wasup")
        guard let body = capture.lastRequest?.body,
              let json = try JSONSerialization.jsonObject(with: body) as? [String: Any],
              let url = json["webhookUrl"] as? String,
              let target = url.range(of: "/webhooks/").map({ String(url[$0.lowerBound...]) }) else {
            throw BenchError("setWebhook sent no webhookUrl")
        }
        return target
    }

    /// A text message delivery as Wasup posts it (the spec's `WebhookPayload`), numbered so that
    /// each has its own message id.
    public static func messageDelivery(_ number: Int, instance: String = BenchTarget.instanceID) -> Data {
        Data(#"{"message_id":"3EB0B430A7F9\#(String(number, radix: 16, uppercase: true))","created_at":"2026-01-29T12:00:00.000Z","from_phone":"447835156367","to_phone":"358942721757","status":"received","webhook_id":"\#(instance)","event":"message","quoted_message":null,"message":"Hello, I need help with my order","media_type":"text","media_url":null,"mime_type":null,"file_name":null}"#.utf8)
    }
}

/// A benchmark setup failure, with its reason.
public struct BenchError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
