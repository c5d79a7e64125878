/// Whether a client app may call the gateway at all.
public enum AppStatus: String, Sendable, Hashable, CaseIterable, Codable {
    /// Approved and in good standing.
    case active
    /// Suspended apps are refused with 403 `app_suspended` even with a valid credential.
    case suspended
}
