import Logging
import Switchboard

/// The libcurl transport every emulator test sends through (the tests' own requests and the
/// emulators' webhooks). One per test process: it is never shut down, and the process's exit ends
/// its thread.
enum TestTransport {
    static let shared: CurlTransport = {
        var logger = Logger(label: "test.curl")
        logger.logLevel = .warning
        return CurlTransport(logger: logger)
    }()
}
