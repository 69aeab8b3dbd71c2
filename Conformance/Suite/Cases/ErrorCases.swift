import Switchboard

/// Every failure mapped into the taxonomy, the same on every provider.
enum ErrorCases {
    static let all: [ConformanceCase] = [
        ConformanceCase("errors.unauthorized", requires: [.instancesCreate], needsHarness: false) { context in
            guard let intruder = context.configuration.unauthorizedProvider else {
                throw ConformanceSkip("no provider with wrong credentials was configured")
            }
            let id = try await context.newInstance().id
            try await context.expectError(.unauthorized, "a request with a bad token") { try await intruder.instance(id) }
        },
        ConformanceCase("errors.not-found", needsHarness: false) { context in
            try await context.expectError(.notFound, "an unknown instance") {
                try await context.provider.instance("conformance-missing-\(UInt32.random(in: 1...UInt32.max))")
            }
        },
        sendFault("errors.rate-limited", status: 429, kind: .rateLimited) { error in
            guard error.retryAfter != nil else { throw ConformanceFailure("429 without retryAfter: \(error)") }
            guard error.isRetryable else { throw ConformanceFailure("rate limiting is not retryable") }
        },
        sendFault("errors.server-error", status: 500, kind: .serverError) { error in
            guard error.isRetryable else { throw ConformanceFailure("a 500 is not retryable: \(error)") }
            guard !error.surelyNotSent else { throw ConformanceFailure("a 500 on a send is not ambiguous") }
        },
        sendFault("errors.upstream-unavailable", status: 502, kind: .upstreamUnavailable) { error in
            guard error.isRetryable else { throw ConformanceFailure("a 502 is not retryable: \(error)") }
        },
        ConformanceCase("errors.not-ready", requires: [.instancesCreate, .sendText]) { context in
            let id = try await context.newInstance().id
            try await context.expectError(.instanceNotReady, "a send from a disconnected instance") {
                try await context.provider.send(.text("too early", to: context.contact), from: id)
            }
        },
        ConformanceCase("errors.invalid-response", requires: [.instancesCreate]) { context in
            let id = try await context.newInstance().id
            _ = try await context.provider.instance(id)
            let (method, path) = try await lastRequest(context)
            for body in [#"{"id": "trunc"#, "<html>not json</html>", #"["wrong", "shape"]"#] {
                try await context.harness.addFault(method: method, path: path, status: 200, body: body, contentType: "application/json")
                try await context.expectError(.invalidResponse, "a garbage body \(body)") { try await context.provider.instance(id) }
            }
        },
        ConformanceCase("errors.unsupported-sends-nothing") { context in
            let capabilities = context.provider.capabilities
            guard let feature = probes.keys.sorted().first(where: { !capabilities.supports($0) }) else {
                throw ConformanceSkip("the adapter supports every probed feature")
            }
            let before = try await context.harness.requests().count
            try await context.expectError(.unsupported, "\(feature.rawValue), which the adapter does not declare") {
                try await probes[feature]!(context)
            }
            let after = try await context.harness.requests().count
            try context.expect(after == before, "\(after - before) request(s) went out for an unsupported feature")
        },
    ]

    /// Calls that use exactly one feature, on an instance id that need not exist.
    static let probes: [Feature: @Sendable (ConformanceContext) async throws -> Void] = {
        var probes: [Feature: @Sendable (ConformanceContext) async throws -> Void] = [
            .instancesList: { _ = try await $0.provider.listInstances() },
            .instancesUpdate: { _ = try await $0.provider.updateInstance("probe", InstanceUpdate(name: "x")) },
            .pairingCode: { _ = try await $0.provider.connect("probe", method: .code(phone: $0.configuration.instancePhone)) },
            .webhookSet: { try await $0.provider.setWebhook("probe", url: "http://127.0.0.1:9/") },
            .webhookTest: { try await $0.provider.testWebhook("probe") },
            .messageHistory: { _ = try await $0.provider.messages("probe", in: nil, limit: 1) },
            .handoff: { _ = try await $0.provider.handoffs("probe") },
            .reactions: { try await $0.provider.react("probe", to: "m", in: $0.contact, emoji: "👍") },
            .typing: { try await $0.provider.setTyping("probe", in: $0.contact, true) },
            .profileAbout: { try await $0.provider.setProfileAbout("probe", "x") },
        ]
        let media = Media(url: "https://example.com/file.bin", mimeType: "application/octet-stream", fileName: "file.bin")
        let contents: [OutboundContent] = [
            .text("x"), .image(media), .video(media), .audio(media), .voiceNote(media), .document(media),
            .location(Location(latitude: 0, longitude: 0)), .contact(ContactCard(name: "x", phone: Phone(e164Digits: "447700900001"))),
            .buttons(ButtonsMessage(text: "x", buttons: [.init(id: "a", title: "a")])),
            .list(ListMessage(text: "x", buttonTitle: "x", sections: [])), .poll(Poll(question: "x", options: ["a", "b"])),
            .linkPreview(LinkPreview(text: "x", url: "https://example.com")),
        ]
        for content in contents {
            probes[content.feature] = { _ = try await $0.provider.send(OutboundMessage(to: $0.contact, content: content), from: "probe") }
        }
        return probes
    }()

    /// A case that injects `status` into the adapter's text send and expects `kind`.
    static func sendFault(_ id: String, status: Int, kind: SwitchboardError.Kind,
                          check: @escaping @Sendable (SwitchboardError) throws -> Void) -> ConformanceCase {
        ConformanceCase(id, requires: [.instancesCreate, .pairingQR, .sendText]) { context in
            let instance = try await context.connectedInstance()
            _ = try await context.provider.send(.text("before the fault", to: context.contact), from: instance)
            let (method, path) = try await lastRequest(context)
            try await context.harness.addFault(method: method, path: path, status: status)
            let error = try await context.expectError(kind, "a send answered \(status)") {
                try await context.provider.send(.text("during the fault", to: context.contact), from: instance)
            }
            try context.expect(error.httpStatus == status, "the error does not carry HTTP \(status): \(error)")
            try context.expect(error.provider == context.provider.name, "the error does not name the provider: \(error)")
            try check(error)
        }
    }

    /// Method and path of the adapter's latest request, from the harness's request log.
    static func lastRequest(_ context: ConformanceContext) async throws -> (String, String) {
        let requests = try await context.harness.requests()
        guard let last = requests.last(where: { !($0["path"]?.string ?? "/__emulator").hasPrefix("/__emulator") }),
              let method = last["method"]?.string, let path = last["path"]?.string else {
            throw ConformanceFailure("the request log shows no request from the adapter")
        }
        return (method, path)
    }
}
