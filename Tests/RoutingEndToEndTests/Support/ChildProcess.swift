import Foundation

/// The `OutboxCrashChild` executable, built next to the test bundle, run as a separate process
/// with its output in a log file.
struct ChildProcess {
    let process: Process
    let log: URL

    /// Where `swift build` put the child: the directory of the running test binary.
    static var executable: URL {
        let directory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        let candidates = [directory, directory.deletingLastPathComponent()]
        return candidates.map { $0.appendingPathComponent("OutboxCrashChild") }
            .first { FileManager.default.isExecutableFile(atPath: $0.path) }
            ?? directory.appendingPathComponent("OutboxCrashChild")
    }

    /// Starts the child with `arguments`, its output appended to `log`, and `environment` added
    /// to the test process's own.
    static func start(_ arguments: [String], log: URL, environment: [String: String] = [:]) throws -> ChildProcess {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        if !environment.isEmpty {
            process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
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

    /// Asks the child to stop (SIGTERM: graceful shutdown) and waits for it (polling, up to 60 s;
    /// then SIGKILL).
    func terminate() async {
        guard isRunning else { return }
        process.terminate()
        for _ in 0..<3000 where isRunning { try? await Task.sleep(for: .milliseconds(20)) }
        if isRunning { kill() }
    }
}
