/// What a deny rule answers: an HTTP status and the sentence shown to the caller.
public struct DenyAction: Sendable, Hashable {
    /// The statuses a deny rule may answer with.
    public static let allowedStatuses: [Int] = [403, 404, 410, 451, 503]

    /// 403 unless the policy says otherwise.
    public let status: Int
    /// Shown to the caller; a default sentence naming the rule is used when absent.
    public let message: String?
}
