import Foundation
import HTTPTypes
import Hummingbird
import LangoBank
import LangoConsent
import LangoIdempotency
import LangoIdentity
import LangoLimits
import LangoMetering
import LangoOAuth
import LangoOpenBanking
import LangoPlans
import LangoPolicy
import LangoUpstream
import Logging
import Prometheus

/// The request pipeline of the open banking and internal APIs: match, authenticate,
/// authorize (the policy engine decides), enforce the body limit, ask the rule's fraud hook,
/// limit (rate and quotas of the app's plan), route to the adapter, record (decision log, usage,
/// metrics). Paths no policy claims pass on to the platform routes.
struct GatewayPipeline: RouterMiddleware {
    typealias Context = GatewayRequestContext

    static let apiKeyHeader = HTTPField.Name("x-api-key")!
    static let customerHeader = HTTPField.Name("x-lango-customer-id")!
    static let reasonHeader = HTTPField.Name("x-lango-reason")!
    /// Present when the customer takes part in the request (FAPI); absent, the access is unattended.
    static let customerAddressHeader = HTTPField.Name("x-fapi-customer-ip-address")!

    let policies: PolicyHolder
    let keys: APIKeyAuthenticator
    /// Verifies bearer tokens; `nil` when the gateway is not an authorization server (then
    /// bearer rules fail as unavailable, and their `on_error` decides).
    let bearer: AccessTokenVerifier?
    /// The consents bearer tokens are bound to; `nil` when the gateway is not an authorization
    /// server (then consent rules fail as unavailable, and their `on_error` decides).
    let consents: GatewayConsents?
    /// Where `idempotency` rules keep their keys: the store, shared by every node.
    let idempotency: any IdempotencyStore
    let limits: LimitEnforcer
    let upstreams: Upstreams
    /// The hooks `fraud` rules name.
    let fraudHooks: FraudHooks
    let decisionLog: any DecisionLog
    let usage: UsageMeter
    let metrics: GatewayMetrics
    let settings: Settings
    /// The time decisions and usage are recorded at (the limiter's clock).
    let clock: @Sendable () -> Date

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
            time: clock(), interactionID: context.interactionID, method: method, path: path, status: 0, outcome: "deny",
            policyRevision: snapshot.set.revision, latencyMicroseconds: 0)

        var response: Response
        var metered: Metered?
        switch snapshot.set.resolve(method: method, path: path) {
        case .notFound:
            guard snapshot.owns(path) else { return try await next(request, context) }
            response = deny(snapshot.set.decide(method: method, path: path, facts: RequestFacts(credential: .none)), context, &record)
        case .methodNotAllowed:
            response = deny(snapshot.set.decide(method: method, path: path, facts: RequestFacts(credential: .none)), context, &record)
        case .matched(let route):
            response = await serve(route, request, context, snapshot, &record, &metered)
        }
        record.status = Int(response.status.code)
        let elapsed = ContinuousClock.now - started
        record.latencyMicroseconds = Int(LimiterTime.microseconds(elapsed))
        decisionLog.record(record)
        metrics.countRequest(outcome: record.outcome, status: record.status)
        metrics.requestDuration.record(elapsed)
        if let metered {
            usage.record(
                UsageKey(appID: metered.subject, product: metered.product, ruleID: metered.ruleID, status: record.status, at: record.time),
                cost: metered.cost)
        }
        return response
    }

    /// A call of a rule with a product: what its usage record is counted under.
    private struct Metered {
        let subject: String
        let product: String
        let ruleID: String
        /// The rule's cost once the upstream was called; 0 for a request refused before it.
        var cost: Int
    }

    private func serve(
        _ route: RouteMatch, _ request: Request, _ context: Context, _ snapshot: PolicySnapshot, _ record: inout DecisionRecord,
        _ metered: inout Metered?
    ) async -> Response {
        var request = request
        if case .bearer? = route.rule.auth?.kind, request.uri.queryParameters["access_token"] != nil {
            return Self.tokenInQuery(context, &record)
        }
        let (credential, app) = await credentialFacts(for: route.rule, request, context, snapshot, &record)
        var facts = RequestFacts(credential: credential, customerHeader: request.headers[Self.customerHeader])
        var consent: Consent?
        if route.rule.consent != nil, case .bearer(let token) = credential, token.status == .valid, let consentID = token.consentID {
            record.consentID = consentID
            if let consents {
                (facts.consent, consent) = await consents.lookup(id: consentID)
            } else {
                facts.consent = .unavailable("this gateway keeps no consents")
            }
        }
        let decision = snapshot.set.decide(route, facts: facts)
        record.ruleID = route.rule.id
        record.policyID = route.rule.policyID
        record.mode = decision.mode.rawValue
        record.shadowed = decision.shadowedDenials.map(\.code)
        let subject = decision.app?.id ?? app?.id ?? LimitEnforcer.anonymousSubject
        if let product = route.rule.product {
            metered = Metered(subject: subject, product: product, ruleID: route.rule.id, cost: 0)
        }
        guard decision.outcome == .allow else {
            if let requirement = route.rule.idempotency, case .found(let found)? = facts.consent, found.status == .consumed,
                case .ready(let pending) = await idempotentRequest(
                    &request, clientID: subject, bodyLimit: route.rule.maxBodyBytes ?? settings.maxBodyBytes, context, &record)
            {
                // A repeat of the request that consumed the consent gets that request's answer,
                // once it has one.
                return await idempotently(requirement, pending, context, &record) { record in deny(decision, context, &record) }
            }
            return deny(decision, context, &record)
        }

        record.outcome = "allow"
        record.customerID = decision.customerID
        // What can be refused without going upstream is, before the limits count the request.
        let call: UpstreamCall
        switch prepare(route, request, context, decision, facts.credential, consent, &record) {
        case .ready(let ready): call = ready
        case .refused(let response): return response
        }
        // A repeat is answered from its key: it is not scored or run again, but the limits count
        // it as they count any request.
        var pending: IdempotentRequest?
        var earlier: Response?
        if route.rule.idempotency != nil {
            switch await idempotentRequest(&request, clientID: subject, bodyLimit: call.bodyLimit, context, &record) {
            case .refused(let response):
                return response
            case .ready(let ready):
                earlier = await earlierAnswer(ready, context, &record)
                pending = ready
            }
        }
        if earlier == nil, let refusal = await assessFraud(
            route, decision, &request, credential: facts.credential, consent: consent, bodyLimit: call.bodyLimit, context, &record)
        {
            return refusal
        }
        var plan: Plan?
        if route.rule.product != nil {
            let planID = limits.planID(assigned: app?.plan)
            plan = snapshot.plans.plan(id: planID)
            if plan == nil {
                context.logger.error("app is on a plan the catalog does not have", metadata: ["plan": "\(planID)", "subject": "\(subject)"])
                return refuse(
                    503, reason: "plan_unknown", code: "LANGO.PlanUnknown", message: "the app's plan \(planID) is not configured",
                    context, &record)
            }
        }

        var rateLimitFields: [(String, String)] = []
        if let requirement = route.rule.limits, let plan {
            switch await limits.enforce(requirement, subject: subject, plan: plan) {
            case .allowed(let figures):
                rateLimitFields = figures.map(RateLimitHeaders.fields) ?? []
            case .refused(let figures):
                return tooManyRequests(figures, context, &record)
            case .unavailable:
                return limitsUnavailable(context, &record)
            }
        }
        if earlier == nil, let consent, consent.kind == .accountAccess, let consents,
            request.headers[Self.customerAddressHeader]?.isEmpty ?? true
        {
            // PSD2 (account information only): the customer is not present, so this is one of
            // the consent's few unattended accesses.
            switch await limits.chargeUnattendedAccess(
                consentID: consent.id, perDay: consents.rules.unattendedAccessesPerDay,
                whenUnavailable: route.rule.limits?.whenUnavailable ?? .closed)
            {
            case .allowed: break
            case .refused(let figures): return tooManyRequests(figures, context, &record)
            case .unavailable: return limitsUnavailable(context, &record)
            }
        }
        var response =
            if let earlier {
                earlier
            } else if let requirement = route.rule.idempotency, let pending {
                await idempotently(requirement, pending, context, &record) { [request] record in
                    await dispatch(call, route, request, context, decision, snapshot, &record)
                }
            } else {
                await dispatch(call, route, request, context, decision, snapshot, &record)
            }
        if let consent, record.upstreamMicroseconds != nil { consents?.uses.note(consent.id, at: clock()) }
        // Billed at the rule's cost once the bank was called, also when a Redis-loss mode let
        // the request through uncounted.
        if record.upstreamMicroseconds != nil { metered?.cost = route.rule.limits?.cost ?? 0 }
        for (name, value) in rateLimitFields {
            if let field = HTTPField.Name(name) { response.headers[field] = value }
        }
        return response
    }

    /// An allowed request's upstream, resolved and checked.
    private enum UpstreamCall {
        case coreBanking(any CoreBank, CoreOperation, customerID: String, consent: Consent?, target: UpstreamTarget, bodyLimit: Int)
        case consents(GatewayConsents, ConsentOperation, clientID: String, appID: String, bodyLimit: Int)
        case payments(GatewayPayments, PaymentOperation, clientID: String, app: AppFacts, consent: Consent?, target: UpstreamTarget, bodyLimit: Int)
        case forward(HTTPForwarder, target: UpstreamTarget, bodyLimit: Int)

        /// Whether the body is read before the call (forwarding streams it through itself).
        var readsBody: Bool {
            switch self {
            case .coreBanking(_, let operation, _, _, _, _): operation.readsBody
            case .consents(_, let operation, _, _, _): operation.readsBody
            case .payments(_, let operation, _, _, _, _, _): operation.readsBody
            case .forward: false
            }
        }

        var bodyLimit: Int {
            switch self {
            case .coreBanking(_, _, _, _, _, let limit), .consents(_, _, _, _, let limit), .payments(_, _, _, _, _, _, let limit),
                .forward(_, _, let limit):
                limit
            }
        }
    }

    /// A step's outcome: what the next step needs, or the response that ends the request.
    enum StepOutcome<Value> {
        case ready(Value)
        case refused(Response)
    }

    /// Resolves the rule's upstream and refuses what cannot go there: a body declared too
    /// large (413), or not JSON for an operation that reads one (415).
    private func prepare(
        _ route: RouteMatch, _ request: Request, _ context: Context, _ decision: Decision, _ credential: CredentialFacts,
        _ consent: Consent?, _ record: inout DecisionRecord
    ) -> StepOutcome<UpstreamCall> {
        guard let target = route.rule.upstream, let upstream = upstreams.byName[target.adapter] else {
            // The loader checks adapters against the configuration, so this is a bug, not input.
            record.reason = "adapter_missing"
            return .refused(ErrorResponses.unexpected(interactionID: context.interactionID, message: "the route's upstream is not configured"))
        }
        record.upstream = "\(target.adapter).\(target.operation)"
        let bodyLimit = route.rule.maxBodyBytes ?? settings.maxBodyBytes
        if let declared = request.headers[.contentLength].flatMap(Int.init), declared > bodyLimit {
            record.reason = "body_too_large"
            return .refused(Self.bodyTooLarge(bodyLimit, context))
        }
        let resolved: UpstreamCall?
        switch upstream {
        case .coreBanking(let bank):
            resolved = CoreOperation(rawValue: target.operation).flatMap { operation in
                decision.customerID.map {
                    .coreBanking(bank, operation, customerID: $0, consent: consent, target: target, bodyLimit: bodyLimit)
                }
            }
        case .consents(let consents):
            if let operation = ConsentOperation(rawValue: target.operation), case .bearer(let token) = credential,
                let clientID = token.clientID, let appID = decision.app?.id
            {
                resolved = .consents(consents, operation, clientID: clientID, appID: appID, bodyLimit: bodyLimit)
            } else {
                resolved = nil
            }
        case .payments(let payments):
            if let operation = PaymentOperation(rawValue: target.operation), case .bearer(let token) = credential,
                let clientID = token.clientID, let app = decision.app
            {
                resolved = .payments(
                    payments, operation, clientID: clientID, app: app, consent: consent, target: target, bodyLimit: bodyLimit)
            } else {
                resolved = nil
            }
        case .forward(let forwarder):
            resolved = .forward(forwarder, target: target, bodyLimit: bodyLimit)
        }
        guard let call = resolved else {
            record.reason = "operation_unavailable"
            return .refused(ErrorResponses.unexpected(interactionID: context.interactionID, message: "the route's operation cannot be served"))
        }
        if call.readsBody, let refusal = Self.refuseNonJSON(request, context) {
            record.reason = "unsupported_media_type"
            return .refused(refusal)
        }
        return .ready(call)
    }

    /// Calls the upstream of an allowed, limited request.
    private func dispatch(
        _ call: UpstreamCall, _ route: RouteMatch, _ request: Request, _ context: Context, _ decision: Decision,
        _ snapshot: PolicySnapshot, _ record: inout DecisionRecord
    ) async -> Response {
        let resourceURL = settings.publicAddress.url + request.uri.path
        let body: ByteBuffer?
        do {
            body = try await call.readsBody ? request.body.collect(upTo: call.bodyLimit) : nil
        } catch {
            record.reason = "body_too_large"
            return Self.bodyTooLarge(call.bodyLimit, context)
        }
        let upstreamStarted = ContinuousClock.now
        let outcome: UpstreamOutcome
        switch call {
        case .coreBanking(let bank, let operation, let customerID, let consent, let target, _):
            outcome = await CoreBankCall(
                bank: bank, operation: operation, parameters: route.parameters,
                context: CoreRequestContext(
                    scope: CustomerScope(customerID: customerID, accounts: consent.map { Set($0.accountIDs) }),
                    timeout: .milliseconds(target.timeoutMilliseconds), interactionID: context.interactionID),
                access: consent?.dataAccess ?? .unrestricted, query: Self.query(of: request), body: body, resourceURL: resourceURL, pageSize: settings.transactionPageSize
            ).perform()
        case .consents(let consents, let operation, let clientID, let appID, _):
            outcome = await ConsentResourceCall(
                consents: consents, operation: operation, clientID: clientID, appID: appID, parameters: route.parameters, body: body,
                resourceURL: resourceURL, interactionID: context.interactionID, address: context.remoteAddress.flatMap(\.ipAddress),
                servedPermissions: snapshot.servedAccountPermissions
            ).perform()
        case .payments(let payments, let operation, let clientID, let app, let consent, let target, _):
            outcome = await PaymentResourceCall(
                payments: payments, operation: operation, clientID: clientID, appID: app.id, environment: app.environment, consent: consent,
                parameters: route.parameters, body: body, resourceURL: resourceURL, interactionID: context.interactionID,
                bankTimeout: .milliseconds(target.timeoutMilliseconds),
                address: context.remoteAddress.flatMap(\.ipAddress), fraud: record.fraud
            ).perform()
        case .forward(let forwarder, let target, let bodyLimit):
            outcome = await Forwarding(
                forwarder: forwarder, target: target, parameters: route.parameters, limit: bodyLimit,
                timeout: .milliseconds(target.timeoutMilliseconds), interactionID: context.interactionID,
                appID: decision.app?.id, customerID: decision.customerID
            ).perform(request)
        }
        record.upstreamMicroseconds = observeUpstream(since: upstreamStarted)
        record.reason = outcome.failure
        return outcome.response
    }

    /// A refusal after the policies allowed the request: recorded as a denial with `reason`.
    func refuse(
        _ status: Int, reason: String, code: String, message: String, _ context: Context, _ record: inout DecisionRecord
    ) -> Response {
        record.outcome = "deny"
        record.reason = reason
        return ErrorResponses.obie(
            status: status, interactionID: context.interactionID, code: code, message: message,
            headers: [Self.reasonHeader: reason])
    }

    /// Reads the credential the rule asks for, and only that one; with the app it belongs to.
    private func credentialFacts(
        for rule: Rule, _ request: Request, _ context: Context, _ snapshot: PolicySnapshot, _ record: inout DecisionRecord
    ) async -> (CredentialFacts, App?) {
        switch rule.auth?.kind {
        case .apiKey?: await apiKeyFacts(request, snapshot, &record)
        case .bearer?: await bearerFacts(request, context, snapshot, &record)
        case .none?, nil: (.none, nil)
        }
    }

    private func apiKeyFacts(_ request: Request, _ snapshot: PolicySnapshot, _ record: inout DecisionRecord) async -> (CredentialFacts, App?) {
        guard let presented = request.headers[Self.apiKeyHeader] else { return (.none, nil) }
        switch await keys.verify(presented) {
        case .unknown:
            return (.apiKey(APIKeyFacts(status: .unknown, keyID: nil, app: nil, scopes: [])), nil)
        case .unavailable(let reason):
            return (.unavailable(reason), nil)
        case .found(let key, let app, let status):
            record.keyID = key.id
            record.appID = app.id
            let keyStatus: APIKeyFacts.Status =
                switch status {
                case .active: .active
                case .expired: .expired
                case .revoked: .revoked
                }
            return (.apiKey(APIKeyFacts(status: keyStatus, keyID: key.id, app: appFacts(app, snapshot), scopes: key.scopes)), app)
        }
    }

    /// The token of `Authorization: Bearer <token>` (RFC 6750 §2.1) and what verifying it found;
    /// a token bound to a client certificate only over a connection that presented it.
    private func bearerFacts(
        _ request: Request, _ context: Context, _ snapshot: PolicySnapshot, _ record: inout DecisionRecord
    ) async -> (CredentialFacts, App?) {
        guard let header = request.headers[.authorization], let token = Self.bearerToken(header) else { return (.none, nil) }
        guard let bearer else { return (.unavailable("this gateway does not verify bearer tokens"), nil) }
        // The grant of a token that does not verify is unknown; the engine stops at its status.
        switch await bearer.verify(token, presentedCertificate: { await context.clientCertificateThumbprint() }) {
        case .invalid:
            return (.bearer(BearerFacts(status: .invalid, grant: .clientCredentials)), nil)
        case .expired:
            return (.bearer(BearerFacts(status: .expired, grant: .clientCredentials)), nil)
        case .revoked:
            return (.bearer(BearerFacts(status: .revoked, grant: .clientCredentials)), nil)
        case .unavailable(let reason):
            return (.unavailable(reason), nil)
        case .valid(let token, let app):
            record.appID = app?.id
            let grant: BearerGrant = token.grant == .clientCredentials ? .clientCredentials : .authorizationCode
            let facts = BearerFacts(
                status: .valid, clientID: token.clientID, grant: grant, scopes: token.scopes, subject: token.customer,
                consentID: token.intentID, app: app.map { appFacts($0, snapshot) })
            return (.bearer(facts), app)
        }
    }

    private func appFacts(_ app: App, _ snapshot: PolicySnapshot) -> AppFacts {
        AppFacts(
            id: app.id, status: app.status, environment: app.environment,
            products: snapshot.plans.plan(id: limits.planID(assigned: app.plan))?.products)
    }

    /// The token of a `Bearer` credential, or `nil` for another scheme or a malformed one.
    static func bearerToken(_ header: String) -> String? {
        let parts = header.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else { return nil }
        let token = parts[1].trimmingCharacters(in: .whitespaces)
        return token.isEmpty || token.contains(" ") ? nil : token
    }

    /// The answer to a policy denial: an OBIE error with the reason in `x-lango-reason`.
    func deny(_ decision: Decision, _ context: Context, _ record: inout DecisionRecord) -> Response {
        record.outcome = "deny"
        record.ruleID = decision.rule?.id
        record.policyID = decision.rule?.policyID
        record.mode = decision.rule.map { _ in decision.mode.rawValue }
        guard let reason = decision.reason else {
            return ErrorResponses.unexpected(interactionID: context.interactionID, message: "denied")
        }
        record.reason = reason.code
        var headers: HTTPFields = [Self.reasonHeader: reason.code]
        if !decision.allowedMethods.isEmpty {
            headers[.allow] = decision.allowedMethods.joined(separator: ", ")
        }
        let denial = DenialMapping.obie(for: reason, rule: decision.rule)
        if let challenge = denial.challenge {
            headers[.wwwAuthenticate] = challenge
        }
        return ErrorResponses.obie(
            status: reason.status, interactionID: context.interactionID, code: denial.errorCode, message: reason.message,
            path: denial.path, headers: headers)
    }

    /// RFC 6750 §2.3 allows a token in the query string, and §5.3 warns against it: URLs end up
    /// in logs and histories. Lango refuses it, whatever else the request carries.
    private static func tokenInQuery(_ context: Context, _ record: inout DecisionRecord) -> Response {
        record.outcome = "deny"
        record.reason = "token_in_query"
        return ErrorResponses.obie(
            status: 400, interactionID: context.interactionID, code: "UK.OBIE.Field.Unexpected",
            message: "access tokens are not accepted in the query string; send Authorization: Bearer", path: "access_token",
            headers: [
                reasonHeader: "token_in_query",
                .wwwAuthenticate: #"Bearer realm="lango", error="invalid_request", error_description="token in the query string""#,
            ])
    }

    private static func refuseNonJSON(_ request: Request, _ context: Context) -> Response? {
        let type = request.headers[.contentType]?.lowercased() ?? ""
        guard !(type == "application/json" || type.hasPrefix("application/json;")) else { return nil }
        return ErrorResponses.obie(
            status: 415, interactionID: context.interactionID, code: "UK.OBIE.Header.Invalid",
            message: "the body must be application/json", path: "content-type")
    }

    /// The request body read whole, or `nil` (recorded as `body_too_large`) when it is longer
    /// than `limit`: answer ``bodyTooLarge(_:_:)`` then.
    func readBody(of request: Request, limit: Int, _ record: inout DecisionRecord) async -> ByteBuffer? {
        do {
            return try await request.body.collect(upTo: limit)
        } catch {
            record.reason = "body_too_large"
            return nil
        }
    }

    static func bodyTooLarge(_ limit: Int, _ context: Context) -> Response {
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

    /// Records the upstream time in the metrics and returns it in microseconds for the log.
    private func observeUpstream(since start: ContinuousClock.Instant) -> Int {
        let elapsed = ContinuousClock.now - start
        metrics.upstreamDuration.record(elapsed)
        return Int(LimiterTime.microseconds(elapsed))
    }

    /// 429 for a limit `figures` refused, with the `RateLimit-*` and `Retry-After` headers.
    private func tooManyRequests(_ figures: LimitDecision, _ context: Context, _ record: inout DecisionRecord) -> Response {
        let reason = LimitEnforcer.refusalReason(figures)
        record.outcome = "deny"
        record.reason = reason
        var headers: HTTPFields = [Self.reasonHeader: reason]
        for (name, value) in RateLimitHeaders.fields(for: figures) {
            if let field = HTTPField.Name(name) { headers[field] = value }
        }
        let (code, message) =
            switch figures.exceeded {
            case .quota(LimitEnforcer.unattendedWindow)?:
                (
                    "LANGO.UnattendedAccessLimit",
                    "the consent's \(figures.limit) accesses a day without the customer present are used up; send "
                        + "x-fapi-customer-ip-address when the customer is present"
                )
            case .quota(let window)?: ("LANGO.QuotaExceeded", "the plan's \(window == "day" ? "daily" : "monthly") quota is used up")
            default: ("LANGO.RateLimited", "too many requests: the plan's rate limit is reached")
            }
        let wait = figures.retryAfterMicroseconds.map { "; retry after \(RateLimitHeaders.seconds($0)) s" } ?? ""
        return ErrorResponses.obie(status: 429, interactionID: context.interactionID, code: code, message: message + wait, headers: headers)
    }

    /// 503: the counters a limit needs are out of reach and the rule fails closed.
    private func limitsUnavailable(_ context: Context, _ record: inout DecisionRecord) -> Response {
        refuse(
            503, reason: "limits_unavailable", code: "LANGO.LimitsUnavailable",
            message: "the rate-limit counters cannot be reached; try again shortly", context, &record)
    }
}
