/// How two route templates relate, ignoring methods: whether some concrete path matches both,
/// and if so which one routing prefers.
enum TemplateRelation: Sendable, Hashable {
    /// No path matches both.
    case disjoint
    /// Same literals and parameters in the same places (parameter names aside).
    case sameShape
    /// Both match some paths, and the first template wins wherever they differ.
    case moreSpecific
    /// Both match some paths, and the second template wins wherever they differ.
    case lessSpecific
    /// Both match `example`, and each is more specific than the other somewhere.
    case ambiguous(example: String)
}

extension PathTemplate {
    /// Compares this template with `other`, position by position.
    ///
    /// Where the two differ, a literal is more specific than a parameter and a parameter more
    /// specific than a catch-all. A catch-all absorbs every remaining segment of the other
    /// template, which is then more specific at each of them.
    func relation(to other: PathTemplate) -> TemplateRelation {
        var selfWins = false
        var otherWins = false
        var example: [String] = []
        var index = 0
        comparing: while true {
            let mine = index < segments.count ? segments[index] : nil
            let theirs = index < other.segments.count ? other.segments[index] : nil
            switch (mine, theirs) {
            case (nil, nil):
                break comparing
            case (nil, _), (_, nil):
                return .disjoint
            case (.catchAll(let name)?, .catchAll?):
                example.append(name)
                break comparing
            case (.catchAll?, _):
                otherWins = true
                example += other.segments[index...].map(\.exampleValue)
                break comparing
            case (_, .catchAll?):
                selfWins = true
                example += segments[index...].map(\.exampleValue)
                break comparing
            case (.literal(let left)?, .literal(let right)?):
                guard left == right else { return .disjoint }
                example.append(left)
            case (.literal(let left)?, .parameter?):
                selfWins = true
                example.append(left)
            case (.parameter?, .literal(let right)?):
                otherWins = true
                example.append(right)
            case (.parameter(let name)?, .parameter?):
                example.append(name)
            }
            index += 1
        }
        switch (selfWins, otherWins) {
        case (false, false): return .sameShape
        case (true, false): return .moreSpecific
        case (false, true): return .lessSpecific
        case (true, true): return .ambiguous(example: "/" + example.joined(separator: "/"))
        }
    }
}

extension PathTemplate.Segment {
    /// A value this segment matches, for example paths in diagnostics.
    fileprivate var exampleValue: String {
        switch self {
        case .literal(let text), .parameter(let text), .catchAll(let text): text
        }
    }
}
