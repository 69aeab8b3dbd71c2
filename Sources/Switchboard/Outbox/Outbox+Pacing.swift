import Foundation

/// The dispatcher's side of pacing (``Pacer``): hold what would break a cap, pause a number a
/// provider refused, count what went out.
extension Outbox {
    /// How long a number pauses after a refusal that gave no wait.
    static let defaultRefusalPause: Duration = .seconds(60)

    /// Asks the pacer whether `entry` may go from `phone` now. Returns the reservation when it may;
    /// otherwise holds the entry (queued again for when it may go, the attempt not counted) and
    /// returns `nil`. A hold of the whole number holds its other queued entries too, so the
    /// dispatcher does not take them one by one; a hold of new conversations holds only this one,
    /// so replies from the number keep flowing.
    func pace(_ entry: OutboxEntry, from phone: Phone, with pacer: Pacer) async -> Pacer.Reservation? {
        do {
            switch try await pacer.reserve(from: phone, to: entry.message.to) {
            case .go(let reservation):
                return reservation
            case .hold(let hold):
                await requeue(entry, until: hold.until)
                if !hold.newConversationsOnly { await deferNumber(phone, until: hold.until, with: pacer) }
                return nil
            }
        } catch {
            logger.error("outbox: cannot read the pacing of \(phone); entry \(entry.id) waits \(retry.base.secondsText): \(error)")
            await requeue(entry, until: clock.now().adding(retry.base))
            return nil
        }
    }

    /// A provider refused to send from `phone` for now (Wasup's anti-ban `sent: false` with
    /// `waitTime`, a Wawp 429 with `retryAfter`): the number pauses for that wait, and the entry and
    /// the number's other queued entries wait with it. The attempt is not counted, nor the send.
    func refused(_ entry: OutboxEntry, from phone: Phone, _ error: SwitchboardError, with pacer: Pacer) async {
        let wait = error.retryAfter ?? Self.defaultRefusalPause
        let reason = "refused by \(error.provider ?? "the provider"): \(error.message)"
        let until: Date
        do {
            until = try await pacer.pause(phone, for: wait, reason: reason)
        } catch {
            logger.error("outbox: cannot pause \(phone): \(error)")
            until = clock.now().adding(wait)
        }
        var failed = entry
        failed.lastError = error.description
        failed.lastErrorKind = error.kind
        await requeue(failed, until: until)
        await deferNumber(phone, until: until, with: pacer)
    }

    /// Uncounts a reservation whose message did not go out.
    func release(_ reservation: Pacer.Reservation, with pacer: Pacer) async {
        do { try await pacer.release(reservation) } catch {
            logger.error("outbox: cannot uncount a send from \(reservation.phone): \(error)")
        }
    }

    /// Counts a message enqueued without a number against the number that sent it.
    func countUnpaced(_ sent: SentMessage, to chat: ChatID, with pacer: Pacer) async {
        guard let phone = pacer.phoneOf(sent.provider, sent.instance) else { return }
        do { try await pacer.count(from: phone, to: chat) } catch {
            logger.error("outbox: cannot count a send from \(phone): \(error)")
        }
    }

    /// Puts a claimed entry back in the queue until `until`, its attempt not counted.
    private func requeue(_ entry: OutboxEntry, until: Date) async {
        var entry = entry
        entry.state = .queued
        entry.attempts = max(0, entry.attempts - 1)
        entry.nextAttemptAt = until
        entry.updatedAt = clock.now()
        entry.leaseExpiresAt = nil
        do { try await store.updateOutbox(entry) } catch {
            logger.error("outbox: cannot hold entry \(entry.id): \(error)")
        }
    }

    private func deferNumber(_ phone: Phone, until: Date, with pacer: Pacer) async {
        do { _ = try await pacer.store.deferOutbox(from: phone, until: until) } catch {
            logger.error("outbox: cannot hold the queue of \(phone): \(error)")
        }
    }
}
