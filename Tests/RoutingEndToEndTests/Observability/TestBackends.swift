import InMemoryTracing
import Metrics
import Prometheus
import Tracing

/// The test process's tracer and metrics backend, bootstrapped once (swift-metrics and
/// swift-distributed-tracing allow one bootstrap per process). Tests tell their own spans and
/// series apart by trace id and by label values no other test uses.
enum TestBackends {
    static let tracer: InMemoryTracer = {
        let tracer = InMemoryTracer()
        InstrumentationSystem.bootstrap(tracer)
        return tracer
    }()

    static let registry: PrometheusCollectorRegistry = {
        let registry = PrometheusCollectorRegistry()
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
        return registry
    }()

    /// Both backends, bootstrapped.
    static func bootstrap() -> (tracer: InMemoryTracer, registry: PrometheusCollectorRegistry) { (tracer, registry) }
}

extension FinishedInMemorySpan {
    /// An attribute's value as text (`nil` when absent).
    func text(_ name: String) -> String? {
        guard let value = attributes[name]?.toSpanAttribute() else { return nil }
        switch value {
        case .string(let text): return text
        case .int64(let number): return String(number)
        case .int32(let number): return String(number)
        case .bool(let flag): return String(flag)
        default: return "\(value)"
        }
    }

    /// Every attribute, name and value, as text.
    var attributeTexts: [String] {
        var texts: [String] = []
        attributes.forEach { name, value in texts.append("\(name)=\(value)") }
        return texts
    }
}
