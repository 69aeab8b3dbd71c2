import Foundation
import TestSupport

/// `OutboxCrashChild intermediate LOG`: the middle process of `ChildProcessTests`. It starts
/// `/bin/sleep` through `ChildProcess`, as the tests start their children, prints `child PID`,
/// and waits until it is killed.
enum IntermediateChild {
    /// What the sleeping child is asked to sleep, so that the test can tell it from a reused id.
    static let seconds = "86399"

    static func run(_ arguments: [String]) async {
        guard arguments.count == 1 else { fail("usage: OutboxCrashChild intermediate LOG") }
        do {
            let child = try await ChildProcess.start(URL(fileURLWithPath: "/bin/sleep"), arguments: [seconds],
                                                     log: URL(fileURLWithPath: arguments[0]))
            FileHandle.standardOutput.write(Data("child \(child.pid)\n".utf8))
            while true { try await Task.sleep(for: .seconds(3600)) }
        } catch {
            fail("\(error)")
        }
    }
}
