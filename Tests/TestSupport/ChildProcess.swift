import Foundation

/// An executable of this package (`OutboxCrashChild`, `switchboard`, `ShopExample`), built next to
/// the test bundle, or any other program, run as a separate process with its output in a log
/// file. On Linux it dies with the process that started it (see `start(_:arguments:log:environment:)`),
/// so a test process that crashes or is killed leaves no child running.
package struct ChildProcess: @unchecked Sendable {
    package let process: Process
    package let log: URL

    /// Where `swift build` put the child: the directory of the running test binary.
    package static var executable: URL { executable(named: "OutboxCrashChild") }

    /// Where `swift build` put the executable `name` (the child, or `switchboard`).
    package static func executable(named name: String) -> URL {
        let directory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        let candidates = [directory, directory.deletingLastPathComponent()]
        return candidates.map { $0.appendingPathComponent(name) }
            .first { FileManager.default.isExecutableFile(atPath: $0.path) }
            ?? directory.appendingPathComponent(name)
    }

    /// Starts this package's executable `name` with `arguments`, its output appended to `log`, and
    /// `environment` added to this process's own.
    package static func start(_ arguments: [String], log: URL, environment: [String: String] = [:],
                              executable name: String = "OutboxCrashChild") async throws -> ChildProcess {
        try await start(executable(named: name), arguments: arguments, log: log, environment: environment)
    }

    /// Starts `executable` with `arguments`, its output appended to `log`, and `environment` added
    /// to this process's own.
    ///
    /// On Linux the child gets SIGKILL when this process ends, however it ends: it starts under
    /// `setpriv --pdeathsig KILL` (the parent-death signal survives `exec`), then a shell checks
    /// that its parent is still this process (it may have died before the signal was set) and
    /// `exec`s the program, so the process id is the program's. Linux sends that signal when the
    /// *thread* that started the child ends, so every child is started from one thread that lasts
    /// as long as this process (`ChildSpawner`), never from a thread of the cooperative pool,
    /// which may end when idle.
    package static func start(_ executable: URL, arguments: [String], log: URL,
                              environment: [String: String] = [:]) async throws -> ChildProcess {
        let process = Process()
        if let (wrapper, prefix) = dieWithParent {
            process.executableURL = wrapper
            process.arguments = prefix + [executable.path] + arguments
        } else {
            process.executableURL = executable
            process.arguments = arguments
        }
        if !environment.isEmpty {
            process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        }
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        let handle = try FileHandle(forWritingTo: log)
        try handle.seekToEnd()
        process.standardOutput = handle
        process.standardError = handle
        let child = ChildProcess(process: process, log: log)
        try await ChildSpawner.shared.run { try child.process.run() }
        return child
    }

    /// The program and the leading arguments that make a child die with this process, or nil
    /// where that is not available (not Linux, or no `setpriv`).
    private static let dieWithParent: (URL, [String])? = {
        #if os(Linux)
        let setpriv = "/usr/bin/setpriv"
        guard FileManager.default.isExecutableFile(atPath: setpriv) else { return nil }
        // Exit status 70 when this process was gone before the parent-death signal was set.
        let check = #"[ "$PPID" = "\#(getpid())" ] || exit 70; exec "$@""#
        return (URL(fileURLWithPath: setpriv), ["--pdeathsig", "KILL", "--", "/bin/sh", "-c", check, "sh"])
        #else
        return nil
        #endif
    }()

    package var isRunning: Bool { process.isRunning }

    /// Sends SIGKILL: no handler runs, nothing is flushed, as in a crash or an OOM kill.
    package func kill() {
        Foundation.kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    /// Waits for the process to end by itself; its exit status.
    package func wait() -> Int32 {
        process.waitUntilExit()
        return process.terminationStatus
    }

    /// Sends SIGTERM (a graceful stop) and waits up to `timeout` for the process to end; its exit
    /// status, or nil when it is still running (it is then killed).
    package func terminate(within timeout: Duration) async throws -> Int32? {
        Foundation.kill(process.processIdentifier, SIGTERM)
        let deadline = ContinuousClock.now + timeout
        while process.isRunning, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(20)) }
        guard !process.isRunning else {
            kill()
            return nil
        }
        return process.terminationStatus
    }

    package var output: String { (try? String(contentsOf: log, encoding: .utf8)) ?? "" }

    /// Waits until the child's output contains `text` (polling, up to `attempts` × 20 ms); whether it did.
    package func waitForOutput(_ text: String, attempts: Int = 3000) async -> Bool {
        for _ in 0..<attempts {
            if output.contains(text) { return true }
            guard isRunning else { return output.contains(text) }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return false
    }

    /// Asks the child to stop (SIGTERM: graceful shutdown) and waits for it (up to 60 s; then SIGKILL).
    package func terminate() async {
        guard isRunning else { return }
        _ = try? await terminate(within: .seconds(60))
    }
}
