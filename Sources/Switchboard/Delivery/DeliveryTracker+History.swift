import Foundation

extension DeliveryTracker {
    /// Whether `provider`'s receipts must be read from its history: its webhooks carry none, and
    /// its history shows each sent message's status.
    public static func readsReceiptsFromHistory(_ provider: any MessagingProvider) -> Bool {
        guard !provider.capabilities.supports(.inboundAcks), let reader = provider as? any MessageHistoryReading else { return false }
        return reader.historyReading.receipts
    }

    /// For each provider whose webhooks carry no receipts but whose history shows them (Wasup),
    /// reads the outbound history of every instance with messages sent within `window` and not yet
    /// delivered or read, and applies the statuses found. Returns how many records changed. A provider
    /// whose history cannot be read is logged and tried again on the next call.
    @discardableResult
    public func pollReceipts(providers: [any MessagingProvider], window: Duration) async -> Int {
        let polled = providers.filter(Self.readsReceiptsFromHistory)
        guard !polled.isEmpty else { return 0 }
        let now = clock.now()
        var pending: [String: (provider: any MessageHistoryReading, instance: String, oldest: Date)] = [:]
        do {
            let ids = try await store.undeliveredOutbox(sentAfter: now.adding(.zero - window), sentBefore: now.addingTimeInterval(1),
                                                        unread: true, limit: 1000)
            for id in ids {
                guard let entry = try await outbox.outboxEntry(id: id), entry.messageID != nil,
                      let name = entry.provider, let instance = entry.instance,
                      let provider = polled.first(where: { $0.name == name }) as? any MessageHistoryReading else { continue }
                let key = name + "/" + instance
                let oldest = min(pending[key]?.oldest ?? entry.updatedAt, entry.updatedAt)
                pending[key] = (provider, instance, oldest)
            }
        } catch {
            logger.error("delivery: cannot list undelivered messages: \(error)")
            return 0
        }
        var changes = 0
        for (key, item) in pending {
            do {
                // The provider's clock may lag the library's: start a little earlier.
                let read = try await item.provider.history(item.instance, since: item.oldest.addingTimeInterval(-300), direction: .outbound)
                for entry in read.messages {
                    guard let receipt = entry.receipt, receipt != .sent else { continue }
                    if try await apply(receipt, to: entry.message.id, provider: item.provider.name) { changes += 1 }
                }
            } catch {
                logger.warning("delivery: receipts of \(key) not read from its history: \(error)")
            }
        }
        return changes
    }
}
