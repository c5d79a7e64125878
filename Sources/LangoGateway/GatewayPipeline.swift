import Foundation
import HTTPTypes
import Hummingbird
import LangoBank
import LangoIdentity
import LangoPolicy

/// The request pipeline of the open banking and internal APIs: match, authenticate,
/// authorize (the policy engine decides), enforce the body limit, route to the adapter,
/// record. Paths no policy claims pass on to the platform routes.
struct GatewayPipeline: RouterMiddleware {
    typealias Context = GatewayRequestContext

    static let apiKeyHeader = HTTPField.Name("x-api-key")!
    static let customerHeader = HTTPField.Name("x-lango-customer-id")!
    static let reasonHeader = HTTPField.Name("x-lango-reason")!

    let policies: PolicyHolder
    let keys: APIKeyAuthenticator
    let upstreams: Upstreams
    let decisionLog: any DecisionLog
    let settings: Settings

    struct Settings: Sendable {
        var publicAddress: PublicAddress
        var maxBodyBytes: Int
        var transactionPageSize: Int
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        let started = ContinuousClock.now
        let snapshot = policies.snapshot
        let method = request.method.rawValue
        let path = request.uri.path
        var record = DecisionRecord(
            time: Date(), interactionID: context.interactionID, method: method, path: path, status: 0, outcome: "deny",
            policyRevision: snapshot.set.revision, latencyMicroseconds: 0)

        var response: Response
        switch snapshot.set.resolve(method: method, path: path) {
        case .notFound:
            guard snapshot.owns(path) else { return try await next(request, context) }
            response = deny(snapshot.set.decide(method: method, path: path, facts: RequestFacts(credential: .none)), context, &record)
        case .methodNotAllowed:
            response = deny(snapshot.set.decide(method: method, path: path, facts: RequestFacts(credential: .none)), context, &record)
        case .matched(let route):
            response = await serve(route, request, context, snapshot, &record)
        }
        record.status = Int(response.status.code)
        record.latencyMicroseconds = Self.microseconds(since: started)
        decisionLog.record(record)
        return response
    }

    private func serve(
        _ route: RouteMatch, _ request: Request, _ context: Context, _ snapshot: PolicySnapshot, _ record: inout DecisionRecord
    ) async -> Response {
        let credential = await credentialFacts(for: route.rule, request, &record)
        let facts = RequestFacts(credential: credential, customerHeader: request.headers[Self.customerHeader])
        let decision = snapshot.set.decide(route, facts: facts)
        record.ruleID = route.rule.id
        record.policyID = route.rule.policyID
        record.mode = decision.mode.rawValue
        record.shadowed = decision.shadowedDenials.map(\.code)
        guard decision.outcome == .allow else { return deny(decision, context, &record) }

        record.outcome = "allow"
        record.customerID = decision.customerID
        guard let target = route.rule.upstream, let upstream = upstreams.byName[target.adapter] else {
            // The loader checks adapters against the configuration, so this is a bug, not input.
            record.reason = "adapter_missing"
            return ErrorResponses.obie(
                status: 500, interactionID: context.interactionID, code: "UK.OBIE.UnexpectedError",
                message: "the route's upstream is not configured")
        }
        record.upstream = "\(target.adapter).\(target.operation)"

        let limit = route.rule.maxBodyBytes ?? settings.maxBodyBytes
        if let declared = request.headers[.contentLength].flatMap(Int.init), declared > limit {
            record.reason = "body_too_large"
            return Self.bodyTooLarge(limit, context)
        }
        let timeout = Duration.milliseconds(target.timeoutMilliseconds)

        switch upstream {
        case .coreBanking(let bank):
            guard let operation = CoreOperation(rawValue: target.operation), let customerID = decision.customerID else {
                record.reason = "operation_unavailable"
                return ErrorResponses.obie(
                    status: 500, interactionID: context.interactionID, code: "UK.OBIE.UnexpectedError",
                    message: "the route's operation cannot be served")
            }
            var body: ByteBuffer?
            if operation.readsBody {
                if let refusal = Self.refuseNonJSON(request, context) {
                    record.reason = "unsupported_media_type"
                    return refusal
                }
                do {
                    body = try await request.body.collect(upTo: limit)
                } catch {
                    record.reason = "body_too_large"
                    return Self.bodyTooLarge(limit, context)
                }
            }
            let call = CoreBankCall(
                bank: bank, operation: operation, parameters: route.parameters,
                context: CoreRequestContext(
                    scope: CustomerScope(customerID: customerID), timeout: timeout, interactionID: context.interactionID),
                query: Self.query(of: request), body: body, resourceURL: settings.publicAddress.url + request.uri.path,
                pageSize: settings.transactionPageSize)
            let upstreamStarted = ContinuousClock.now
            let outcome = await call.perform()
            record.upstreamMicroseconds = Self.microseconds(since: upstreamStarted)
            record.reason = outcome.failure
            return outcome.response
        case .forward(let forwarder):
            let forwarding = Forwarding(
                forwarder: forwarder, target: target, parameters: route.parameters, limit: limit, timeout: timeout,
                interactionID: context.interactionID, appID: decision.app?.id, customerID: decision.customerID)
            let upstreamStarted = ContinuousClock.now
            let outcome = await forwarding.perform(request)
            record.upstreamMicroseconds = Self.microseconds(since: upstreamStarted)
            record.reason = outcome.failure
            return outcome.response
        }
    }

    /// Reads the credential the rule asks for, and only that one.
    private func credentialFacts(for rule: Rule, _ request: Request, _ record: inout DecisionRecord) async -> CredentialFacts {
        guard case .apiKey? = rule.auth?.kind else { return .none }
        guard let presented = request.headers[Self.apiKeyHeader] else { return .none }
        switch await keys.verify(presented) {
        case .unknown:
            return .apiKey(APIKeyFacts(status: .unknown, keyID: nil, app: nil, scopes: []))
        case .unavailable(let reason):
            return .unavailable(reason)
        case .found(let key, let app, let status):
            record.keyID = key.id
            record.appID = app.id
            let keyStatus: APIKeyFacts.Status =
                switch status {
                case .active: .active
                case .expired: .expired
                case .revoked: .revoked
                }
            let appFacts = AppFacts(id: app.id, status: app.status, environment: app.environment)
            return .apiKey(APIKeyFacts(status: keyStatus, keyID: key.id, app: appFacts, scopes: key.scopes))
        }
    }

    private func deny(_ decision: Decision, _ context: Context, _ record: inout DecisionRecord) -> Response {
        record.outcome = "deny"
        record.ruleID = decision.rule?.id
        record.policyID = decision.rule?.policyID
        record.mode = decision.rule.map { _ in decision.mode.rawValue }
        guard let reason = decision.reason else {
            return ErrorResponses.obie(
                status: 500, interactionID: context.interactionID, code: "UK.OBIE.UnexpectedError", message: "denied")
        }
        record.reason = reason.code
        var headers: HTTPFields = [Self.reasonHeader: reason.code]
        if !decision.allowedMethods.isEmpty {
            headers[.allow] = decision.allowedMethods.joined(separator: ", ")
        }
        let denial = DenialMapping.obie(for: reason, rule: decision.rule)
        if reason.status == 401 {
            headers[.wwwAuthenticate] = denial.challenge
        }
        return ErrorResponses.obie(
            status: reason.status, interactionID: context.interactionID, code: denial.errorCode, message: reason.message,
            path: denial.path, headers: headers)
    }

    private static func refuseNonJSON(_ request: Request, _ context: Context) -> Response? {
        let type = request.headers[.contentType]?.lowercased() ?? ""
        guard !(type == "application/json" || type.hasPrefix("application/json;")) else { return nil }
        return ErrorResponses.obie(
            status: 415, interactionID: context.interactionID, code: "UK.OBIE.Header.Invalid",
            message: "the body must be application/json", path: "content-type")
    }

    private static func bodyTooLarge(_ limit: Int, _ context: Context) -> Response {
        ErrorResponses.obie(
            status: 413, interactionID: context.interactionID, code: "LANGO.BodyTooLarge",
            message: "the request body exceeds \(limit) bytes")
    }

    private static func query(of request: Request) -> [String: String] {
        var items: [String: String] = [:]
        for (name, value) in request.uri.queryParameters {
            items[String(name)] = String(value)
        }
        return items
    }

    static func microseconds(since start: ContinuousClock.Instant) -> Int {
        let elapsed = ContinuousClock.now - start
        return Int(elapsed.components.seconds) * 1_000_000 + Int(elapsed.components.attoseconds / 1_000_000_000_000)
    }
}
