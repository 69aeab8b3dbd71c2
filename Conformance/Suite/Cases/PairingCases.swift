import Foundation
import Switchboard

/// Pairing by QR and by code, disconnect, logout, and the status of each state.
enum PairingCases {
    static let all: [ConformanceCase] = [
        ConformanceCase("pairing.qr", requires: [.instancesCreate, .pairingQR]) { context in
            let id = try await context.newInstance().id
            let state = try await context.qrShown(id, first: try await context.provider.connect(id, method: .qr))
            guard case .qr(let code) = state else { throw ConformanceFailure("connect by QR gave \(state)") }
            try context.expect(code.value?.isEmpty == false || code.png?.isEmpty == false, "the QR has neither a value nor an image")
            try await context.harness.scan(id, phone: context.configuration.instancePhone)
            try await context.waitFor(.connected, id)
            let phone = try await context.provider.instance(id).phone
            try context.expect(phone == context.configuration.instancePhone, "connected to \(phone?.e164 ?? "no phone"), expected \(context.configuration.instancePhone)")
        },
        ConformanceCase("pairing.code", requires: [.instancesCreate, .pairingCode]) { context in
            let id = try await context.newInstance().id
            let state = try await context.provider.connect(id, method: .code(phone: context.configuration.instancePhone))
            guard case .code(let code) = state else { throw ConformanceFailure("connect by code gave \(state)") }
            try context.expect(code.wholeMatch(of: /[A-Z0-9]{4}-[A-Z0-9]{4}/) != nil, "pairing code \(code) is not XXXX-XXXX")
            try await context.harness.confirmCode(id, code: code)
            try await context.waitFor(.connected, id)
            let phone = try await context.provider.instance(id).phone
            try context.expect(phone == context.configuration.instancePhone, "connected to \(phone?.e164 ?? "no phone")")
        },
        ConformanceCase("pairing.disconnect-keeps-credentials", requires: [.instancesCreate, .pairingQR]) { context in
            let id = try await context.connectedInstance()
            try await context.provider.disconnect(id)
            try await context.waitFor(.disconnected, id)
            let state = try await context.provider.connect(id, method: .qr)
            if case .qr = state { throw ConformanceFailure("reconnecting after disconnect asked for a new QR") }
            try await context.waitFor(.connected, id)
        },
        ConformanceCase("pairing.logout-needs-pairing", requires: [.instancesCreate, .pairingQR, .logout]) { context in
            let id = try await context.connectedInstance()
            try await context.provider.logout(id)
            let state = try await context.qrShown(id, first: try await context.provider.connect(id, method: .qr))
            guard case .qr = state else { throw ConformanceFailure("after logout, connect gave \(state) instead of a QR") }
            try context.expect(try await context.provider.instance(id).status == .pairing, "after logout the instance is not waiting for pairing")
        },
        ConformanceCase("status.every-state", requires: [.instancesCreate, .pairingQR]) { context in
            // starting and failed cannot be reached on purpose through the control API; the
            // adapters' own tests cover their mapping.
            let id = try await context.newInstance().id
            try await context.waitFor(.disconnected, id)
            _ = try await context.qrShown(id, first: try await context.provider.connect(id, method: .qr))
            try await context.waitFor(.pairing, id)
            try await context.harness.scan(id, phone: context.configuration.instancePhone)
            try await context.waitFor(.connected, id)
            try await context.provider.disconnect(id)
            try await context.waitFor(.disconnected, id)
        },
    ]
}
