@testable import Switchboard
import Testing

/// `waitForEnd(of:atMost:)`: the bounded wait shutdown paths use (a background server's stop, the
/// PostgreSQL store's close), so that a task a library fails to end cannot stall its caller.
@Suite struct WaitForEndTests {
    @Test func aTaskThatEndsIsSeenToEnd() async {
        let task = Task { try await Task.sleep(for: .milliseconds(10)) }
        #expect(await waitForEnd(of: task, atMost: .seconds(60)))
    }

    @Test func aTaskThatDoesNotEndIsGivenUpOnAtTheLimit() async {
        let task = Task { try await Task.sleep(for: .seconds(3600)) }
        #expect(await !waitForEnd(of: task, atMost: .milliseconds(50)))
        #expect(!task.isCancelled)   // left alone, as a caller that gives up leaves it
        task.cancel()
        #expect(await waitForEnd(of: task, atMost: .seconds(60)))
    }
}
