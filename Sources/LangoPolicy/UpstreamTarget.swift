import LangoURI

/// Where an allow rule routes: an adapter operation, its timeout, and optionally a rewritten path.
public struct UpstreamTarget: Sendable, Hashable {
    /// The adapter name, from ``PolicyVocabulary/adapters``.
    public let adapter: String
    /// The operation of that adapter.
    public let operation: String
    /// How long the upstream call may take; 5000 unless the policy says otherwise.
    public let timeoutMilliseconds: Int
    /// The rewrite template as written (`upstream.path`), for adapters that allow rewriting.
    public let pathTemplate: String?

    private let rewrite: [RewritePiece]?

    private enum RewritePiece: Sendable, Hashable {
        case literal(String)
        /// `keepsSlashes` for values of a catch-all, whose "/" separate segments.
        case parameter(name: String, keepsSlashes: Bool)
    }

    /// A target; `rewrite` may only name parameters of `matchTemplate` (validated by the caller).
    init(adapter: String, operation: String, timeoutMilliseconds: Int, rewrite: PathTemplate?, matchTemplate: PathTemplate) {
        self.adapter = adapter
        self.operation = operation
        self.timeoutMilliseconds = timeoutMilliseconds
        self.pathTemplate = rewrite?.text
        self.rewrite = rewrite?.segments.map { segment in
            switch segment {
            case .literal(let text):
                .literal(text)
            case .parameter(let name), .catchAll(let name):
                .parameter(name: name, keepsSlashes: matchTemplate.catchAllName == name)
            }
        }
    }

    /// The upstream path: the rewrite template with each parameter replaced by its
    /// percent-encoded value.
    ///
    /// `nil` when the rule has no rewrite, a parameter is missing, or a value could not be a
    /// path segment (empty, "." or "..").
    public func rewrittenPath(_ parameters: PathParameters) -> String? {
        guard let rewrite else { return nil }
        var segments: [String] = []
        for piece in rewrite {
            switch piece {
            case .literal(let text):
                segments.append(text)
            case .parameter(let name, let keepsSlashes):
                guard let value = parameters[name] else { return nil }
                let parts = keepsSlashes ? value.split(separator: "/", omittingEmptySubsequences: false) : [Substring(value)]
                for part in parts {
                    guard !part.isEmpty, part != ".", part != ".." else { return nil }
                    segments.append(PercentEncoding.encode(part))
                }
            }
        }
        return "/" + segments.joined(separator: "/")
    }
}
