import Tracing

/// Spans Switchboard opens through swift-distributed-tracing: the app picks the tracer
/// (`InstrumentationSystem.bootstrap`); without one they cost nothing.
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
    package static func withSpan<T>(_ name: String, ofKind kind: SpanKind = .internal,
                                     _ body: (any Span) async throws(SwitchboardError) -> T) async throws(SwitchboardError) -> T {
        let span = InstrumentationSystem.tracer.startAnySpan(name, context: ServiceContext.current ?? .topLevel, ofKind: kind)
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
                                     _ body: (any Span) async -> T) async -> T {
        let span = InstrumentationSystem.tracer.startAnySpan(name, context: ServiceContext.current ?? .topLevel, ofKind: kind)
        defer { span.end() }
        return await ServiceContext.withValue(span.context) { await body(span) }
    }

    /// Marks `span` failed with `error`'s kind, without its message.
    package static func record(_ error: SwitchboardError, on span: any Span) {
        span.attributes[Attribute.errorKind] = error.kind.rawValue
        if error.isAmbiguous { span.attributes[Attribute.ambiguous] = true }
        span.setStatus(SpanStatus(code: .error, message: error.kind.rawValue))
    }
}

extension SwitchboardTracing {
    /// Runs the synchronous `body` in a span named `name`, a child of the current task's trace.
    package static func withSyncSpan<T>(_ name: String, _ body: (any Span) throws(SwitchboardError) -> T) throws(SwitchboardError) -> T {
        let span = InstrumentationSystem.tracer.startAnySpan(name, context: ServiceContext.current ?? .topLevel, ofKind: .internal)
        defer { span.end() }
        do {
            return try body(span)
        } catch {
            record(error, on: span)
            throw error
        }
    }
}
