/// The environment a client app is registered for.
public enum AppEnvironment: String, Sendable, Hashable, CaseIterable, Codable {
    /// Test apps, served by the sandbox bank.
    case sandbox
    /// Live apps.
    case production
}
