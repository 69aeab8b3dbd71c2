import Foundation

/// An executable of this package (`OutboxCrashChild`, `ShopExample`), built next to the test
/// bundle, run as a separate process with its output in a log file.
struct ChildProcess {
    let process: Process
    let log: URL

    /// Where `swift build` put the child: the directory of the running test binary.
    static var executable: URL { executable(named: "OutboxCrashChild") }

    /// Where `swift build` put the executable `name` (the child, or `switchboard`).
    static func executable(named name: String) -> URL {
        let directory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        let candidates = [directory, directory.deletingLastPathComponent()]
        return candidates.map { $0.appendingPathComponent(name) }
            .first { FileManager.default.isExecutableFile(atPath: $0.path) }
            ?? directory.appendingPathComponent(name)
    }

    /// Starts the child with `arguments`, its output appended to `log`, and `environment` added
    /// to the test process's own.
    static func start(_ arguments: [String], log: URL, environment: [String: String] = [:],
                      executable name: String = "OutboxCrashChild") throws -> ChildProcess {
        let process = Process()
        process.executableURL = executable(named: name)
        process.arguments = arguments
        if !environment.isEmpty {
            process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        }
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        let handle = try FileHandle(forWritingTo: log)
        try handle.seekToEnd()
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
        return ChildProcess(process: process, log: log)
    }

    var isRunning: Bool { process.isRunning }

    /// Sends SIGKILL: no handler runs, nothing is flushed, as in a crash or an OOM kill.
    func kill() {
        Foundation.kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    /// Waits for the process to end by itself; its exit status.
    func wait() -> Int32 {
        process.waitUntilExit()
        return process.terminationStatus
    }

    /// Sends SIGTERM (a graceful stop) and waits up to `timeout` for the process to end; its exit
    /// status, or nil when it is still running (it is then killed).
    func terminate(within timeout: Duration) async throws -> Int32? {
        Foundation.kill(process.processIdentifier, SIGTERM)
        let deadline = ContinuousClock.now + timeout
        while process.isRunning, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(20)) }
        guard !process.isRunning else {
            kill()
            return nil
        }
        return process.terminationStatus
    }

    var output: String { (try? String(contentsOf: log, encoding: .utf8)) ?? "" }

    /// Waits until the child's output contains `text` (polling, up to `attempts` × 20 ms); whether it did.
    func waitForOutput(_ text: String, attempts: Int = 3000) async -> Bool {
        for _ in 0..<attempts {
            if output.contains(text) { return true }
            guard isRunning else { return output.contains(text) }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return false
    }

    /// Asks the child to stop (SIGTERM: graceful shutdown) and waits for it (up to 60 s; then SIGKILL).
    func terminate() async {
        guard isRunning else { return }
        _ = try? await terminate(within: .seconds(60))
    }
}
