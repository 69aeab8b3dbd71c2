import ArgumentParser
import Foundation
import Logging
import Switchboard

/// The documented exit codes: 0 ok, 1 provider or network error, 2 usage, 3 configuration.
enum Exit {
    static let provider = ExitCode(1)
    static let usage = ExitCode(2)
    static let configuration = ExitCode(3)
}

/// Runs a command body, printing any failure as one line on stderr with the right exit code.
func reportingErrors<T>(_ body: () async throws -> T) async throws -> T {
    do {
        return try await body()
    } catch let error as SwitchboardError {
        printError("error: \(error)\(advice(for: error))")
        throw error.kind == .invalidRequest && error.httpStatus == nil ? Exit.usage : Exit.provider
    } catch let error as ConfigurationError {
        printError("configuration error: \(error)")
        throw Exit.configuration
    } catch let error as UsageError {
        printError("usage: \(error.message)")
        throw Exit.usage
    }
}

/// A mistake in the command line that argument parsing cannot catch.
struct UsageError: Error {
    let message: String
    init(_ message: String) { self.message = message }
}

/// Sends every log line at `level` or above to stderr (once per process, before any logger is made).
func logToStandardError(level: Logger.Level) {
    LoggingSystem.bootstrap { label in
        var handler = StreamLogHandler.standardError(label: label)
        handler.logLevel = level
        return handler
    }
}

func printError(_ line: String) {
    FileHandle.standardError.write(Data((line + "\n").utf8))
}

private func advice(for error: SwitchboardError) -> String {
    switch error.kind {
    case .unauthorized: " — check the provider's credentials in the configuration"
    case .notFound: " — `switchboard instances` lists what exists"
    case .instanceNotReady: " — `switchboard pair INSTANCE` links a phone"
    case .rateLimited: error.retryAfter.map { " — try again in \($0)" } ?? " — try again later"
    case .transport: " — is the provider's baseURL reachable?"
    default: ""
    }
}
