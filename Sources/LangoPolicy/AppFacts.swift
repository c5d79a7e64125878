/// What the credential store knows about the app behind a credential.
public struct AppFacts: Sendable, Hashable {
    /// The app id, e.g. `app_copilot`.
    public var id: String
    /// Whether the app may call at all.
    public var status: AppStatus
    /// The environment the app is registered for.
    public var environment: AppEnvironment
    /// The API products the app's plan includes; `nil` when the plan is not known (fixtures that
    /// test other steps), which skips the product check.
    public var products: Set<String>?

    /// Facts about one app.
    public init(id: String, status: AppStatus, environment: AppEnvironment, products: Set<String>? = nil) {
        self.id = id
        self.status = status
        self.environment = environment
        self.products = products
    }
}
