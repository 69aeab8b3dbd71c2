import Hummingbird
import Logging
import Metrics
import NIOCore
import Prometheus
import ServiceLifecycle

/// `switchboard listen --metrics PORT`: Switchboard's metrics (every `switchboard_*` series) in
/// Prometheus' text format at `GET /metrics`, from a registry bootstrapped as the process's
/// swift-metrics backend.
enum MetricsEndpoint {
    /// Makes the registry the process's metrics backend (once per process) and returns the server
    /// that serves it on `host:port`. It prints `metrics on http://HOST:PORT/metrics` once bound,
    /// with the bound port (0 asks the system for one).
    static func service(host: String, port: Int, logger: Logger) -> some Service {
        let registry = PrometheusCollectorRegistry()
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
        let router = Router()
        router.get("/metrics") { _, _ -> Response in
            Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                     body: .init(byteBuffer: ByteBuffer(bytes: registry.emitToBuffer())))
        }
        return Application(router: router, configuration: .init(address: .hostname(host, port: port)),
                           onServerRunning: { channel in
                               printError("metrics on http://\(host):\(channel.localAddress?.port ?? port)/metrics")
                           }, logger: logger)
    }
}
