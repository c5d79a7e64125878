import AsyncHTTPClient
import LangoBank
import LangoUpstream

/// Where a rule's `upstream.adapter` leads.
enum Upstream: Sendable {
    /// A core bank, reached with core-banking operations and answered in OBIE shapes.
    case coreBanking(any CoreBank)
    /// An HTTP service requests are passed through to.
    case forward(HTTPForwarder)
}

/// The configured adapters, built once at start.
struct Upstreams: Sendable {
    let byName: [String: Upstream]

    /// `sandbox` is the bank every `.sandbox` adapter shares; HTTP adapters get a client each,
    /// sized by their `connections`.
    static func make(
        from configuration: GatewayConfiguration, sandbox: SandboxBank, makeClient: (Int) -> HTTPClient
    ) -> Upstreams {
        var byName: [String: Upstream] = [:]
        for (name, adapter) in configuration.adapters {
            switch adapter {
            case .sandbox:
                byName[name] = .coreBanking(sandbox)
            case .coreHTTP(let url, let connections):
                byName[name] = .coreBanking(HTTPCoreBank(client: makeClient(connections), baseURL: url))
            case .http(let url, let connections):
                byName[name] = .forward(HTTPForwarder(client: makeClient(connections), baseURL: url))
            }
        }
        return Upstreams(byName: byName)
    }
}
