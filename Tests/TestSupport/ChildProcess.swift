import Foundation
import PostgresTestServer
import Synchronization

/// An executable of this package (`OutboxCrashChild`, `switchboard`, `ShopExample`), built next to
/// the test bundle, or any other program, run as a separate process with its output in a log
/// file. On Linux it dies with the process that started it (see `start(_:arguments:log:environment:)`),
/// so a test process that crashes or is killed leaves no child running.
///
/// Started with `posix_spawn` and reaped by `waitpid` on a thread of its own (`Spawn`), not with
/// Foundation's `Process`, whose `waitUntilExit()` blocked a thread of the cooperative pool, and
/// forever when another process held the socket it watches for the child's exit. Every wait here
/// is async.
package final class ChildProcess: Sendable {
    /// The child's process id.
    package let pid: pid_t
    /// The file its stdout and stderr go to.
    package let log: URL
    private let exit = Mutex(Exit())

    private struct Exit {
        var status: Int32?
        var waiters: [CheckedContinuation<Int32, Never>] = []
    }

    private init(pid: pid_t, log: URL) {
        self.pid = pid
        self.log = log
    }

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

    /// Starts this package's executable `name` with `arguments`, its output written to `log` (emptied first), and
    /// `environment` added to this process's own.
    package static func start(_ arguments: [String], log: URL, environment: [String: String] = [:],
                              executable name: String = "OutboxCrashChild") async throws -> ChildProcess {
        try await start(executable(named: name), arguments: arguments, log: log, environment: environment)
    }

    /// Starts `executable` with `arguments`, its output written to `log` (emptied first), and `environment` added
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
        let (path, fullArguments) = dieWithParent.map { ($0.path, $1 + [executable.path] + arguments) }
            ?? (executable.path, arguments)
        let pid = try await ChildSpawner.shared.run {
            try Spawn.start(path, fullArguments, environment: environment, output: log.path)
        }
        let child = ChildProcess(pid: pid, log: log)
        Spawn.onExit(of: pid) { status in child.exited(status) }
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

    private func exited(_ status: Int32) {
        let waiters = exit.withLock { exit in
            exit.status = status
            defer { exit.waiters = [] }
            return exit.waiters
        }
        for waiter in waiters { waiter.resume(returning: status) }
    }

    /// Whether the child has not been seen to exit yet.
    package var isRunning: Bool { exit.withLock { $0.status == nil } }

    /// Its exit status once it ended: the exit code, or 128 + the signal that killed it.
    package var status: Int32? { exit.withLock { $0.status } }

    /// Waits for the process to end by itself; its exit status (see ``status``).
    package func wait() async -> Int32 {
        await withCheckedContinuation { continuation in
            let status = exit.withLock { exit -> Int32? in
                if exit.status == nil { exit.waiters.append(continuation) }
                return exit.status
            }
            if let status { continuation.resume(returning: status) }
        }
    }

    /// Sends SIGKILL (no handler runs, nothing is flushed, as in a crash or an OOM kill) and
    /// waits for the process to end.
    package func kill() async {
        sendKill()
        _ = await wait()
    }

    /// Sends SIGKILL without waiting (for a `defer`); the process is reaped all the same.
    package func sendKill() {
        if isRunning { Foundation.kill(pid, SIGKILL) }
    }

    /// Sends SIGTERM (a graceful stop) and waits up to `timeout` for the process to end; its exit
    /// status, or nil when it is still running (it is then killed).
    package func terminate(within timeout: Duration) async throws -> Int32? {
        if isRunning { Foundation.kill(pid, SIGTERM) }
        let deadline = ContinuousClock.now + timeout
        while isRunning, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(20)) }
        guard let status else {
            await kill()
            return nil
        }
        return status
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
