import EmulatorKit

extension WawpEmulator {
    /// Checks `access_token` (query or JSON body) on `/v2/...` operations: a wrong one is 401 in
    /// the operation's documented shape. A missing one is left to ``reject(_:)`` and the handler,
    /// which answer 400 `missing_param` as the spec documents for `session/create`.
    public func authenticate(_ request: EmulatorRequest) async -> EmulatorResponse? {
        guard let operation = request.operation, operation.path.hasPrefix("/v2/") else { return nil }
        guard let presented = WawpParameters(request: request).string("access_token") else { return nil }
        if WebhookSignature.constantTimeEquals(presented, token) { return nil }
        return errorResponse(status: 401, message: "invalid access token", request: request)
    }

    /// Catalog violations in Wawp's documented shapes: 404 for an unknown route, 400 (plain text,
    /// or JSON where the operation documents JSON) for a missing or mistyped parameter or a
    /// malformed body, 413 in the same shape for an oversized body.
    public func reject(_ request: EmulatorRequest) async -> EmulatorResponse? {
        guard let first = request.violations.first else { return nil }
        let operation = request.operation
        switch first.kind {
        case .unknownOperation:
            return errors.response(status: 404, operation: nil)
        case .bodyTooLarge:
            return errors.badRequestIsJSON(operation)
                ? errors.invalidParameter("body", value: "too_large", operation: operation, status: 413)
                : errors.text(code: "payload_too_large", sentence: first.message.prefix(1).uppercased() + first.message.dropFirst(),
                              status: 413)
        case .missingParameter, .missingBodyField, .missingBody:
            let missing = request.violations.filter { [.missingParameter, .missingBodyField].contains($0.kind) }.compactMap(\.name)
            return errors.missingParameter(missing.isEmpty ? ["body"] : missing, operation: operation)
        case .wrongParameterType, .wrongBodyFieldType:
            let name = first.name ?? ""
            return errors.invalidParameter(name, value: WawpParameters(request: request).string(name), operation: operation)
        case .malformedBody, .wrongBodyType:
            return errors.badRequestIsJSON(operation)
                ? errors.invalidParameter("body", value: "malformed_json", operation: operation)
                : errors.text(code: "invalid_json", sentence: "The request body is not a valid JSON object", status: 400)
        }
    }
}
