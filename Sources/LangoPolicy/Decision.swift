/// The engine's answer for one request, as a value: what to do, which rule decided, and why.
public struct Decision: Sendable {
    /// Whether the request goes through.
    public enum Outcome: String, Sendable, Hashable, CaseIterable {
        /// Route the request upstream.
        case allow
        /// Answer with ``Decision/status`` and the reason.
        case deny
    }

    /// Allow or deny.
    public let outcome: Outcome
    /// The matched allow rule; `nil` for 404 and 405.
    public let rule: Rule?
    /// The path parameters of the matched route.
    public let parameters: PathParameters
    /// The matched rule's effective mode (enforce for 404 and 405).
    public let mode: EnforcementMode
    /// Why the request is refused; `nil` when allowed.
    public let reason: DenialReason?
    /// Denials that shadow mode (of the rule or of a deny rule) recorded instead of enforcing.
    public let shadowedDenials: [DenialReason]
    /// The evaluation error `on_error: allow` carried on past, if any.
    public let errorOverridden: DenialReason?
    /// For 405: the methods the path accepts, sorted.
    public let allowedMethods: [String]
    /// The customer the request acts for, when the rule requires one and it is allowed.
    public let customerID: String?
    /// The app whose credential authenticated, if one did.
    public let app: AppFacts?
    /// The fraud step's verdict, once the rule's hook has been asked (see ``assessed(_:)``).
    public let fraud: FraudVerdict?

    init(
        outcome: Outcome, rule: Rule?, parameters: PathParameters, mode: EnforcementMode, reason: DenialReason?,
        shadowedDenials: [DenialReason], errorOverridden: DenialReason?, allowedMethods: [String], customerID: String?,
        app: AppFacts?, fraud: FraudVerdict? = nil
    ) {
        self.outcome = outcome
        self.rule = rule
        self.parameters = parameters
        self.mode = mode
        self.reason = reason
        self.shadowedDenials = shadowedDenials
        self.errorOverridden = errorOverridden
        self.allowedMethods = allowedMethods
        self.customerID = customerID
        self.app = app
        self.fraud = fraud
    }

    /// A denial with no rule: 404 or 405.
    static func unrouted(_ reason: DenialReason, allowedMethods: [String] = []) -> Decision {
        Decision(
            outcome: .deny, rule: nil, parameters: PathParameters(), mode: .enforce, reason: reason, shadowedDenials: [],
            errorOverridden: nil, allowedMethods: allowedMethods, customerID: nil, app: nil
        )
    }

    /// Whether the outcome is allow.
    public var isAllowed: Bool { outcome == .allow }

    /// The HTTP status to answer with on deny; 200 on allow.
    public var status: Int { reason?.status ?? 200 }
}
