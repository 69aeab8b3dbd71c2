import Foundation
import TestSupport
import Testing

/// A child started through `ChildProcess` dies with the process that started it, so a test
/// process that crashes leaves no `OutboxCrashChild`, `switchboard listen` or example running. A
/// middle process starts a child as the tests do, is killed with SIGKILL as a crashed test
/// process would be, and its child must be gone soon after.
@Suite struct ChildProcessTests {
    #if os(Linux)
    @Test func aChildDiesWithTheProcessThatStartedIt() async throws {
        guard FileManager.default.isExecutableFile(atPath: ChildProcess.executable.path) else {
            Issue.record("OutboxCrashChild is not built at \(ChildProcess.executable.path): run `swift build --build-tests` first")
            return
        }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("switchboard-orphan-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let middle = try await ChildProcess.start(["intermediate", directory.appendingPathComponent("sleep.log").path],
                                                  log: directory.appendingPathComponent("middle.log"))
        #expect(await middle.waitForOutput("child "), "\(middle.output)")
        let line = middle.output.split(separator: "\n").first { $0.hasPrefix("child ") }
        let pid = try #require(line.flatMap { Int32($0.dropFirst("child ".count)) }, "\(middle.output)")
        #expect(Self.isSleeping(pid), "the child was not running before the kill")

        await middle.kill()
        var alive = true
        for _ in 0..<1500 {
            alive = Self.isSleeping(pid)
            if !alive { break }
            try await Task.sleep(for: .milliseconds(20))
        }
        if alive { kill(pid, SIGKILL) }
        #expect(!alive, "the child outlived the process that started it")
    }

    /// Whether `pid` is the middle process's `sleep`, still running: neither gone, nor a zombie
    /// (reaped or not, it has ended), nor an id reused by another program.
    static func isSleeping(_ pid: Int32) -> Bool {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let commandLine = try? String(contentsOfFile: "/proc/\(pid)/cmdline", encoding: .utf8),
              let nameEnd = stat.lastIndex(of: ")") else { return false }
        let state = stat[stat.index(after: nameEnd)...].drop { $0 == " " }.first
        return state != "Z" && state != "X" && commandLine.split(separator: "\0").contains("86399")
    }
    #endif
}
