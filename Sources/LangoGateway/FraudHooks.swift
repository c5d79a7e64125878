import AsyncHTTPClient
import LangoFraud
import LangoUpstream

/// The configured fraud hooks, built once at start, each with its metrics.
struct FraudHooks: Sendable {
    /// One hook and the counters of its verdicts.
    struct Entry: Sendable {
        let hook: any FraudHook
        let counters: FraudCounters
    }

    let byName: [String: Entry]

    /// The hooks of `configuration`, with `overrides` (tests' twins) in place of the configured
    /// hooks of the same name; each HTTP hook gets a client of its own, sized by its `connections`.
    static func make(
        from configuration: GatewayConfiguration, overrides: [String: any FraudHook], metrics: GatewayMetrics,
        credentials: ServiceCredentials, makeClient: (HTTPServiceConfiguration) -> HTTPClient
    ) -> FraudHooks {
        var byName: [String: Entry] = [:]
        for (name, hook) in configuration.fraudHooks {
            let built: any FraudHook
            if let override = overrides[name] {
                built = override
            } else {
                switch hook {
                case .rules: built = RulesFraudScorer()
                case .http(let service):
                    built = HTTPFraudHook(client: makeClient(service), url: service.url, authorization: credentials.authorization(for: service))
                }
            }
            byName[name] = Entry(hook: built, counters: metrics.fraudCounters(hook: name))
        }
        return FraudHooks(byName: byName)
    }
}
