import Logging
import Synchronization

/// A log handler that keeps every line, metadata included, in memory, so tests can read what was
/// logged (and that no secret was).
package struct CapturingLogHandler: LogHandler {
    /// The lines logged so far, shared by every logger made with ``logger(_:)``.
    package final class Lines: Sendable {
        private let lines = Mutex<[String]>([])
        package init() {}
        package func append(_ line: String) { lines.withLock { $0.append(line) } }
        package var all: [String] { lines.withLock { $0 } }
    }

    package let lines: Lines
    package var metadata: Logger.Metadata = [:]
    package var logLevel: Logger.Level = .trace

    package init(lines: Lines) { self.lines = lines }

    package subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    package func log(event: LogEvent) {
        let merged = metadata.merging(event.metadata ?? [:]) { $1 }
        lines.append("\(event.level) \(event.message) \(merged.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " "))")
    }

    /// A logger at `.trace` that writes into `lines`.
    package static func logger(_ lines: Lines) -> Logger {
        var logger = Logger(label: "capture") { _ in CapturingLogHandler(lines: lines) }
        logger.logLevel = .trace
        return logger
    }
}
