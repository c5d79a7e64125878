import AsyncHTTPClient
import Hummingbird
import LangoBank
import LangoPolicy
import LangoUpstream

/// Where a rule's `upstream.adapter` leads.
enum Upstream: Sendable {
    /// A core bank, reached with core-banking operations and answered in OBIE shapes.
    case coreBanking(any CoreBank)
    /// An HTTP service requests are passed through to.
    case forward(HTTPForwarder)
    /// The built-in OBIE consent resources.
    case consents(GatewayConsents)
    /// The built-in OBIE payment resources.
    case payments(GatewayPayments)
}

/// What an upstream call ended with: the response, and the failure to record when it failed.
struct UpstreamOutcome {
    var response: Response
    var failure: String?
}

/// The configured adapters, built once at start.
struct Upstreams: Sendable {
    let byName: [String: Upstream]

    /// `sandbox` is the bank every `.sandbox` adapter shares; HTTP adapters get a client each,
    /// sized by their `connections`.
    static func make(
        from configuration: GatewayConfiguration, sandbox: SandboxBank, credentials: ServiceCredentials,
        makeClient: (HTTPServiceConfiguration) -> HTTPClient
    ) -> Upstreams {
        var byName: [String: Upstream] = [:]
        for (name, adapter) in configuration.adapters {
            switch adapter {
            case .sandbox:
                byName[name] = .coreBanking(sandbox)
            case .coreHTTP(let service):
                byName[name] = .coreBanking(
                    HTTPCoreBank(client: makeClient(service), baseURL: service.url, authorization: credentials.authorization(for: service)))
            case .http(let service):
                byName[name] = .forward(
                    HTTPForwarder(client: makeClient(service), baseURL: service.url, authorization: credentials.authorization(for: service)))
            }
        }
        return Upstreams(byName: byName)
    }

    /// These upstreams with the built-in `consents` and `payments` adapters serving `payments`
    /// and the consents they consume.
    func adding(_ payments: GatewayPayments) -> Upstreams {
        var byName = byName
        byName[PolicyVocabulary.consentsAdapter] = .consents(payments.consents)
        byName[PolicyVocabulary.paymentsAdapter] = .payments(payments)
        return Upstreams(byName: byName)
    }

    /// The core bank behind adapter `name`, if it is a core-banking adapter.
    func bank(named name: String) -> (any CoreBank)? {
        if case .coreBanking(let bank)? = byName[name] { return bank }
        return nil
    }
}
