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

    static func start(_ arguments: [String], log: URL) throws -> ChildProcess {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
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
}
