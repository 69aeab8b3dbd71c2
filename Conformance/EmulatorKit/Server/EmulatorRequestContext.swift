import Hummingbird
import NIOCore

/// Hummingbird's per-request context, keeping the channel so a fault can drop the connection.
struct EmulatorRequestContext: RequestContext {
    var coreContext: CoreRequestContextStorage
    let channel: any Channel

    init(source: ApplicationRequestContextSource) {
        coreContext = CoreRequestContextStorage(source: source)
        channel = source.channel
    }

    /// Bodies are collected by the responder with its own limit.
    var maxUploadSize: Int { Int.max }
}
