/// What one upstream adapter offers to policies.
public struct AdapterVocabulary: Sendable, Hashable {
    /// The operation names rules may route to (`upstream.operation`).
    public var operations: Set<String>
    /// Whether rules may give `upstream.path`, a rewrite template for the upstream request path.
    public var allowsPathRewrite: Bool

    /// An adapter offering `operations`.
    public init(operations: Set<String>, allowsPathRewrite: Bool) {
        self.operations = operations
        self.allowsPathRewrite = allowsPathRewrite
    }
}
