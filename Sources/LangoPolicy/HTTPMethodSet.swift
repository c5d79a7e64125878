/// The HTTP methods a rule matches: some of the seven methods policies may name, or any method (`"*"`).
///
/// Stored as a bit mask so that matching a request method and merging the methods of several
/// routes (for a 405 answer) never allocates.
public struct HTTPMethodSet: Sendable, Hashable, CustomStringConvertible {
    /// The methods a policy may name, in sorted order.
    public static let namedMethods = ["DELETE", "GET", "HEAD", "OPTIONS", "PATCH", "POST", "PUT"]

    /// Every method, including ones policies cannot name (`"*"` in a policy).
    public static let any = HTTPMethodSet(bits: 0, matchesAny: true)

    let bits: UInt8
    /// Whether the set matches every method (written `"*"`).
    public let matchesAny: Bool

    init(bits: UInt8, matchesAny: Bool = false) {
        self.bits = bits
        self.matchesAny = matchesAny
    }

    /// The set of the given named methods; `nil` if a name is not one of ``namedMethods``
    /// (matching is case-sensitive, as HTTP methods are).
    public init?(_ names: some Sequence<String>) {
        var bits: UInt8 = 0
        for name in names {
            guard let bit = Self.bit(for: name) else { return nil }
            bits |= bit
        }
        self.init(bits: bits)
    }

    /// Whether a request with `method` matches.
    public func contains(_ method: String) -> Bool {
        if matchesAny { return true }
        guard let bit = Self.bit(for: method) else { return false }
        return bits & bit != 0
    }

    /// Whether some method is in both sets.
    public func overlaps(_ other: HTTPMethodSet) -> Bool {
        matchesAny || other.matchesAny || bits & other.bits != 0
    }

    /// The named methods, sorted; `["*"]` for ``any``.
    public var names: [String] {
        if matchesAny { return ["*"] }
        return Self.namedMethods.indices.filter { bits & (1 << $0) != 0 }.map { Self.namedMethods[$0] }
    }

    /// `GET`, `GET|POST` or `*`.
    public var description: String { names.joined(separator: "|") }

    static func bit(for method: String) -> UInt8? {
        switch method {
        case "DELETE": 1 << 0
        case "GET": 1 << 1
        case "HEAD": 1 << 2
        case "OPTIONS": 1 << 3
        case "PATCH": 1 << 4
        case "POST": 1 << 5
        case "PUT": 1 << 6
        default: nil
        }
    }
}

extension HTTPMethodSet {
    /// A method in both sets, for example requests in diagnostics.
    func overlapExample(with other: HTTPMethodSet) -> String {
        switch (matchesAny, other.matchesAny) {
        case (true, true): "GET"
        case (true, false): other.names.first ?? "GET"
        case (false, true): names.first ?? "GET"
        case (false, false): HTTPMethodSet(bits: bits & other.bits).names.first ?? "GET"
        }
    }
}
