/// One policy or fixture file handed to the engine: the name diagnostics use for it, and its bytes.
///
/// The engine never reads files itself; callers (the gateway, the CLI, tests) read them and pass
/// the contents in.
public struct PolicySource: Sendable, Hashable {
    /// The name diagnostics report, usually the path the caller read, e.g. `policies/internal-accounts.json`.
    public var name: String
    /// The raw UTF-8 JSON text.
    public var contents: [UInt8]

    /// A source from raw bytes.
    public init(name: String, contents: [UInt8]) {
        self.name = name
        self.contents = contents
    }

    /// A source from text, for callers that already hold a string.
    public init(name: String, text: String) {
        self.init(name: name, contents: Array(text.utf8))
    }
}
