import HTTPTypes
import Hummingbird
import LangoConsent
import LangoFraud
import LangoLimits
import LangoPolicy
import Logging

/// The `fraud` obligation: once the policies allow a request of a rule with `fraud`, its hook is
/// asked about it — who calls, for which customer and consent, the payment in an OBIE body, the
/// customer's device headers — under the rule's `timeout_ms`, and its verdict applies: allow,
/// step-up (403 `fraud_step_up_required`; under a payment consent the consent waits for its
/// customer to authenticate again on the payment page, after which the step-up is met), deny
/// (403 `fraud_denied`), or, with no score, the
/// rule's fail mode (closed: 503 `fraud_unavailable`; open: carry on). The decision log records
/// the hook, score, action, fail mode and latency; shadow mode records a refusal without enforcing it.
extension GatewayPipeline {
    /// The customer's device as the client reports it (FAPI).
    static let customerUserAgentHeader = HTTPField.Name("x-customer-user-agent")!

    /// Runs the fraud step for an allowed `decision` of `route`'s rule; returns the refusal, or
    /// `nil` to carry on. The body is read here (up to `bodyLimit`) and left buffered in `request`
    /// for the steps after. Under a payment `consent`, the account the customer chose to pay from
    /// is the debtor account when the body names none.
    func assessFraud(
        _ route: RouteMatch, _ decision: Decision, _ request: inout Request, credential: CredentialFacts, consent: Consent?,
        bodyLimit: Int, _ context: Context, _ record: inout DecisionRecord
    ) async -> Response? {
        guard let requirement = route.rule.fraud else { return nil }
        guard let body = await readBody(of: request, limit: bodyLimit, &record) else { return Self.bodyTooLarge(bodyLimit, context) }
        request.body = RequestBody(buffer: body)
        let token: BearerFacts? = if case .bearer(let token) = credential { token } else { nil }
        let facts = FraudFacts(
            interactionID: context.interactionID, ruleID: route.rule.id, method: request.method.rawValue, path: request.uri.path,
            clientID: token?.clientID, appID: decision.app?.id, customerID: decision.customerID, consentID: token?.consentID,
            payment: Self.payment(in: body, under: consent),
            customerIPAddress: request.headers[Self.customerAddressHeader],
            customerUserAgent: request.headers[Self.customerUserAgentHeader], appEnvironment: decision.app?.environment.rawValue)

        let entry = fraudHooks.byName[requirement.hook]
        let started = ContinuousClock.now
        let outcome =
            await entry?.hook.outcome(for: facts, within: .milliseconds(requirement.timeoutMilliseconds))
            ?? .failed("no fraud hook \(requirement.hook) is configured on this gateway")
        let elapsed = Int(LimiterTime.microseconds(ContinuousClock.now - started))
        let assessed = decision.assessed(outcome)
        let verdict = requirement.verdict(for: outcome)
        record.fraud = FraudRecord(verdict, microseconds: elapsed)
        record.shadowed = assessed.shadowedDenials.map(\.code)
        entry?.counters.count(verdict)
        if verdict.failModeApplied {
            context.logger.warning(
                "fraud hook gave no score: the rule's fail mode decides",
                metadata: ["hook": "\(requirement.hook)", "result": "\(verdict.hookResult)", "fail": "\(requirement.failMode.rawValue)"])
        }
        if verdict.action == .stepUp, route.rule.mode == .enforce, let consent, consent.payment != nil, let consents {
            // A payment consent takes the customer through strong authentication again; once
            // they have, the step-up the check asks for is met.
            if consent.steppedUpAt != nil {
                record.fraud?.stepUpMet = true
                return nil
            }
            do {
                try await consents.service.requireStepUp(id: consent.id)
            } catch {
                context.logger.error("payment consent not paused for step-up", metadata: ["consent": "\(consent.id)", "error": "\(error)"])
            }
        }
        return assessed.isAllowed ? nil : deny(assessed, context, &record)
    }

    /// The payment a request makes: under a payment consent, the consent's own terms (what the
    /// payment must repeat, so they are what will be paid: for a bulk, the total and the count)
    /// from the account the customer chose; otherwise the OBIE body's `Data.Initiation`.
    private static func payment(in body: ByteBuffer, under consent: Consent?) -> FraudFacts.Payment? {
        guard let consent, let terms = consent.payment else { return FraudFacts.Payment(obieBody: body.readableBytesView) }
        let creditor = terms.initiation.creditorAccount
        return FraudFacts.Payment(
            amount: terms.total,
            creditor: terms.isBulk
                ? nil : FraudFacts.Creditor(schemeName: creditor.schemeName, identification: creditor.identification, name: creditor.name),
            debtorAccount: consent.accountIDs.first, count: terms.isBulk ? terms.initiations.count : nil)
    }
}
