import LangoJSON

/// What checking one policy file produced: the parts that were valid, for the set-wide checks.
struct PolicyDraft {
    let file: String
    let name: String?
    let version: Int?
    let description: String?
    let rules: [RuleDraft]
}
