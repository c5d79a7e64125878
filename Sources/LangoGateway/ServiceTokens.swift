import Foundation

/// The bearer tokens the gateway sends to the services its configuration names with
/// `token_env` (core-banking and HTTP adapters, HTTP fraud hooks), read from the environment
/// once at start so the tokens never sit in the configuration file.
public struct ServiceTokens: Sendable {
    private let tokens: [String: String]

    /// Tokens by the name of the variable that holds each.
    public init(_ tokens: [String: String] = [:]) {
        self.tokens = tokens
    }

    /// Every token `configuration` names, from `environment`. Throws a ``ConfigurationError``
    /// naming each `token_env` whose variable is unset, empty, or not one line of visible
    /// characters, so a gateway never starts calling a service without its credentials.
    public static func resolve(for configuration: GatewayConfiguration, environment: [String: String]) throws -> ServiceTokens {
        var named: [(place: String, variable: String)] = []
        for (name, adapter) in configuration.adapters.sorted(by: { $0.key < $1.key }) {
            switch adapter {
            case .coreHTTP(_, _, let variable?), .http(_, _, let variable?): named.append(("adapters.\(name)", variable))
            default: break
            }
        }
        for (name, hook) in configuration.fraudHooks.sorted(by: { $0.key < $1.key }) {
            if case .http(_, _, let variable?) = hook { named.append(("fraud_hooks.\(name)", variable)) }
        }
        var tokens: [String: String] = [:]
        var problems: [String] = []
        for (place, variable) in named {
            guard let token = environment[variable], !token.isEmpty,
                token.unicodeScalars.allSatisfy({ $0.value > 0x20 && $0.value < 0x7F })
            else {
                problems.append("\(place).token_env: the environment variable \(variable) must hold the service's token (visible ASCII, one line)")
                continue
            }
            tokens[variable] = token
        }
        guard problems.isEmpty else { throw ConfigurationError(description: problems.joined(separator: "; ")) }
        return ServiceTokens(tokens)
    }

    /// The `Authorization` header value for the token `variable` names; `nil` for none. A
    /// variable that was never resolved is a programming error (``resolve(for:environment:)``
    /// checks every one before a gateway is built), never a call without credentials.
    func authorization(_ variable: String?) -> String? {
        guard let variable else { return nil }
        guard let token = tokens[variable] else { preconditionFailure("token_env \(variable) was not resolved before the gateway was built") }
        return "Bearer " + token
    }
}
