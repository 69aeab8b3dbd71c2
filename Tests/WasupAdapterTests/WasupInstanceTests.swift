import Foundation
import Switchboard
import SwitchboardWasup
import TestSupport
import Testing

/// Instances, profile, handoff and webhook settings against a real loopback server.
@Suite struct WasupInstanceTests {
    @Test func readsTheSpecInstance() async throws {
        let server = StubServer(SpecAnswers.answer)
        let (listed, one) = try await server.run { base in
            let provider = Fixture.provider(base)
            return (try await provider.listInstances(), try await provider.instance(Fixture.instanceID))
        }
        let expected = Instance(provider: "wasup-test", id: "wa_lxyz123_abc45", name: "Customer Support", status: .connected,
                                phone: Phone(e164Digits: "60123456789"), webhookURL: "https://your-api.com/webhook")
        #expect(listed == [expected])
        #expect(one == expected)
        #expect(server.requests.map { "\($0.method) \($0.path)" } == ["GET /api/instances", "GET /api/instances/\(Fixture.instanceID)"])
    }

    @Test func createsWithACustomIDAndATokenisedWebhookInOneRequest() async throws {
        let server = StubServer(SpecAnswers.answer)
        let created = try await server.run { base in
            try await Fixture.provider(base).createInstance(InstanceDraft(id: "my_custom_id", name: "Customer Support",
                                                                           webhookURL: "https://your-api.com/webhook?app=1"))
        }
        #expect(server.requests.count == 1)
        let body = try #require(server.requests.first?.json)
        #expect(body["id"] as? String == "my_custom_id")
        #expect(body["name"] as? String == "Customer Support")
        let registered = try #require(body["webhookUrl"] as? String)
        #expect(registered.hasPrefix("https://your-api.com/webhook?app=1&sb_instance=my_custom_id&sb_token="))
        #expect(created.id == "my_custom_id")
        #expect(created.status == .disconnected)
        #expect(created.webhookURL == "https://your-api.com/webhook?app=1", "the token is the adapter's business")
    }

    @Test func createsWithoutAnIDThenSetsTheWebhook() async throws {
        let server = StubServer(SpecAnswers.answer)
        let created = try await server.run { base in
            try await Fixture.provider(base).createInstance(InstanceDraft(name: "Support", webhookURL: "https://acme.com/hook"))
        }
        #expect(server.requests.map { "\($0.method) \($0.path)" } == ["POST /api/instances", "PUT /api/instances/wa_generated_1/webhook"])
        #expect(server.requests[0].json?["webhookUrl"] == nil)
        #expect((server.requests[1].json?["webhookUrl"] as? String)?.hasPrefix("https://acme.com/hook?sb_instance=wa_generated_1&sb_token=") == true)
        #expect(created.webhookURL == "https://acme.com/hook")
    }

    @Test func updatesAndDeletes() async throws {
        let server = StubServer(SpecAnswers.answer)
        try await server.run { base in
            let provider = Fixture.provider(base)
            _ = try await provider.updateInstance(Fixture.instanceID, InstanceUpdate(name: "Updated Name"))
            try await provider.deleteInstance(Fixture.instanceID)
        }
        #expect(server.requests.map { "\($0.method) \($0.path)" } == ["PUT /api/instances/\(Fixture.instanceID)", "DELETE /api/instances/\(Fixture.instanceID)"])
        #expect(Fixture.jsonEqual(server.requests[0].body, #"{"name":"Updated Name"}"#))
    }

    @Test func profileNameAboutAndPicture() async throws {
        let server = StubServer(SpecAnswers.answer)
        let profile = try await server.run { base in
            let provider = Fixture.provider(base)
            try await provider.setProfileName(Fixture.instanceID, "Acme Support")
            try await provider.setProfileAbout(Fixture.instanceID, "We reply within minutes!")
            try await provider.setProfilePicture(Fixture.instanceID, url: "https://example.com/logo.png")
            try await provider.setProfilePicture(Fixture.instanceID, url: nil)
            return try await provider.profile(Fixture.instanceID)
        }
        let path = "/api/instances/\(Fixture.instanceID)/profile"
        #expect(server.requests.map { "\($0.method) \($0.path)" } == [
            "PUT \(path)/name", "PUT \(path)/status", "PUT \(path)/picture", "DELETE \(path)/picture", "GET \(path)",
        ])
        #expect(Fixture.jsonEqual(server.requests[0].body, #"{"name":"Acme Support"}"#))
        #expect(Fixture.jsonEqual(server.requests[1].body, #"{"status":"We reply within minutes!"}"#))
        #expect(Fixture.jsonEqual(server.requests[2].body, #"{"imageUrl":"https://example.com/logo.png"}"#))
        #expect(profile == Profile(), "the spec's profile carries only phone and connected")
    }

    @Test func handoffTagListClearAndSettings() async throws {
        let server = StubServer(SpecAnswers.answer)
        let (list, cleared, settings) = try await server.run { base in
            let provider = Fixture.provider(base)
            try await provider.setHandoff(Fixture.instanceID, chat: .person(Fixture.customer), active: true)
            let list = try await provider.handoffs(Fixture.instanceID)
            let cleared = try await provider.clearHandoffs(Fixture.instanceID)
            try await provider.setHandoffSettings(Fixture.instanceID, HandoffSettings(resumeKeywords: ["#bot"], resumeMessage: nil))
            return (list, cleared, try await provider.handoffSettings(Fixture.instanceID))
        }
        let path = "/api/instances/\(Fixture.instanceID)/handoff"
        #expect(server.requests.map { "\($0.method) \($0.path)" } == [
            "POST \(path)", "GET \(path)", "DELETE \(path)", "PUT \(path)/settings", "GET \(path)/settings",
        ])
        #expect(Fixture.jsonEqual(server.requests[0].body, #"{"phone":"447835156367","active":true}"#))
        #expect(Fixture.jsonEqual(server.requests[3].body, ##"{"resumeKeywords":["#bot"],"resumeMessage":""}"##))
        #expect(list == [Handoff(chat: .person(Fixture.customer), since: Date(timeIntervalSince1970: 1_769_688_000))])
        #expect(cleared == 3)
        #expect(settings == HandoffSettings(resumeKeywords: ["#ai", "#assistant", "#bot", "#resume"],
                                            resumeMessage: "AI assistant is back online. How can I help?"))
    }

    @Test func webhookSetCarriesTheTokenAndTestSucceeds() async throws {
        let server = StubServer(SpecAnswers.answer)
        try await server.run { base in
            let provider = Fixture.provider(base)
            try await provider.setWebhook(Fixture.instanceID, url: "https://acme.com/webhook")
            try await provider.testWebhook(Fixture.instanceID)
        }
        let registered = try #require(server.requests.first?.json?["webhookUrl"] as? String)
        #expect(registered.hasPrefix("https://acme.com/webhook?sb_instance=\(Fixture.instanceID)&sb_token="))
        #expect(server.requests.last.map { "\($0.method) \($0.path)" } == "POST /api/instances/\(Fixture.instanceID)/webhook/test")
    }

    @Test func withoutAWebhookSecretTheURLGoesAsGiven() async throws {
        let server = StubServer(SpecAnswers.answer)
        try await server.run { base in
            try await Fixture.provider(base, webhookSecret: nil).setWebhook(Fixture.instanceID, url: "https://acme.com/webhook")
        }
        #expect(Fixture.jsonEqual(try #require(server.requests.first?.body), #"{"webhookUrl":"https://acme.com/webhook"}"#))
        #expect(!Fixture.provider("http://127.0.0.1:9", webhookSecret: nil).capabilities.supports(.webhookSignature))
    }
}
