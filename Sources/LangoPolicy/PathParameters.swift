/// The values a request path gave a route template's parameters, in template order.
///
/// A catch-all parameter (`{*rest}`) holds the remaining segments joined with "/". Values are
/// percent-decoded.
public struct PathParameters: Sendable, Hashable, Sequence, CustomStringConvertible {
    /// One parameter: its template name and its decoded value.
    public typealias Element = (name: String, value: String)

    private let names: [String]
    private let values: [String]

    /// No parameters.
    public init() {
        self.init(names: [], values: [])
    }

    /// Parameters from name/value pairs, in order (for callers building a rewrite by hand).
    public init(_ pairs: [Element]) {
        self.init(names: pairs.map(\.name), values: pairs.map(\.value))
    }

    init(names: [String], values: [String]) {
        self.names = names
        self.values = values
    }

    /// The value of the parameter called `name`, if the template has one.
    public subscript(name: String) -> String? {
        guard let index = names.firstIndex(of: name) else { return nil }
        return values[index]
    }

    /// How many parameters the template has.
    public var count: Int { names.count }
    /// Whether the template has no parameters.
    public var isEmpty: Bool { names.isEmpty }

    /// The parameters in template order.
    public func makeIterator() -> some IteratorProtocol<Element> {
        zip(names, values).lazy.map { (name: $0.0, value: $0.1) }.makeIterator()
    }

    /// `AccountId=ACC-1, rest=a/b`, or `(none)`.
    public var description: String {
        isEmpty ? "(none)" : map { "\($0.name)=\($0.value)" }.joined(separator: ", ")
    }
}
