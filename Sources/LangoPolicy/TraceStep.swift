/// One line of an ``Explanation``: what a step of evaluation looked at and concluded.
public struct TraceStep: Sendable, Hashable, CustomStringConvertible {
    /// The evaluation steps, in the order they run.
    public enum Stage: String, Sendable, Hashable, CaseIterable {
        /// Step 1: resolving the route.
        case route
        /// Step 2: obligations the gateway must enforce.
        case obligations
        /// Step 3: the credential.
        case authentication
        /// Step 4: explicit deny rules.
        case denyRules = "deny rules"
        /// Step 5: app status, environment, grant and scopes.
        case authorization
        /// Step 6: the customer the request acts for.
        case customer
        /// Step 7: the consent the token is bound to.
        case consent
        /// Step 8: the fraud hook's verdict, after the policy allows the request.
        case fraud
    }

    /// What the step concluded.
    public enum Verdict: String, Sendable, Hashable {
        /// Nothing to refuse.
        case passed = "pass"
        /// The request is refused here.
        case denied = "deny"
        /// A denial recorded but not enforced (shadow mode).
        case shadowed = "shadow"
        /// An evaluation error carried past by `on_error: allow`, or a fraud hook's failure by `fail: open`.
        case overridden = "override"
        /// The step does not apply to this rule or request.
        case skipped = "skip"
    }

    /// The step of evaluation.
    public let stage: Stage
    /// What it concluded.
    public let verdict: Verdict
    /// What it looked at, in words.
    public let message: String

    /// `[pass] authentication: API key active, app app_copilot (active, production)`.
    public var description: String { "[\(verdict.rawValue)] \(stage.rawValue): \(message)" }
}
