/// Allow-rule routes keyed by path segment: literal children, one parameter child, and the
/// catch-all routes of each node.
///
/// Lookup walks the trie depth-first, trying the literal child, then the parameter child, then
/// the node's catch-all routes, backtracking on failure; the first route found that has the
/// request's method is the most specific one (validation rejects ambiguous sets). Built once
/// while compiling; read-only afterwards.
struct RouteTrie: Sendable {
    /// A route ending at a node: the rule (index into the set's rules) and its methods.
    struct Endpoint: Sendable, Hashable {
        let methods: HTTPMethodSet
        let rule: Int
    }

    /// The outcome of a lookup.
    enum Lookup: Sendable, Hashable {
        case matched(rule: Int)
        /// Routes matched the path, but none has the method; these are their methods.
        case methodNotAllowed(HTTPMethodSet)
        case notFound
    }

    private struct Node: Sendable {
        var literals: [Substring: Int] = [:]
        var parameter: Int?
        /// Routes that end exactly at this node.
        var endpoints: [Endpoint] = []
        /// Routes whose catch-all takes the segments after this node (one or more).
        var catchAllEndpoints: [Endpoint] = []
    }

    private var nodes = [Node()]

    /// Adds a route. Callers check for duplicates first.
    mutating func insert(_ template: PathTemplate, methods: HTTPMethodSet, rule: Int) {
        let endpoint = Endpoint(methods: methods, rule: rule)
        var node = 0
        for segment in template.segments {
            switch segment {
            case .literal(let text):
                if let child = nodes[node].literals[Substring(text)] {
                    node = child
                } else {
                    nodes.append(Node())
                    nodes[node].literals[Substring(text)] = nodes.count - 1
                    node = nodes.count - 1
                }
            case .parameter:
                if let child = nodes[node].parameter {
                    node = child
                } else {
                    nodes.append(Node())
                    nodes[node].parameter = nodes.count - 1
                    node = nodes.count - 1
                }
            case .catchAll:
                nodes[node].catchAllEndpoints.append(endpoint)
                return
            }
        }
        nodes[node].endpoints.append(endpoint)
    }

    /// The route for a request, or why there is none.
    func lookup(method: String, segments: [Substring]) -> Lookup {
        var search = Search(method: method, segments: segments)
        if let rule = search.run(in: self, node: 0, depth: 0) { return .matched(rule: rule) }
        return search.pathMatched ? .methodNotAllowed(HTTPMethodSet(bits: search.pathMethods)) : .notFound
    }

    private struct Search {
        /// `nil` for a method policies cannot name: only `*` routes take it.
        let methodBit: UInt8?
        let segments: [Substring]
        var pathMatched = false
        var pathMethods: UInt8 = 0

        init(method: String, segments: [Substring]) {
            self.methodBit = HTTPMethodSet.bit(for: method)
            self.segments = segments
        }

        mutating func run(in trie: RouteTrie, node: Int, depth: Int) -> Int? {
            if depth == segments.count { return pick(from: trie.nodes[node].endpoints) }
            if let child = trie.nodes[node].literals[segments[depth]], let rule = run(in: trie, node: child, depth: depth + 1) {
                return rule
            }
            if let child = trie.nodes[node].parameter, let rule = run(in: trie, node: child, depth: depth + 1) {
                return rule
            }
            return pick(from: trie.nodes[node].catchAllEndpoints)
        }

        private mutating func pick(from endpoints: [Endpoint]) -> Int? {
            for endpoint in endpoints {
                if endpoint.methods.matchesAny || methodBit.map({ endpoint.methods.bits & $0 != 0 }) == true {
                    return endpoint.rule
                }
                pathMatched = true
                pathMethods |= endpoint.methods.bits
            }
            return nil
        }
    }

    /// Every route some path matching `template` could also match, in rule order.
    func endpoints(overlapping template: PathTemplate) -> [Endpoint] {
        var found: [Endpoint] = []
        collect(overlapping: template.segments[...], node: 0, into: &found)
        return found.sorted { $0.rule < $1.rule }
    }

    private func collect(overlapping rest: ArraySlice<PathTemplate.Segment>, node: Int, into found: inout [Endpoint]) {
        guard let segment = rest.first else {
            found += nodes[node].endpoints
            return
        }
        found += nodes[node].catchAllEndpoints
        switch segment {
        case .literal(let text):
            if let child = nodes[node].literals[Substring(text)] {
                collect(overlapping: rest.dropFirst(), node: child, into: &found)
            }
            if let child = nodes[node].parameter { collect(overlapping: rest.dropFirst(), node: child, into: &found) }
        case .parameter:
            for child in nodes[node].literals.values { collect(overlapping: rest.dropFirst(), node: child, into: &found) }
            if let child = nodes[node].parameter { collect(overlapping: rest.dropFirst(), node: child, into: &found) }
        case .catchAll:
            for child in nodes[node].literals.values { collectSubtree(child, into: &found) }
            if let child = nodes[node].parameter { collectSubtree(child, into: &found) }
        }
    }

    private func collectSubtree(_ node: Int, into found: inout [Endpoint]) {
        found += nodes[node].endpoints
        found += nodes[node].catchAllEndpoints
        for child in nodes[node].literals.values { collectSubtree(child, into: &found) }
        if let child = nodes[node].parameter { collectSubtree(child, into: &found) }
    }
}
