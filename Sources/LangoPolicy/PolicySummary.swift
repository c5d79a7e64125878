/// One policy file of a compiled set, for status pages and `lango policy check`.
public struct PolicySummary: Sendable, Hashable {
    /// The `policy` name.
    public let id: String
    /// The policy's content `version`.
    public let version: Int
    /// The source name it came from.
    public let file: String
    /// The policy's `description`, if any.
    public let description: String?
    /// How many rules (allow and deny) the file defines.
    public let ruleCount: Int
}
