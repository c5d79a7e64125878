import Foundation
import HTTPTypes
import Hummingbird
import LangoIdempotency
import LangoOpenBanking
import LangoPolicy
import Logging

/// The `idempotency` obligation: a request must carry `x-idempotency-key`; the first request
/// with a key (per client, within the rule's `ttl_hours`) runs, and its response is kept (unless
/// it was refused with a 4xx);
/// a repeat with the same method, path and body gets that response again without running; the
/// same key with a different request is refused and changes nothing. Both are answered from the
/// key without asking the fraud hook again; the limits count them like any request.
/// The claim is atomic in the shared store, so concurrent duplicates on any nodes run once: the
/// others wait for the first and get its response.
extension GatewayPipeline {
    static let idempotencyKeyHeader = HTTPField.Name("x-idempotency-key")!
    /// Set on a response given again to a repeated request.
    static let idempotentReplayHeader = HTTPField.Name("x-lango-idempotent-replay")!
    /// A response body larger than this is kept without its body (a repeat is told so).
    static let largestKeptBodyBytes = 1 << 20
    /// How long a repeat waits for the first request with its key to finish.
    static let idempotencyWait: Duration = .seconds(30)

    /// What identifies a request under an `idempotency` rule: its key and its fingerprint.
    struct IdempotentRequest {
        var key: IdempotencyKey
        var fingerprint: String
    }

    /// Checks `request`'s `x-idempotency-key` (400 when missing or malformed) and reads its body
    /// (413 past `bodyLimit`) to fingerprint it, leaving the body buffered in `request`.
    func idempotentRequest(
        _ request: inout Request, clientID: String, bodyLimit: Int, _ context: Context, _ record: inout DecisionRecord
    ) async -> StepOutcome<IdempotentRequest> {
        guard let text = request.headers[Self.idempotencyKeyHeader] else {
            return .refused(
                refuse(
                    400, reason: "idempotency_key_missing", code: OBIEErrorCode.headerMissing.rawValue,
                    message: "x-idempotency-key is required: 1 to 40 characters, new for each new request", context, &record))
        }
        guard IdempotencyKey.isValid(text) else {
            return .refused(
                refuse(
                    400, reason: "idempotency_key_invalid", code: OBIEErrorCode.headerInvalid.rawValue,
                    message: "x-idempotency-key must be 1 to 40 printable ASCII characters, without spaces at either end", context,
                    &record))
        }
        guard let body = await readBody(of: request, limit: bodyLimit, &record) else {
            return .refused(Self.bodyTooLarge(bodyLimit, context))
        }
        request.body = RequestBody(buffer: body)
        let fingerprint = IdempotencyFingerprint.of(
            method: request.method.rawValue, path: request.uri.description, body: Array(body.readableBytesView))
        return .ready(IdempotentRequest(key: IdempotencyKey(clientID: clientID, key: text), fingerprint: fingerprint))
    }

    /// The answer a request gets from its key alone, before any work is done for it: a repeat
    /// of a finished request gets that request's response, and a key used for another request
    /// is refused. `nil` when the request is new, or its first is still running.
    func earlierAnswer(_ pending: IdempotentRequest, _ context: Context, _ record: inout DecisionRecord) async -> Response? {
        let earlier: IdempotencyClaim?
        do {
            earlier = try await idempotency.lookup(pending.key, fingerprint: pending.fingerprint, now: clock())
        } catch {
            return idempotencyUnavailable(error, context, &record)
        }
        switch earlier {
        case .replay(let stored): return replay(stored, context, &record)
        case .mismatch: return keyReused(context, &record)
        case .claimed, .inProgress, nil: return nil
        }
    }

    /// Runs the request `pending` identifies once under its key: the first request with the key
    /// runs and its response is kept; a repeat waits for it (up to ``idempotencyWait``) and gets
    /// that response.
    func idempotently(
        _ requirement: IdempotencyRequirement, _ pending: IdempotentRequest, _ context: Context, _ record: inout DecisionRecord,
        run: (inout DecisionRecord) async -> Response
    ) async -> Response {
        let expiresAt = clock().addingTimeInterval(Double(requirement.ttlHours) * 3_600)
        let deadline = ContinuousClock.now + Self.idempotencyWait
        while true {
            let claim: IdempotencyClaim
            do {
                claim = try await idempotency.claim(pending.key, fingerprint: pending.fingerprint, now: clock(), expiresAt: expiresAt)
            } catch {
                return idempotencyUnavailable(error, context, &record)
            }
            switch claim {
            case .claimed:
                let response = await run(&record)
                return await keep(
                    response, key: pending.key, fingerprint: pending.fingerprint, ranUpstream: record.upstreamMicroseconds != nil, context)
            case .replay(let stored):
                return replay(stored, context, &record)
            case .mismatch:
                return keyReused(context, &record)
            case .inProgress:
                guard ContinuousClock.now < deadline else {
                    return refuse(
                        409, reason: "idempotency_in_progress", code: "LANGO.IdempotencyInProgress",
                        message: "a request with this x-idempotency-key is still running; try again later with the same key", context,
                        &record)
                }
                try? await Task.sleep(for: .milliseconds(100))
            }
        }
    }

    private func idempotencyUnavailable(_ error: any Error, _ context: Context, _ record: inout DecisionRecord) -> Response {
        context.logger.error("idempotency store unavailable", metadata: ["error": "\(error)"])
        return refuse(
            503, reason: "idempotency_unavailable", code: "LANGO.IdempotencyUnavailable",
            message: "the request cannot be guaranteed to run once right now; try again shortly with the same key", context, &record)
    }

    private func keyReused(_ context: Context, _ record: inout DecisionRecord) -> Response {
        refuse(
            400, reason: "idempotency_key_reused", code: OBIEErrorCode.headerInvalid.rawValue,
            message: "this x-idempotency-key was used for a different request; nothing was done, use a new key", context, &record)
    }

    /// Stores the response of the claimed request (its body read whole) and answers it. A
    /// request that never reached the upstream, or was refused by it (4xx: nothing was done),
    /// gives its claim up instead, so the client can correct it and send it again under the same
    /// key; a 5xx is kept, since the upstream may have acted before failing.
    private func keep(
        _ response: Response, key: IdempotencyKey, fingerprint: String, ranUpstream: Bool, _ context: Context
    ) async -> Response {
        guard ranUpstream, !(400..<500).contains(response.status.code) else {
            do {
                try await idempotency.release(key, fingerprint: fingerprint)
            } catch {
                context.logger.error("idempotency key not released", metadata: ["error": "\(error)"])
            }
            return response
        }
        let collector = ResponseCollector()
        var answer = response
        do {
            try await response.body.write(collector)
        } catch {
            context.logger.error("response body could not be read to keep it", metadata: ["error": "\(error)"])
        }
        let bytes = collector.bytes
        answer.body = ResponseBody(byteBuffer: ByteBuffer(bytes: bytes))
        // Framing is the server's to set for each response; the interaction id is each request's own.
        let headers = response.headers.filter { ![InteractionID.header, .contentLength, .transferEncoding].contains($0.name) }
            .map { [$0.name.canonicalName, $0.value] }
        let stored = StoredResponse(
            status: Int(response.status.code), headers: headers, body: bytes.count <= Self.largestKeptBodyBytes ? bytes : nil)
        do {
            try await idempotency.complete(key, fingerprint: fingerprint, response: stored)
        } catch {
            // The request ran: its answer still goes back. A repeat will wait, then be told to try later.
            context.logger.error("idempotent response not kept", metadata: ["error": "\(error)"])
        }
        return answer
    }

    private func replay(_ stored: StoredResponse, _ context: Context, _ record: inout DecisionRecord) -> Response {
        record.reason = "idempotent_replay"
        guard let body = stored.body else {
            return refuse(
                409, reason: "idempotent_replay_unavailable", code: "LANGO.IdempotentReplayUnavailable",
                message: "the request with this x-idempotency-key ran; its response was too large to keep", context, &record)
        }
        var headers = HTTPFields()
        for pair in stored.headers where pair.count == 2 {
            if let name = HTTPField.Name(pair[0]) { headers.append(HTTPField(name: name, value: pair[1])) }
        }
        headers[Self.idempotentReplayHeader] = "true"
        return Response(
            status: HTTPResponse.Status(code: stored.status), headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: body)))
    }
}

/// Reads a response body whole, whatever produced it.
private final class ResponseCollector: ResponseBodyWriter, @unchecked Sendable {
    // Written by one task, the one writing the response; read after it has finished.
    private(set) var bytes: [UInt8] = []

    func write(_ buffer: ByteBuffer) async throws {
        bytes += buffer.readableBytesView
    }

    func finish(_ trailingHeaders: HTTPFields?) async throws {}
}
