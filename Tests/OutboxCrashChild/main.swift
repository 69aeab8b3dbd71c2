// The child process of the crash and replica tests, run by the tests as a separate process so
// that it can be killed with SIGKILL. The first argument picks the mode:
//
// - `OutboxCrashChild DB WASUP_URL ...` (no mode word): the outbox crash test (OutboxChild.swift).
// - `OutboxCrashChild inbox ...`: the inbox crash test (InboxChild.swift).
// - `OutboxCrashChild replica ...`: one of three replicas on one PostgreSQL (ReplicaChild.swift).
// - `OutboxCrashChild intermediate LOG`: starts a child and waits to be killed, for the test that
//   children die with their parent (IntermediateChild.swift).
import Foundation

/// Writes `message` to standard error and exits with `status`.
func fail(_ message: String, status: Int32 = 1) -> Never {
    FileHandle.standardError.write(Data("OutboxCrashChild: \(message)\n".utf8))
    exit(status)
}

let arguments = Array(CommandLine.arguments.dropFirst())
switch arguments.first {
case "inbox": await InboxChild.run(Array(arguments.dropFirst()))
case "replica": await ReplicaChild.run(Array(arguments.dropFirst()))
case "intermediate": await IntermediateChild.run(Array(arguments.dropFirst()))
default: await OutboxChild.run(arguments)
}
