/// A JSON value that does not fit the shape a typed model expects.
///
/// Every error names the exact place in the document (`$.rules[2].upstream.adapter`) and,
/// where one helps, a hint ("did you mean \"scopes\"?").
public struct JSONDecodingError: Error, Sendable, Hashable, CustomStringConvertible {
    private enum Kind: Sendable, Hashable {
        case typeMismatch(expected: String, found: String)
        case missingField(String)
        case unknownField(String)
        case invalidValue(String)
    }

    /// What kind of problem it is, for callers that map errors onto their own codes.
    public enum Category: Sendable, Hashable {
        case typeMismatch, missingField, unknownField, invalidValue
    }

    private let kind: Kind
    /// Where in the document the problem is.
    public let path: JSONPath
    /// A suggestion for fixing it, if there is one.
    public let hint: String?

    private init(_ kind: Kind, path: JSONPath, hint: String?) {
        self.kind = kind
        self.path = path
        self.hint = hint
    }

    /// The value at `path` has the wrong JSON type.
    public static func typeMismatch(expected: String, found: String, at path: JSONPath) -> Self {
        Self(.typeMismatch(expected: expected, found: found), path: path, hint: nil)
    }

    /// The object at `path` lacks the required member `field`.
    public static func missingField(_ field: String, at path: JSONPath) -> Self {
        Self(.missingField(field), path: path.appending(key: field), hint: nil)
    }

    /// The member at `path` is not part of the model; `known` feeds the hint.
    public static func unknownField(at path: JSONPath, known: some Collection<String>) -> Self {
        guard case .key(let field)? = path.components.last else {
            return Self(.unknownField("?"), path: path, hint: nil)
        }
        return Self(.unknownField(field), path: path, hint: Suggestion.hint(for: field, among: known, noun: "fields"))
    }

    /// The value at `path` has the right type but is not acceptable.
    public static func invalidValue(_ message: String, at path: JSONPath, hint: String? = nil) -> Self {
        Self(.invalidValue(message), path: path, hint: hint)
    }

    public var category: Category {
        switch kind {
        case .typeMismatch: .typeMismatch
        case .missingField: .missingField
        case .unknownField: .unknownField
        case .invalidValue: .invalidValue
        }
    }

    /// What is wrong, without the location.
    public var message: String {
        switch kind {
        case .typeMismatch(let expected, let found): "expected \(expected), found \(found)"
        case .missingField(let field): "missing required field \"\(field)\""
        case .unknownField(let field): "unknown field \"\(field)\""
        case .invalidValue(let message): message
        }
    }

    public var description: String {
        var text = "\(path): \(message)"
        if let hint { text += " (hint: \(hint))" }
        return text
    }
}

/// Closest-name suggestions for misspelled keys and names.
public enum Suggestion {
    /// The candidate nearest to `word` by edit distance, if it is close enough to be a typo.
    public static func nearest(to word: String, among candidates: some Collection<String>) -> String? {
        let limit = max(1, word.count / 3)
        var best: (candidate: String, distance: Int)?
        for candidate in candidates {
            let distance = editDistance(word.lowercased(), candidate.lowercased())
            if distance <= limit, distance < (best?.distance ?? .max) {
                best = (candidate, distance)
            }
        }
        return best?.candidate
    }

    /// "did you mean \"x\"?" when a candidate is close; otherwise the sorted list of choices.
    public static func hint(for word: String, among candidates: some Collection<String>, noun: String) -> String? {
        if let nearest = nearest(to: word, among: candidates) {
            return "did you mean \"\(nearest)\"?"
        }
        guard !candidates.isEmpty else { return nil }
        return "known \(noun): " + candidates.sorted().joined(separator: ", ")
    }

    /// Optimal string alignment distance: insertions, deletions, substitutions and swaps of
    /// neighbouring characters each cost one, so "prot" is one edit from "port".
    static func editDistance(_ lhs: String, _ rhs: String) -> Int {
        let a = Array(lhs.unicodeScalars)
        let b = Array(rhs.unicodeScalars)
        guard !a.isEmpty else { return b.count }
        guard !b.isEmpty else { return a.count }
        var beforePrevious = [Int](repeating: 0, count: b.count + 1)
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)
                current[j] = min(previous[j] + 1, current[j - 1] + 1, substitution)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    current[j] = min(current[j], beforePrevious[j - 2] + 1)
                }
            }
            (beforePrevious, previous, current) = (previous, current, beforePrevious)
        }
        return previous[b.count]
    }
}
