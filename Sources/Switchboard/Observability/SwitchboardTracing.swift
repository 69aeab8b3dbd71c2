import Tracing

/// Spans Switchboard opens through swift-distributed-tracing: the app picks the tracer
/// (`InstrumentationSystem.bootstrap`); without one they cost two type checks each: no span is
/// started, no context is bound to the task and no attribute is built.
///
/// Each span is a child of the caller's task's context (`ServiceContext.current`), so a send
/// started inside an app's request span continues that trace. Attributes hold configured
/// provider names, instance ids, message kinds, HTTP methods and status codes, and error kinds:
/// never a URL, a header, a body, a phone or a secret.
package enum SwitchboardTracing {
    /// Attribute names.
    package enum Attribute {
        package static let provider = "switchboard.provider"
        package static let instance = "switchboard.instance"
        package static let messageKind = "switchboard.message.kind"
        package static let errorKind = "switchboard.error.kind"
        package static let ambiguous = "switchboard.error.ambiguous"
        package static let candidates = "switchboard.route.candidates"
        package static let events = "switchboard.webhook.events"
        package static let duplicates = "switchboard.webhook.duplicates"
        package static let httpMethod = "http.request.method"
        package static let httpStatus = "http.response.status_code"
    }

    /// Runs `body` in a span named `name`, a child of the current task's trace; a thrown error is
    /// recorded by its kind only (its message may name a chat) and the span's status set to error.
    ///
    /// `tracer` (`nil`: none bootstrapped, no span) is looked up when not given; a send that opens
    /// three spans looks it up once and passes it to the other two.
    package static func withSpan<T>(_ name: String, ofKind kind: SpanKind = .internal,
                                     tracer: (any Tracer)? = SwitchboardTracing.tracer,
                                     _ body: (any Span) async throws(SwitchboardError) -> T) async throws(SwitchboardError) -> T {
        guard let tracer else { return try await body(noOpSpan) }
        let span = tracer.startAnySpan(name, context: ServiceContext.current ?? .topLevel, ofKind: kind)
        defer { span.end() }
        let result: Result<T, SwitchboardError> = await ServiceContext.withValue(span.context) {
            do throws(SwitchboardError) { return .success(try await body(span)) } catch { return .failure(error) }
        }
        switch result {
        case .success(let value):
            return value
        case .failure(let error):
            record(error, on: span)
            throw error
        }
    }

    /// Runs `body`, which cannot fail, in a span named `name`.
    package static func withSpan<T>(_ name: String, ofKind kind: SpanKind = .internal,
                                     tracer: (any Tracer)? = SwitchboardTracing.tracer,
                                     _ body: (any Span) async -> T) async -> T {
        guard let tracer else { return await body(noOpSpan) }
        let span = tracer.startAnySpan(name, context: ServiceContext.current ?? .topLevel, ofKind: kind)
        defer { span.end() }
        return await ServiceContext.withValue(span.context) { await body(span) }
    }

    /// Marks `span` failed with `error`'s kind, without its message.
    package static func record(_ error: SwitchboardError, on span: any Span) {
        span.set(Attribute.errorKind, error.kind.rawValue)
        if error.isAmbiguous { span.set(Attribute.ambiguous, true) }
        span.setStatus(SpanStatus(code: .error, message: error.kind.rawValue))
    }
}

extension SwitchboardTracing {
    /// Runs the synchronous `body` in a span named `name`, a child of the current task's trace.
    package static func withSyncSpan<T>(_ name: String, tracer: (any Tracer)? = SwitchboardTracing.tracer,
                                         _ body: (any Span) throws(SwitchboardError) -> T) throws(SwitchboardError) -> T {
        guard let tracer else { return try body(noOpSpan) }
        let span = tracer.startAnySpan(name, context: ServiceContext.current ?? .topLevel, ofKind: .internal)
        defer { span.end() }
        do {
            return try body(span)
        } catch {
            record(error, on: span)
            throw error
        }
    }
}

extension SwitchboardTracing {
    /// The tracer spans go to, or `nil` when none is bootstrapped: the default no-op instrument or
    /// the no-op tracer, told apart from a real one by their concrete types. That is two
    /// comparisons of metatypes; `InstrumentationSystem.tracer` casts the instrument to
    /// `any Tracer`, a conformance look-up that was a sixth of a routed send's own time, and `is`
    /// casts were still a twentieth (issue 17).
    package static var tracer: (any Tracer)? {
        let instrument = InstrumentationSystem.instrument
        let type = ObjectIdentifier(Swift.type(of: instrument))
        if type == ObjectIdentifier(NoOpInstrument.self) || type == ObjectIdentifier(NoOpTracer.self) { return nil }
        let tracer = InstrumentationSystem.tracer
        return tracer is NoOpTracer ? nil : tracer
    }

    /// The span handed to a body when no tracer is bootstrapped. Its context is never read: the
    /// bodies only set attributes, which `set(_:_:)` skips on a span not recording.
    private static let noOpSpan = NoOpTracer.NoOpSpan(context: .topLevel)
}

extension Span {
    /// Sets the attribute `name` when the span is recording. On a span that is not (the no-op
    /// tracer's), `attributes[name] = value` would still build and hash a dictionary it then drops:
    /// a tenth of a routed send's own time before this guard.
    package func set(_ name: String, _ value: some SpanAttributeConvertible) {
        guard isRecording else { return }
        attributes[name] = value
    }
}
