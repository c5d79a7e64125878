/// A parsed route template: `/internal/v1/accounts/{AccountId}/balances`, `/files/{*rest}`, or `/`.
///
/// Segments are literals, `{Name}` parameters (exactly one non-empty segment) or, last only, a
/// `{*Name}` catch-all (one or more segments).
struct PathTemplate: Sendable, Hashable {
    enum Segment: Sendable, Hashable {
        case literal(String)
        case parameter(String)
        case catchAll(String)
    }

    /// The template as written.
    let text: String
    let segments: [Segment]
    /// Parameter names in order of appearance (catch-all included).
    let parameterNames: [String]

    /// The name of the catch-all parameter, when the template ends with one.
    var catchAllName: String? {
        if case .catchAll(let name)? = segments.last { return name }
        return nil
    }

    /// Parses and validates `text`.
    init(parsing text: String) throws(PathTemplateError) {
        guard !text.isEmpty else { throw .init("path template is empty", hint: #"start it with "/""#) }
        guard text.first == "/" else { throw .init(#"path template must start with "/""#) }
        guard !text.contains("?") else { throw .init("path template must not contain a query string") }
        guard !text.contains("#") else { throw .init("path template must not contain a fragment") }
        var segments: [Segment] = []
        var names: [String] = []
        let body = text.dropFirst()
        let pieces = body.isEmpty ? [] : body.split(separator: "/", omittingEmptySubsequences: false)
        for (index, piece) in pieces.enumerated() {
            if case .catchAll? = segments.last { throw .init("a catch-all parameter must be the last segment") }
            let segment = try Self.segment(piece, isLast: index == pieces.count - 1)
            switch segment {
            case .parameter(let name), .catchAll(let name):
                guard !names.contains(name) else { throw .init("parameter \"\(name)\" appears more than once") }
                names.append(name)
            case .literal:
                break
            }
            segments.append(segment)
        }
        self.text = text
        self.segments = segments
        self.parameterNames = names
    }

    private static func segment(_ piece: Substring, isLast: Bool) throws(PathTemplateError) -> Segment {
        guard !piece.isEmpty else {
            throw .init(
                "path template has an empty segment",
                hint: isLast ? #"remove the trailing "/""# : #"remove the doubled "/""#
            )
        }
        if piece.first == "{" && piece.last == "}" && piece.count >= 2 {
            var name = piece.dropFirst().dropLast()
            let isCatchAll = name.first == "*"
            if isCatchAll { name = name.dropFirst() }
            guard isParameterName(name) else {
                throw .init(
                    "invalid parameter name \"\(name)\"",
                    hint: "a name starts with a letter and continues with letters, digits or _"
                )
            }
            return isCatchAll ? .catchAll(String(name)) : .parameter(String(name))
        }
        guard !piece.contains("{"), !piece.contains("}") else {
            throw .init(
                "segment \"\(piece)\" mixes text and a parameter", hint: "a parameter fills a whole segment, as in {AccountId}")
        }
        guard piece != ".", piece != ".." else { throw .init(#"path template must not contain "." or ".." segments"#) }
        if let bad = piece.unicodeScalars.first(where: { !isLiteralCharacter($0) }) {
            throw .init(
                "segment \"\(piece)\" contains \"\(bad)\", which a path template cannot hold",
                hint: "use letters, digits and -._~!$&'()*+,;=:@"
            )
        }
        return .literal(String(piece))
    }

    private static func isParameterName(_ name: Substring) -> Bool {
        guard let first = name.unicodeScalars.first, first.isASCII, first.properties.isAlphabetic else { return false }
        return name.unicodeScalars.allSatisfy {
            $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "_")
        }
    }

    private static func isLiteralCharacter(_ scalar: Unicode.Scalar) -> Bool {
        guard scalar.isASCII else { return false }
        return scalar.properties.isAlphabetic || ("0"..."9").contains(scalar)
            || "-._~!$&'()*+,;=:@".unicodeScalars.contains(scalar)
    }

    /// Whether a request path with `segments` matches this template.
    func matches(_ segments: [Substring]) -> Bool {
        for (index, segment) in self.segments.enumerated() {
            switch segment {
            case .literal(let text):
                guard index < segments.count, segments[index] == text else { return false }
            case .parameter:
                guard index < segments.count else { return false }
            case .catchAll:
                return index < segments.count
            }
        }
        return segments.count == self.segments.count
    }

    /// The parameter values of a request path this template matches.
    func parameters(from segments: [Substring]) -> PathParameters {
        guard !parameterNames.isEmpty else { return PathParameters() }
        var values: [String] = []
        values.reserveCapacity(parameterNames.count)
        for (index, segment) in self.segments.enumerated() {
            switch segment {
            case .literal: continue
            case .parameter: values.append(String(segments[index]))
            case .catchAll: values.append(segments[index...].joined(separator: "/"))
            }
        }
        return PathParameters(names: parameterNames, values: values)
    }
}
