/// The backoff that the retry and cooldown policies share (`RetrySchedule`, which the inbox's and
/// the outbox's retry policies hold, and `CooldownPolicy`): `base` after the first failure,
/// doubled after each further one, never more than `maximum`.
package func doublingBackoff(base: Duration, maximum: Duration, failures: Int) -> Duration {
    var delay = base
    for _ in 1..<max(1, failures) where delay < maximum { delay *= 2 }
    return min(delay, maximum)
}
