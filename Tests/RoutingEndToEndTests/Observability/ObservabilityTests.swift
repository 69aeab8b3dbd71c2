import Foundation
import InMemoryTracing
import Switchboard
import SwitchboardWawp
import Synchronization
import Testing
import Tracing

/// Traces and metrics through the real Wawp adapter against its emulator: the span tree of a
/// routed send and of a webhook delivery, under an in-memory tracer, and the series a send
/// leaves in a Prometheus registry; no secret in any attribute or label.
@Suite("Observability: spans and metrics of a routed send and a webhook delivery")
struct ObservabilityTests {
    static let phone = Phone(e164Digits: "447700900919")
    static let customer = Phone(e164Digits: "33612340919")

    @Test("a routed send is a span tree under the caller's span: pick, adapter, HTTP; counted by provider, kind and outcome")
    func routedSendSpansAndMetrics() async throws {
        let (tracer, registry) = TestBackends.bootstrap()
        try await Deployments.run { d in
            let instance = try await d.connectedWawp(Self.phone)
            let router = try MessageRouter(providers: [d.wawp])
            await router.refresh()

            let root = try #require(InstrumentationSystem.tracer.startAnySpan("app.request", context: .topLevel) as? InMemorySpan)
            _ = try await ServiceContext.withValue(root.context) {
                try await router.send(.text("traced", to: .person(Self.customer)), from: Self.phone)
            }
            root.end()

            let spans = tracer.finishedSpans.filter { $0.traceID == root.traceID }
            let send = try #require(spans.first { $0.operationName == "switchboard.send" })
            let pick = try #require(spans.first { $0.operationName == "switchboard.route.pick" })
            let adapter = try #require(spans.first { $0.operationName == "switchboard.adapter.send" })
            let http = try #require(spans.first { $0.operationName == "switchboard.http" })
            #expect(send.parentSpanID == root.spanID)
            #expect(pick.parentSpanID == send.spanID)
            #expect(adapter.parentSpanID == send.spanID)
            #expect(http.parentSpanID == adapter.spanID)
            #expect(adapter.text("switchboard.provider") == "wawp")
            #expect(adapter.text("switchboard.instance") == instance)
            #expect(adapter.text("switchboard.message.kind") == "send.text")
            #expect(http.text("http.request.method") == "POST")
            #expect(http.text("http.response.status_code").flatMap(Int.init).map { (200..<300).contains($0) } == true)
            for span in spans {
                for attribute in span.attributeTexts {
                    #expect(!attribute.contains(Deployments.wawpToken), "\(span.operationName): \(attribute)")
                    #expect(!attribute.contains("traced"), "message text in \(span.operationName): \(attribute)")
                }
            }

            let scrape = registry.emitToString()
            #expect(scrape.contains(#"switchboard_sends_total{provider="wawp",kind="send.text",outcome="sent"}"#), "\(scrape)")
            #expect(scrape.contains("switchboard_send_duration_seconds_bucket"), "\(scrape)")
            #expect(!scrape.contains(Deployments.wawpToken))
            #expect(!scrape.contains(instance), "an instance id became a label value")
        }
    }

    @Test("a failed send is counted by its error kind and its spans carry the kind, not the message")
    func failedSendOutcome() async throws {
        let (tracer, registry) = TestBackends.bootstrap()
        try await Deployments.run { d in
            _ = try await d.connectedWawp(Self.phone)
            let router = try MessageRouter(providers: [d.wawp])
            await router.refresh()
            try await d.fault(d.wawpBase, path: "/v2/send/text", status: 401, body: #"{"message":"bad token"}"#)

            let root = try #require(InstrumentationSystem.tracer.startAnySpan("app.request", context: .topLevel) as? InMemorySpan)
            let error = await ServiceContext.withValue(root.context) { () async -> SwitchboardError? in
                do throws(SwitchboardError) { _ = try await router.send(.text("refused", to: .person(Self.customer)), from: Self.phone); return nil }
                catch { return error }
            }
            root.end()

            #expect(error?.kind == .unauthorized)
            let adapter = try #require(tracer.finishedSpans.first { $0.traceID == root.traceID && $0.operationName == "switchboard.adapter.send" })
            #expect(adapter.text("switchboard.error.kind") == "unauthorized")
            #expect(adapter.status?.code == .error)
            #expect(registry.emitToString().contains(#"switchboard_sends_total{provider="wawp",kind="send.text",outcome="unauthorized"}"#))
        }
    }

    @Test("a webhook delivery is a span tree: verify, decode, record, dispatch; counted by provider and status")
    func webhookSpans() async throws {
        let (tracer, registry) = TestBackends.bootstrap()
        try await Deployments.run { d in
            let instance = try await d.connectedWawp(Self.phone)
            let router = try MessageRouter(providers: [d.wawp])
            await router.refresh()
            let store = try SQLiteStore.inMemory()
            let ingress = WebhookIngress(providers: [d.wawp], inbox: Inbox(store: store), lids: store, aliases: store, router: router)
            let traces = Mutex<[String]>([])
            let receiver = try await WebhookReceiver.start { target, headers, body in
                guard let root = InstrumentationSystem.tracer.startAnySpan("app.webhook", context: .topLevel) as? InMemorySpan else { return 500 }
                traces.withLock { $0.append(root.traceID) }
                let answer = await ServiceContext.withValue(root.context) {
                    await ingress.receive(provider: "wawp", WebhookDelivery(target: target, headers: headers, body: body))
                }
                root.end()
                return answer.status
            }
            try await d.wawpWebhook(to: receiver.url)
            try await d.wawp.disconnect(instance)
            await d.wawpEmulator.flushWebhooks()
            await receiver.stop()

            let ours = Set(traces.withLock { $0 })
            let spans = tracer.finishedSpans.filter { ours.contains($0.traceID) }
            let deliveries = spans.filter { $0.operationName == "switchboard.webhook" && $0.text("http.response.status_code") == "200" }
            let delivery = try #require(deliveries.first)
            #expect(delivery.text("switchboard.provider") == "wawp")
            let children = spans.filter { $0.parentSpanID == delivery.spanID }.map(\.operationName)
            #expect(children == ["switchboard.webhook.verify", "switchboard.webhook.decode", "switchboard.webhook.record",
                                 "switchboard.webhook.dispatch"])
            for span in spans {
                for attribute in span.attributeTexts {
                    #expect(!attribute.contains(Deployments.wawpWebhookSecret), "\(span.operationName): \(attribute)")
                }
            }
            #expect(registry.emitToString().contains(#"switchboard_webhooks_total{provider="wawp",status="200"}"#))
        }
    }
}
