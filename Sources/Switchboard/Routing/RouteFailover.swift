/// What a routed send has met while failing over from one candidate to the next, and the error
/// it ends with when none sent. Its methods are synchronous and kept out of line, so that the
/// error values they build do not take room in the send's async frame.
struct RouteFailover {
    /// The candidates that failed surely unsent, in order.
    private var attempts: [(RouteID, SwitchboardError)] = []
    /// Numbers a provider refused for sending too fast.
    private var refusedPhones: Set<Phone> = []

    /// Whether `id` is skipped: it holds a number a provider refused for sending too fast, which
    /// refused the number, not the instance; the same number on another provider is no healthier.
    func skips(_ id: RouteID, in router: MessageRouter) -> Bool {
        guard !refusedPhones.isEmpty, let held = router.phoneHeld(by: id) else { return false }
        return refusedPhones.contains(held)
    }

    /// Takes in a failed attempt through `id`. Throws what the send must give back now: an error
    /// where the message may have left (marked ambiguous, not re-sent elsewhere), or the
    /// provider's own handoff refusal (native handoff: about the chat). Returns when the send may
    /// go on to the next candidate.
    @inline(never)
    mutating func record(_ error: SwitchboardError, through id: RouteID, in router: MessageRouter) throws(SwitchboardError) {
        if !error.surelyNotSent { throw router.ambiguous(error, through: id) }
        if error.kind == .handoffActive { throw error }
        router.logger.notice("send through \(id) failed, failing over: \(error)")
        attempts.append((id, error))
        if error.kind == .rateLimited, let held = router.phoneHeld(by: id) { refusedPhones.insert(held) }
    }

    /// Throws the error of a send that no candidate took: the number's own rate limit, every
    /// candidate cooling, or the last failure listing every attempt. Returns when no candidate
    /// was tried at all (each was taken by a concurrent failure) and not all are cooling: the
    /// send plans again.
    @inline(never)
    func giveUp(from phone: Phone?, in router: MessageRouter) throws(SwitchboardError) {
        if let refusal = attempts.last?.1, refusal.kind == .rateLimited, let phone, refusedPhones.contains(phone) {
            throw refusal  // the number was refused: its wait, not a cooling summary
        }
        let now = router.clock.now()
        if let cooling = router.table.withLock({ $0.coolingErrorIfAllCooling(from: phone, at: now) }) {
            throw cooling
        }
        guard var last = attempts.last?.1 else { return }
        let tried = attempts.map { "\($0.0): \($0.1.kind.rawValue)" }.joined(separator: ", ")
        last.message += " (tried \(attempts.count) instance\(attempts.count == 1 ? "" : "s"): \(tried))"
        throw last
    }
}
