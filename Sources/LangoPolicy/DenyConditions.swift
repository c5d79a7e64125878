/// When a deny rule applies (`when`): every listed condition must hold for the calling app.
///
/// Conditions are about the authenticated caller, so with no authenticated app they never hold.
public struct DenyConditions: Sendable, Hashable {
    /// The app environment must be one of these, when given.
    public let environments: Set<AppEnvironment>?
    /// The app id must be one of these, when given.
    public let apps: Set<String>?

    /// Whether every listed condition holds for `app` (`nil`: no authenticated caller).
    public func hold(for app: AppFacts?) -> Bool {
        guard let app else { return false }
        if let environments, !environments.contains(app.environment) { return false }
        if let apps, !apps.contains(app.id) { return false }
        return true
    }
}
