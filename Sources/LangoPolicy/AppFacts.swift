/// What the credential store knows about the app behind a credential.
public struct AppFacts: Sendable, Hashable {
    /// The app id, e.g. `app_copilot`.
    public var id: String
    /// Whether the app may call at all.
    public var status: AppStatus
    /// The environment the app is registered for.
    public var environment: AppEnvironment

    /// Facts about one app.
    public init(id: String, status: AppStatus, environment: AppEnvironment) {
        self.id = id
        self.status = status
        self.environment = environment
    }
}
