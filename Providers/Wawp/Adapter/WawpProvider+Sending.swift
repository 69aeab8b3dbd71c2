import Foundation
import Switchboard

extension WawpProvider {
    /// Sends a message; see `WawpSendRequest` for the operation behind each content type.
    ///
    /// Before any request, the content's feature must be in ``capabilities`` (degraded ones only
    /// with `OutboundMessage/allowsDegradation`). A typing hint shows "typing…" for its duration
    /// first (`start-typing`, a pause, `stop-typing`).
    ///
    /// This is the send of whoever calls it; an automated sender calls
    /// `send(_:from:origin: .automated)`, which refuses a chat in handoff (kept in the
    /// `HandoffStore`) with `SwitchboardError/Kind/handoffActive` before any request.
    ///
    /// The id comes from the answer, whatever its shape (see `WawpMessageIDs`); Wawp's documented
    /// answer is plain text, which is a success without an id. A 5xx or an unreadable error answer
    /// is marked ambiguous: the message may have gone out.
    public func send(_ message: OutboundMessage, from id: String) async throws(SwitchboardError) -> SentMessage {
        let request = try sendRequest(message)
        if let typing = message.typing, typing.milliseconds > 0 {
            try await setTyping(id, in: message.to, true)
            do { try await Task.sleep(for: .milliseconds(typing.milliseconds)) } catch {
                throw SwitchboardError.transport(.cancelled, "send from \(id) was cancelled before it went out").from(provider: name)
            }
            try await setTyping(id, in: message.to, false)
        }
        let reply = try await client.call(.post, request.path, instance: id, query: request.query,
                                          jsonBody: request.jsonBody, isSend: true)
        return SentMessage(provider: name, instance: id, id: WawpMessageIDs.messageID(in: reply.json),
                           degradation: request.degradation)
    }

    /// The request for `message`, after the checks a send makes first. Out of line: the errors it
    /// builds would otherwise take room in the send's async frame for the whole round trip.
    @inline(never)
    private func sendRequest(_ message: OutboundMessage) throws(SwitchboardError) -> WawpSendRequest {
        let request: WawpSendRequest
        do { request = try WawpSendRequest(message, capabilities: capabilities) } catch { throw error.from(provider: name) }
        if message.typing != nil {
            try require(.typingHint)
        }
        return request
    }

    /// `PUT /v2/send/reaction` with `chatId`, `messageId` and `reaction`; an empty emoji removes it.
    public func react(_ id: String, to message: MessageID, in chat: ChatID, emoji: String) async throws(SwitchboardError) {
        try require(.reactions)
        _ = try await client.call(.put, "/v2/send/reaction", instance: id,
                                  query: [("chatId", chat.jid), ("messageId", message.rawValue), ("reaction", emoji)])
    }

    /// `POST /v2/send/start-typing` or `/v2/send/stop-typing` with `chatId`.
    public func setTyping(_ id: String, in chat: ChatID, _ typing: Bool) async throws(SwitchboardError) {
        try require(.typing)
        _ = try await client.call(.post, typing ? "/v2/send/start-typing" : "/v2/send/stop-typing", instance: id,
                                  query: [("chatId", chat.jid)])
    }

    /// `POST /v2/send/seen` with `chatId` and `messageIds` (a JSON array); with no ids, the whole
    /// chat is marked read through `POST /v2/chats/read`.
    public func markSeen(_ id: String, in chat: ChatID, messages: [MessageID]) async throws(SwitchboardError) {
        try require(.markSeen)
        if messages.isEmpty {
            _ = try await client.call(.post, "/v2/chats/read", instance: id, query: [("chatId", chat.jid)])
            return
        }
        let ids = WawpJSON.array(messages.map { .string($0.rawValue) }).text
        _ = try await client.call(.post, "/v2/send/seen", instance: id, query: [("chatId", chat.jid), ("messageIds", ids)])
    }
}
