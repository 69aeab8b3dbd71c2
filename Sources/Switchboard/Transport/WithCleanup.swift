/// Runs `body`, then `cleanup`, whether `body` returned or threw; what `body` returned. For what
/// must be stopped or shut down on every path (a transport, a server, an emulator), since `defer`
/// cannot `await`.
package func withCleanup<T>(_ body: () async throws -> T, cleanup: () async -> Void) async rethrows -> T {
    do {
        let value = try await body()
        await cleanup()
        return value
    } catch {
        await cleanup()
        throw error
    }
}
