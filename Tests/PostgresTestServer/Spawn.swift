import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Child processes through `posix_spawn` and `waitpid`, for the tests and the benchmarks.
///
/// Not Foundation's `Process`: on Linux it learns of a child's exit from a socket the child
/// inherits, so a process that inherits that socket too (a server the child leaves running, a
/// sibling spawned at the same moment) keeps it from ever noticing, and its `waitUntilExit()`
/// blocks the calling thread meanwhile, a thread of the cooperative pool when called from async
/// code. `waitpid` on a thread of its own depends on neither.
public enum Spawn {
    /// Starts `path` with `arguments`, stdin from /dev/null, stdout and stderr to the file `output`
    /// (created or emptied), or to /dev/null; the
    /// environment is this process's with `environment` added. Returns the child's pid.
    public static func start(_ path: String, _ arguments: [String], environment: [String: String] = [:],
                             output: String?) throws -> pid_t {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, output ?? "/dev/null", O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        let environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }.map { "\($0.key)=\($0.value)" }
        let argv = ([path] + arguments).map { strdup($0) } + [nil]
        let envp = environment.map { strdup($0) } + [nil]
        defer { (argv + envp).forEach { free($0) } }
        var pid: pid_t = 0
        let result = posix_spawn(&pid, path, &actions, nil, argv, envp)
        guard result == 0 else { throw SpawnError(description: "cannot start \(path): \(String(cString: strerror(result)))") }
        return pid
    }

    /// Waits for the child `pid` to exit on a thread of its own (never one of the cooperative
    /// pool), then calls `exited` there with its status: the exit code, or 128 + the signal that
    /// killed it. Call it once per child: the wait reaps it.
    public static func onExit(of pid: pid_t, _ exited: @escaping @Sendable (Int32) -> Void) {
        let thread = Thread {
            var status: Int32 = 0
            var result: pid_t
            repeat { result = waitpid(pid, &status, 0) } while result == -1 && errno == EINTR
            guard result == pid else { return exited(-1) }
            exited(status & 0x7f == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f))
        }
        thread.name = "switchboard-test-wait-\(pid)"
        thread.start()
    }

    /// Waits for the child `pid` to exit; its status (see ``onExit(of:_:)``).
    public static func exitStatus(of pid: pid_t) async -> Int32 {
        await withCheckedContinuation { continuation in
            onExit(of: pid) { continuation.resume(returning: $0) }
        }
    }
}

/// A child process could not be started.
public struct SpawnError: Error, CustomStringConvertible {
    /// Why.
    public let description: String
}
