import Foundation
import Switchboard

/// The local HTTP target every client measures against: nginx on loopback, started by
/// `Benchmarks/bench.sh` with a fixed Wasup-shaped success answer at the instance send path.
public enum BenchTarget {
    /// The environment variable that carries the base URL (`http://127.0.0.1:PORT`).
    public static let environmentKey = "SWITCHBOARD_BENCH_URL"

    /// The base URL, or `nil` when no target was started (the HTTP benchmarks are then skipped).
    public static var baseURL: String? {
        if let url = ProcessInfo.processInfo.environment[environmentKey], !url.isEmpty { return url }
        // The benchmark plugin may not pass the environment through; bench.sh also writes a file.
        if let text = try? String(contentsOfFile: urlFile, encoding: .utf8) {
            let url = text.trimmingCharacters(in: .whitespacesAndNewlines)
            return url.isEmpty ? nil : url
        }
        return nil
    }

    /// Where bench.sh writes the base URL while nginx runs (removed when it stops).
    public static var urlFile: String {
        (ProcessInfo.processInfo.environment["TMPDIR"] ?? "/tmp") + "/switchboard-bench-url"
    }

    /// The instance every send goes from.
    public static let instanceID = "wa_bench_0001"
    /// The API key the adapter sends (nginx ignores it).
    public static let apiKey = "bench-api-key"
    /// The send path nginx answers, as the Wasup adapter builds it.
    public static var sendPath: String { "/api/instances/\(instanceID)/send" }
    /// The recipient of every benchmark send.
    public static let recipient = Phone(e164Digits: "447835156367")
    /// The message every send carries.
    public static var message: OutboundMessage { .text("Your order #1234 has shipped.", to: .person(recipient)) }
}
