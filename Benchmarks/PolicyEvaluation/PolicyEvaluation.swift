import Benchmark
import LangoPolicy

// Policy evaluation on a set of 1,000 allow rules (plus deny rules), the decision the
// gateway takes on every request: time and allocations per decision.

/// 1,000 rules in 10 policy files: 100 services × (list, read, history, create, replace,
/// remove, search, export, import, status) routes, plus a deny rule per policy.
func generatedSources() -> [PolicySource] {
    let operations: [(method: String, suffix: String)] = [
        ("GET", ""), ("GET", "/{ItemId}"), ("GET", "/{ItemId}/history"), ("POST", ""), ("PUT", "/{ItemId}"),
        ("DELETE", "/{ItemId}"), ("GET", "/search"), ("GET", "/{ItemId}/export"), ("POST", "/import"), ("GET", "/status"),
    ]
    return (0..<10).map { file in
        var rules: [String] = []
        for service in (file * 10)..<(file * 10 + 10) {
            for (index, operation) in operations.enumerated() {
                rules.append(
                    """
                    { "id": "svc\(service).op\(index)", "match": { "method": "\(operation.method)",
                      "path": "/api/v1/service\(service)/items\(operation.suffix)" },
                      "auth": { "type": "api_key", "scopes": ["accounts:read"], "customer": "required" },
                      "upstream": { "adapter": "core", "operation": "accounts" } }
                    """)
            }
        }
        rules.append(
            """
            { "id": "deny.file\(file)", "effect": "deny", "match": { "method": "*", "path": "/api/v1/service\(file * 10)/{*rest}" },
              "when": { "apps": ["app_blocked"] } }
            """)
        let text = #"{ "policy": "bench\#(file)", "version": 1, "rules": [ \#(rules.joined(separator: ", ")) ] }"#
        return PolicySource(name: "bench\(file).json", contents: Array(text.utf8))
    }
}

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .mallocCountTotal, .throughput],
        // 1,000 decisions per sample, reported per decision, so the harness's own cost per
        // sample does not count.
        scalingFactor: .kilo,
        maxDuration: .seconds(5),
        maxIterations: 10_000
    )

    let policies = try! PolicySet.compile(generatedSources(), vocabulary: .standard)
    precondition(policies.rules.count == 1_010, "expected 1,000 allow rules and 10 deny rules")
    let app = AppFacts(id: "app_copilot", status: .active, environment: .production)
    let allowed = RequestFacts(
        credential: .apiKey(APIKeyFacts(status: .active, keyID: "key_1", app: app, scopes: ["accounts:read"])),
        customerHeader: "C0001")
    let lacking = RequestFacts(
        credential: .apiKey(APIKeyFacts(status: .active, keyID: "key_1", app: app, scopes: ["party:read"])),
        customerHeader: "C0001")
    // A route deep in the set, with a parameter and a deny rule to consider.
    let deepPath = "/api/v1/service70/items/8f14e45f/history"

    Benchmark("resolve: route a request among 1,000 rules") { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(policies.resolve(method: "GET", path: deepPath))
        }
    }

    Benchmark("decide: allow (resolve + evaluate)") { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(policies.decide(method: "GET", path: deepPath, facts: allowed))
        }
    }

    Benchmark("decide: deny, scope missing") { benchmark in
        for _ in benchmark.scaledIterations {
            let decision = policies.decide(method: "GET", path: deepPath, facts: lacking)
            blackHole(decision.reason?.code)
        }
    }

    Benchmark("decide: no route (404)") { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(policies.decide(method: "GET", path: "/api/v1/service70/unknown/x", facts: allowed))
        }
    }

    Benchmark("explain: decide with the full trace") { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(policies.explain(method: "GET", path: deepPath, facts: allowed).description)
        }
    }
}
