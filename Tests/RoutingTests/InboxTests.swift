import Foundation
import Switchboard
import Synchronization
import Testing

/// The inbox on a real SQLite store: per-chat order, retries, parking, replay, retention.
@Suite struct InboxTests {
    static func message(_ id: String, chat: String) -> (event: InboundEvent, key: String) {
        let chatID = ChatID.person(Phone(e164Digits: chat))
        let event = InboundEvent(provider: "p", instance: "i", id: id,
                                 body: .message(Message(id: MessageID(id), chat: chatID, fromMe: false, text: id)))
        return (event, WebhookIngress.deduplicationKey(event))
    }

    final class Seen: Sendable {
        let ids = Mutex<[String]>([])
        func append(_ id: String) { ids.withLock { $0.append(id) } }
        var all: [String] { ids.withLock { $0 } }
    }

    @Test func aFailingChatIsRetriedThenParkedWhileOthersFlowThenReplayed() async throws {
        let clock = ManualTimeSource()
        let store = try SQLiteStore.inMemory()
        let inbox = Inbox(store: store, retry: InboxRetryPolicy(maxAttempts: 3, initialDelay: .seconds(1)), clock: clock)
        let events = [Self.message("a1", chat: "447700900111"), Self.message("b1", chat: "447700900222"), Self.message("a2", chat: "447700900111"),
                      Self.message("b2", chat: "447700900222")]
        #expect(try await inbox.record(events, at: clock.now()).count == 4)
        #expect(try await inbox.record([events[0]], at: clock.now()).isEmpty, "a key seen before is not recorded again")

        let handled = Seen()
        let failing = Mutex(true)
        let handler: Inbox.Handler = { event in
            if event.id.hasPrefix("a"), failing.withLock({ $0 }) { throw SwitchboardError.invalidRequest("chat a is broken") }
            handled.append(event.id)
        }
        await inbox.dispatchDue(handler: handler)
        // Chat b flowed in order; chat a's first event failed and holds a2 back, in order.
        #expect(handled.all == ["b1", "b2"])
        #expect(try await inbox.entries(state: .pending).map(\.event.id) == ["a1", "a2"])

        for _ in 0..<3 {
            clock.advance(by: .seconds(600))
            await inbox.dispatchDue(handler: handler)
        }
        let failed = try await inbox.entries(state: .failed)
        #expect(failed.map(\.event.id) == ["a1"], "parked after 3 attempts")
        #expect(failed.first?.attempts == 3)
        #expect(failed.first?.lastError?.contains("chat a is broken") == true)
        // Parked, it no longer holds the chat: a2 was retried too (and failed) on its own schedule.
        #expect(try await inbox.entries(state: .handled).map(\.event.id).sorted() == ["b1", "b2"])

        failing.withLock { $0 = false }
        let replayed = try await inbox.replay(id: try #require(failed.first?.id))
        #expect(replayed.state == .pending)
        await #expect(throws: SwitchboardError.self) { try await inbox.replay(id: replayed.id) }
        for _ in 0..<4 {
            clock.advance(by: .seconds(600))
            await inbox.dispatchDue(handler: handler)
        }
        #expect(handled.all.filter { $0.hasPrefix("a") }.contains("a1"))
        #expect(try await inbox.entries(state: .pending).isEmpty)

        // Retention: handled events and their keys go after the window.
        clock.advance(by: .seconds(8 * 24 * 3600))
        #expect(try await inbox.prune(olderThan: .seconds(7 * 24 * 3600)) > 0)
        #expect(try await inbox.entries(state: .handled).isEmpty)
    }

    @Test func theEventSequenceAcknowledgesOnTheNextCall() async throws {
        let store = try SQLiteStore.inMemory()
        let inbox = Inbox(store: store)
        _ = try await inbox.record([Self.message("x1", chat: "447700900333"), Self.message("x2", chat: "447700900333")], at: Date())
        let client = inbox
        let first = try await Self.firstTwo(client)
        #expect(first == ["x1", "x2"])
        // x1 was acknowledged when x2 was asked for; x2 is still held by the (ended) loop.
        #expect(try await inbox.entries(state: .handled).map(\.event.id) == ["x1"])
        #expect(try await inbox.entries(state: .handling).map(\.event.id) == ["x2"])
    }

    static func firstTwo(_ inbox: Inbox) async throws -> [String] {
        let task = Task { () throws -> [String] in
            var ids: [String] = []
            var iterator = inbox.events(pollInterval: .milliseconds(10)).makeAsyncIterator()
            while ids.count < 2, let event = try await iterator.next() { ids.append(event.id) }
            return ids
        }
        return try await task.value
    }
}
