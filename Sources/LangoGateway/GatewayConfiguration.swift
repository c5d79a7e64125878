import Foundation
import LangoBank
import LangoConsent
import LangoCrypto
import LangoJSON
import LangoOAuth
import LangoPolicy
import LangoWebhooks

/// Everything `lango serve` needs to know, from an optional JSON file (`--config`) with
/// command-line flags on top. Every field has an embedded default, so no file is needed to
/// run on one machine: SQLite under `.lango/`, the sandbox bank in-process.
public struct GatewayConfiguration: Sendable, Hashable {
    /// The address the API listener binds; loopback unless set.
    public var host = "127.0.0.1"
    /// The port the API listener binds; 0 picks a free one (it is logged).
    public var port = 8080
    /// The URL clients use to reach the gateway, for absolute links in OBIE bodies. Defaults
    /// to `http://host:port` (`https` with ``tls``).
    public var publicURL: String?
    /// TLS on the API listener: its certificate and key, and the CA partners' client
    /// certificates must come from (mutual TLS); plain HTTP when `nil`.
    public var tls: ListenerTLSFiles?
    /// Where Lango keeps its state: the SQLite file and the API key pepper.
    public var dataDirectory = ".lango"
    /// The SQLite file; defaults to `lango.db` in the data directory.
    public var databasePath: String?
    /// The directory of policy files (`*.json`; its `tests/` holds fixtures).
    public var policyDirectory = "policies"
    /// Largest request body accepted when a rule sets no `body.max_bytes`.
    public var maxBodyBytes = 1_048_576
    /// Where decision log lines go: `-` for standard output, `off`, or a file path (appended).
    public var decisionLog = "-"
    /// How long a looked-up API key is trusted before it is read again. A revocation takes
    /// effect within this time.
    public var apiKeyCacheMilliseconds = 1_000
    /// Transactions per page in OBIE transaction lists.
    public var transactionPageSize = 50
    /// Scopes added to Lango's standard vocabulary, for keys and policies.
    public var extraScopes: [String] = []
    /// The upstreams policies may route to, by name.
    public var adapters: [String: AdapterConfiguration] = ["core": .sandbox]
    /// The fraud hooks policies may name in `fraud.hook`; by default the built-in rules scorer
    /// as `sandbox-rules`, and as `payment-risk`, the hook the default payment policy names (a
    /// bank configures its own service under that name). A configured `fraud_hooks` replaces the default.
    public var fraudHooks: [String: FraudHookConfiguration] = [
        FraudHookConfiguration.sandboxRulesName: .rules, FraudHookConfiguration.paymentRiskName: .rules,
    ]
    /// The day the sandbox bank's twelve months of history end; the first run's date if unset.
    /// Only used when the sandbox is first seeded.
    public var sandboxAnchor: Date?
    /// The directory of pricing plans (`*.json`).
    public var planDirectory = "plans"
    /// The plan of apps that have none assigned.
    public var defaultPlan = "free"
    /// The time zone quota days and months follow.
    public var quotaTimeZone = "Africa/Nairobi"
    /// Shared rate-limit and quota counters for several gateway nodes (`redis://host:port/db`);
    /// without it each gateway counts in its own memory.
    public var redisURL: String?
    /// How long a limiter call to Redis may take before the rule's Redis-loss mode applies.
    public var redisTimeoutMilliseconds = 100
    /// How many gateway nodes share the limits: in the `local` loss mode each node enforces
    /// its share (every limit divided by this).
    public var nodes = 1
    /// The admin listener (`/metrics`); loopback unless set.
    public var adminHost = "127.0.0.1"
    /// The admin listener's port; 0 picks a free one, -1 turns the listener off.
    public var adminPort = 8081
    /// How often metered usage is written to the store.
    public var usageFlushMilliseconds = 1_000
    /// The algorithm of new token signing keys: `ES256` or `PS256`.
    public var tokenSigningAlgorithm: SignatureAlgorithm = .es256
    /// How long access tokens live, in seconds.
    public var accessTokenLifetimeSeconds = 300
    /// How long after `lango keys rotate-signing` the new key starts signing, in seconds: it is
    /// published at once, so relying parties can fetch it first.
    public var signingKeyActivationSeconds = 900
    /// How long a customer's authorization lasts through refresh tokens, in seconds: refreshing
    /// never extends it.
    public var refreshTokenLifetimeSeconds = 7_776_000
    /// Whether `/oauth2/authorize` takes only pushed requests (RFC 9126), as FAPI 2.0 requires.
    public var requirePushedAuthorizationRequests = false
    /// The bank's notification service that sends customers their one-time codes; without it,
    /// codes are shown on the page (the sandbox's behaviour).
    public var oneTimeCodeURL: String?
    /// The core-banking adapter whose accounts customers choose from when they authorise a consent.
    public var consentAccountsAdapter = "core"
    /// How many days an authorised consent serves data before the customer must authenticate
    /// again (PSD2 RTS art. 10a: 180).
    public var consentReauthenticationDays = 180
    /// How many requests a consent serves per 24 hours without the customer present (no
    /// `x-fapi-customer-ip-address`); PSD2 RTS art. 36(6): 4.
    public var consentUnattendedAccessesPerDay = 4
    /// Per currency, the booked balance below which a payment's debit sends its app `balance.low`.
    public var lowBalanceThresholds: [String: Money] = [
        "KES": Money(minorUnits: 1_000_00, currency: "KES"), "USD": Money(minorUnits: 10_00, currency: "USD"),
    ]

    public init() {}

    /// The consent rules this configuration asks for.
    public var consentRules: ConsentRules {
        ConsentRules(
            reauthenticationPeriod: .seconds(consentReauthenticationDays * 86_400),
            unattendedAccessesPerDay: consentUnattendedAccessesPerDay)
    }

    /// `publicURL`, or the listener's own address.
    public var effectivePublicURL: String {
        let url = publicURL ?? listenerURL(port: port)
        return url.hasSuffix("/") ? String(url.dropLast()) : url
    }

    /// The API listener's own URL on `port`: the public URL when none is configured.
    public func listenerURL(port: Int) -> String {
        "\(tls == nil ? "http" : "https")://\(host):\(port)"
    }

    public var effectiveDatabasePath: String {
        databasePath ?? URL(fileURLWithPath: dataDirectory).appendingPathComponent("lango.db").path
    }

    /// Reads a configuration file. Unknown fields, wrong types and bad values are errors that
    /// name the JSON path.
    public static func load(contentsOf path: String) throws -> GatewayConfiguration {
        let bytes: Data
        do {
            bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw ConfigurationError.unreadable(path: path, reason: "\(error.localizedDescription)")
        }
        do {
            return try JSONValueDecoder().decode(GatewayConfiguration.self, fromJSON: bytes)
        } catch {
            throw ConfigurationError.invalid(path: path, reason: "\(error)")
        }
    }
}

/// One upstream a policy's `upstream.adapter` can name.
public enum AdapterConfiguration: Sendable, Hashable {
    /// The in-process sandbox bank, its state in the store.
    case sandbox
    /// A core-banking service speaking Lango's core contract (such as `lango core-sim`).
    case coreHTTP(HTTPServiceConfiguration)
    /// Any HTTP service; requests are passed through (operation `forward`), with the service's
    /// bearer token in place of the caller's credentials when it has one.
    case http(HTTPServiceConfiguration)

    /// Whether policies reach it with core-banking operations (`accounts`, `balances`, …).
    public var isCoreBanking: Bool {
        switch self {
        case .sandbox, .coreHTTP: true
        case .http: false
        }
    }
}

/// A fraud hook a policy's `fraud.hook` can name.
public enum FraudHookConfiguration: Sendable, Hashable {
    /// The built-in deterministic rules scorer, for the sandbox (see docs/fraud.md).
    case rules
    /// A fraud or risk service answering over HTTP; `https` unless it is on this machine.
    case http(HTTPServiceConfiguration)

    /// The name the rules scorer has in the default configuration.
    public static let sandboxRulesName = "sandbox-rules"
    /// The hook the default payment policy names; the rules scorer in the default configuration.
    public static let paymentRiskName = "payment-risk"
}

/// An HTTP service the gateway calls (a `core-http` or `http` adapter, an `http` fraud hook)
/// and how it proves itself to the service.
public struct HTTPServiceConfiguration: Sendable, Hashable {
    public var url: String
    /// The most connections kept to the service (`connections`).
    public var connections: Int
    /// The environment variable whose value the gateway sends as its bearer token (`token_env`).
    public var tokenVariable: String?
    /// The service's TLS: the certificates it is trusted by, and the gateway's own (`tls`).
    public var tls: ServiceTLSFiles?

    public init(url: String, connections: Int = 64, tokenVariable: String? = nil, tls: ServiceTLSFiles? = nil) {
        self.url = url
        self.connections = connections
        self.tokenVariable = tokenVariable
        self.tls = tls
    }

    /// This service at `url` (as `--core-url` moves the core), keeping its other settings; throws
    /// a ``ConfigurationError`` when they do not fit the new URL: `tls` needs https, and a token
    /// travels only over https or to this machine.
    public func moved(to url: String) throws -> HTTPServiceConfiguration {
        guard url.hasPrefix("http://") || url.hasPrefix("https://") else {
            throw ConfigurationError(description: "\(url) is not an http or https URL")
        }
        if tls != nil, !url.hasPrefix("https://") {
            throw ConfigurationError(description: "\(url): the service's tls needs an https url")
        }
        if tokenVariable != nil, !ServiceFields.isEncryptedOrLocal(url) {
            throw ConfigurationError(description: "\(url): the service's token (token_env) needs https unless its host is this machine")
        }
        var moved = self
        moved.url = url
        return moved
    }
}

/// Any member's name, to find those an object does not have.
private struct AnyKey: CodingKey {
    let stringValue: String
    init(stringValue: String) { self.stringValue = stringValue }
    var intValue: Int? { nil }
    init?(intValue: Int) { nil }
}

extension KeyedDecodingContainer where Key == AnyKey {
    /// Throws for the first member that is none of `known`, so that a misspelt member is named
    /// as such before the object's own checks call it missing.
    fileprivate func rejectMembers<Known: CodingKey & CaseIterable>(besides known: Known.Type, at path: JSONPath) throws {
        let names = known.allCases.map(\.stringValue)
        if let unknown = allKeys.map(\.stringValue).first(where: { !names.contains($0) }) {
            throw JSONDecodingError.unknownField(at: path.appending(key: unknown), known: names)
        }
    }
}

extension KeyedDecodingContainer {
    /// The PEM file path `key` names, if present: an absolute path (the file is read at start).
    fileprivate func pemFile(_ key: Key, in path: JSONPath) throws -> String? {
        guard let file = try decodeIfPresent(String.self, forKey: key) else { return nil }
        guard file.hasPrefix("/") else {
            throw JSONDecodingError.invalidValue(
                "\(key.stringValue) must be an absolute path", at: path.appending(key: key.stringValue), hint: "a PEM file")
        }
        return file
    }
}

/// The `tls` of the API listener: PEM files read once at start.
public struct ListenerTLSFiles: Sendable, Hashable, Decodable {
    /// Whether every client must present a certificate, with a client CA.
    public enum ClientCertificates: String, Sendable, Hashable, CaseIterable {
        /// Every connection presents one, or the handshake fails.
        case required
        /// A connection may present one (partners), or none (customers' browsers); one that is
        /// presented must come from the CA.
        case optional
    }

    /// The listener's certificate chain (leaf first) and private key.
    public var certificateFile: String
    public var keyFile: String
    /// The CA clients' certificates must come from (mutual TLS); `nil` asks for none.
    public var clientCAFile: String?
    /// With a client CA, whether every client must present a certificate.
    public var clientCertificates: ClientCertificates

    public init(certificateFile: String, keyFile: String, clientCAFile: String? = nil, clientCertificates: ClientCertificates = .required) {
        self.certificateFile = certificateFile
        self.keyFile = keyFile
        self.clientCAFile = clientCAFile
        self.clientCertificates = clientCertificates
    }

    private enum CodingKeys: String, CodingKey, CaseIterable {
        case certificateFile = "certificate_file"
        case keyFile = "key_file"
        case clientCAFile = "client_ca_file"
        case clientCertificates = "client_certificates"
    }

    public init(from decoder: any Decoder) throws {
        try decoder.container(keyedBy: AnyKey.self).rejectMembers(besides: CodingKeys.self, at: JSONPath(codingPath: decoder.codingPath))
        let container = try decoder.container(keyedBy: CodingKeys.self)
        func file(_ key: CodingKeys) throws -> String? { try container.pemFile(key, in: JSONPath(codingPath: decoder.codingPath)) }
        guard let certificateFile = try file(.certificateFile), let keyFile = try file(.keyFile) else {
            throw JSONDecodingError.invalidValue(
                "tls needs certificate_file and key_file: the listener's certificate and its private key",
                at: JSONPath(codingPath: decoder.codingPath))
        }
        let clientCAFile = try file(.clientCAFile)
        var clientCertificates = ClientCertificates.required
        if let text = try container.decodeIfPresent(String.self, forKey: .clientCertificates) {
            let path = JSONPath(codingPath: decoder.codingPath + [CodingKeys.clientCertificates])
            guard let mode = ClientCertificates(rawValue: text) else {
                throw JSONDecodingError.invalidValue(
                    "client_certificates must be \"required\" or \"optional\"", at: path,
                    hint: Suggestion.hint(for: text, among: ClientCertificates.allCases.map(\.rawValue), noun: "values"))
            }
            guard clientCAFile != nil else {
                throw JSONDecodingError.invalidValue("client_certificates needs client_ca_file: the CA they must come from", at: path)
            }
            clientCertificates = mode
        }
        self.init(certificateFile: certificateFile, keyFile: keyFile, clientCAFile: clientCAFile, clientCertificates: clientCertificates)
    }
}

/// The `tls` of an `https` service: PEM files read once at start.
public struct ServiceTLSFiles: Sendable, Hashable {
    /// The certificates the service's certificate must chain to, in place of the system's trust
    /// roots (`ca_file`); `nil` keeps the system's.
    public var caFile: String?
    /// The certificate chain (leaf first) and private key the gateway presents to the service
    /// (`certificate_file`, `key_file`: mutual TLS); both or neither.
    public var certificateFile: String?
    public var keyFile: String?

    public init(caFile: String? = nil, certificateFile: String? = nil, keyFile: String? = nil) {
        self.caFile = caFile
        self.certificateFile = certificateFile
        self.keyFile = keyFile
    }
}

/// A configuration file that cannot be used.
public struct ConfigurationError: Error, Sendable, CustomStringConvertible {
    public let description: String

    static func unreadable(path: String, reason: String) -> Self {
        Self(description: "cannot read configuration \(path): \(reason)")
    }

    static func invalid(path: String, reason: String) -> Self {
        Self(description: "configuration \(path): \(reason)")
    }
}

extension GatewayConfiguration: Decodable {
    private enum CodingKeys: String, CodingKey {
        case host, port, policies, adapters, scopes, tls
        case fraudHooks = "fraud_hooks"
        case publicURL = "public_url"
        case dataDirectory = "data_dir"
        case databasePath = "database"
        case maxBodyBytes = "max_body_bytes"
        case decisionLog = "decision_log"
        case apiKeyCacheMilliseconds = "api_key_cache_ms"
        case transactionPageSize = "transaction_page_size"
        case sandboxAnchor = "sandbox_anchor"
        case plans
        case defaultPlan = "default_plan"
        case quotaTimeZone = "quota_timezone"
        case redisURL = "redis_url"
        case redisTimeoutMilliseconds = "redis_timeout_ms"
        case nodes
        case adminHost = "admin_host"
        case adminPort = "admin_port"
        case usageFlushMilliseconds = "usage_flush_ms"
        case tokenSigningAlgorithm = "token_signing_algorithm"
        case accessTokenLifetimeSeconds = "access_token_lifetime_s"
        case signingKeyActivationSeconds = "signing_key_activation_s"
        case refreshTokenLifetimeSeconds = "refresh_token_lifetime_s"
        case requirePushedAuthorizationRequests = "require_pushed_authorization_requests"
        case oneTimeCodeURL = "one_time_code_url"
        case consentAccountsAdapter = "consent_accounts_adapter"
        case consentReauthenticationDays = "consent_reauthentication_days"
        case consentUnattendedAccessesPerDay = "consent_unattended_accesses_per_day"
        case lowBalanceThresholds = "low_balance_thresholds"
    }

    /// Valid values of ``port``.
    public static let portRange = 0...65_535
    /// Valid values of ``adminPort``.
    public static let adminPortRange = -1...65_535
    /// How often each node reloads the signing keys, in seconds.
    public static let signingKeyRefreshSeconds = 60
    /// The settings of the signing key manager this configuration asks for.
    public var signingKeySettings: SigningKeyManager.Settings {
        var settings = SigningKeyManager.Settings()
        settings.algorithm = tokenSigningAlgorithm
        // ID tokens do not outlive access tokens.
        settings.tokenLifetime = .seconds(accessTokenLifetimeSeconds)
        settings.refreshInterval = .seconds(Self.signingKeyRefreshSeconds)
        settings.activationDelay = .seconds(signingKeyActivationSeconds)
        return settings
    }

    /// Valid values of ``nodes``.
    public static let nodesRange = 1...1_000

    /// Whether `url` can be a ``redisURL``; the rest of it is checked when the gateway connects.
    public static func looksLikeRedisURL(_ url: String) -> Bool { url.hasPrefix("redis://") }

    public init(from decoder: any Decoder) throws {
        self.init()
        let container = try decoder.container(keyedBy: CodingKeys.self)
        func path(_ key: CodingKeys) -> JSONPath { JSONPath(codingPath: decoder.codingPath + [key]) }
        host = try container.decodeIfPresent(String.self, forKey: .host) ?? host
        port = try container.decodeIfPresent(Int.self, forKey: .port) ?? port
        guard Self.portRange.contains(port) else { throw JSONDecodingError.invalidValue("port must be 0 to 65535", at: path(.port)) }
        publicURL = try container.decodeIfPresent(String.self, forKey: .publicURL)
        tls = try container.decodeIfPresent(ListenerTLSFiles.self, forKey: .tls)
        if let publicURL, !(publicURL.hasPrefix("http://") || publicURL.hasPrefix("https://")) {
            throw JSONDecodingError.invalidValue("public_url must be an http or https URL", at: path(.publicURL))
        }
        dataDirectory = try container.decodeIfPresent(String.self, forKey: .dataDirectory) ?? dataDirectory
        databasePath = try container.decodeIfPresent(String.self, forKey: .databasePath)
        policyDirectory = try container.decodeIfPresent(String.self, forKey: .policies) ?? policyDirectory
        maxBodyBytes = try container.decodeIfPresent(Int.self, forKey: .maxBodyBytes) ?? maxBodyBytes
        guard (1...104_857_600).contains(maxBodyBytes) else {
            throw JSONDecodingError.invalidValue("max_body_bytes must be 1 to 104857600", at: path(.maxBodyBytes))
        }
        decisionLog = try container.decodeIfPresent(String.self, forKey: .decisionLog) ?? decisionLog
        apiKeyCacheMilliseconds = try container.decodeIfPresent(Int.self, forKey: .apiKeyCacheMilliseconds) ?? apiKeyCacheMilliseconds
        guard (0...60_000).contains(apiKeyCacheMilliseconds) else {
            throw JSONDecodingError.invalidValue("api_key_cache_ms must be 0 to 60000", at: path(.apiKeyCacheMilliseconds))
        }
        transactionPageSize = try container.decodeIfPresent(Int.self, forKey: .transactionPageSize) ?? transactionPageSize
        guard (1...1_000).contains(transactionPageSize) else {
            throw JSONDecodingError.invalidValue("transaction_page_size must be 1 to 1000", at: path(.transactionPageSize))
        }
        extraScopes = try container.decodeIfPresent([String].self, forKey: .scopes) ?? []
        if let adapters = try container.decodeIfPresent([String: AdapterConfiguration].self, forKey: .adapters) {
            for (reserved, what) in [(PolicyVocabulary.consentsAdapter, "consent"), (PolicyVocabulary.paymentsAdapter, "payment")]
            where adapters[reserved] != nil {
                throw JSONDecodingError.invalidValue(
                    "adapter name \(reserved) is reserved for the built-in \(what) resources", at: path(.adapters).appending(key: reserved))
            }
            self.adapters = adapters
        }
        fraudHooks = try container.decodeIfPresent([String: FraudHookConfiguration].self, forKey: .fraudHooks) ?? fraudHooks
        sandboxAnchor = try container.decodeIfPresent(Date.self, forKey: .sandboxAnchor)
        planDirectory = try container.decodeIfPresent(String.self, forKey: .plans) ?? planDirectory
        defaultPlan = try container.decodeIfPresent(String.self, forKey: .defaultPlan) ?? defaultPlan
        quotaTimeZone = try container.decodeIfPresent(String.self, forKey: .quotaTimeZone) ?? quotaTimeZone
        guard TimeZone(identifier: quotaTimeZone) != nil else {
            throw JSONDecodingError.invalidValue(
                "unknown time zone \"\(quotaTimeZone)\"", at: path(.quotaTimeZone), hint: "use an IANA name such as Africa/Nairobi or UTC")
        }
        redisURL = try container.decodeIfPresent(String.self, forKey: .redisURL)
        if let redisURL, !Self.looksLikeRedisURL(redisURL) {
            throw JSONDecodingError.invalidValue("redis_url must look like redis://127.0.0.1:6379/0", at: path(.redisURL))
        }
        redisTimeoutMilliseconds = try container.decodeIfPresent(Int.self, forKey: .redisTimeoutMilliseconds) ?? redisTimeoutMilliseconds
        guard (1...10_000).contains(redisTimeoutMilliseconds) else {
            throw JSONDecodingError.invalidValue("redis_timeout_ms must be 1 to 10000", at: path(.redisTimeoutMilliseconds))
        }
        nodes = try container.decodeIfPresent(Int.self, forKey: .nodes) ?? nodes
        guard Self.nodesRange.contains(nodes) else { throw JSONDecodingError.invalidValue("nodes must be 1 to 1000", at: path(.nodes)) }
        adminHost = try container.decodeIfPresent(String.self, forKey: .adminHost) ?? adminHost
        adminPort = try container.decodeIfPresent(Int.self, forKey: .adminPort) ?? adminPort
        guard Self.adminPortRange.contains(adminPort) else {
            throw JSONDecodingError.invalidValue("admin_port must be -1 (off) or 0 to 65535", at: path(.adminPort))
        }
        usageFlushMilliseconds = try container.decodeIfPresent(Int.self, forKey: .usageFlushMilliseconds) ?? usageFlushMilliseconds
        guard (10...3_600_000).contains(usageFlushMilliseconds) else {
            throw JSONDecodingError.invalidValue("usage_flush_ms must be 10 to 3600000", at: path(.usageFlushMilliseconds))
        }
        if let algorithm = try container.decodeIfPresent(String.self, forKey: .tokenSigningAlgorithm) {
            guard let known = SignatureAlgorithm(rawValue: algorithm) else {
                throw JSONDecodingError.invalidValue(
                    "token_signing_algorithm must be ES256 or PS256", at: path(.tokenSigningAlgorithm), hint: "FAPI 2.0 allows only these two")
            }
            tokenSigningAlgorithm = known
        }
        accessTokenLifetimeSeconds =
            try container.decodeIfPresent(Int.self, forKey: .accessTokenLifetimeSeconds) ?? accessTokenLifetimeSeconds
        guard (60...3_600).contains(accessTokenLifetimeSeconds) else {
            throw JSONDecodingError.invalidValue("access_token_lifetime_s must be 60 to 3600", at: path(.accessTokenLifetimeSeconds))
        }
        signingKeyActivationSeconds =
            try container.decodeIfPresent(Int.self, forKey: .signingKeyActivationSeconds) ?? signingKeyActivationSeconds
        guard (Self.signingKeyRefreshSeconds * 2...604_800).contains(signingKeyActivationSeconds) else {
            throw JSONDecodingError.invalidValue(
                "signing_key_activation_s must be \(Self.signingKeyRefreshSeconds * 2) to 604800", at: path(.signingKeyActivationSeconds),
                hint: "every node reloads the keys each \(Self.signingKeyRefreshSeconds) s; a new key must be published longer than that before it signs")
        }
        refreshTokenLifetimeSeconds =
            try container.decodeIfPresent(Int.self, forKey: .refreshTokenLifetimeSeconds) ?? refreshTokenLifetimeSeconds
        guard (3_600...31_536_000).contains(refreshTokenLifetimeSeconds) else {
            throw JSONDecodingError.invalidValue("refresh_token_lifetime_s must be 3600 to 31536000", at: path(.refreshTokenLifetimeSeconds))
        }
        requirePushedAuthorizationRequests =
            try container.decodeIfPresent(Bool.self, forKey: .requirePushedAuthorizationRequests) ?? requirePushedAuthorizationRequests
        oneTimeCodeURL = try container.decodeIfPresent(String.self, forKey: .oneTimeCodeURL)
        if let url = oneTimeCodeURL, !(url.hasPrefix("https://") || url.hasPrefix("http://")) {
            throw JSONDecodingError.invalidValue("one_time_code_url must be an http or https URL", at: path(.oneTimeCodeURL))
        }
        if let named = try container.decodeIfPresent(String.self, forKey: .consentAccountsAdapter) {
            consentAccountsAdapter = named
        }
        // Without consent routes a configuration may have no core-banking adapter at all; one
        // that names the adapter must name a bank.
        if container.contains(.consentAccountsAdapter), adapters[consentAccountsAdapter]?.isCoreBanking != true {
            throw JSONDecodingError.invalidValue(
                "consent_accounts_adapter must name a sandbox or core-http adapter", at: path(.consentAccountsAdapter),
                hint: "customers choose the accounts of a consent from this bank")
        }
        consentReauthenticationDays =
            try container.decodeIfPresent(Int.self, forKey: .consentReauthenticationDays) ?? consentReauthenticationDays
        guard (1...365).contains(consentReauthenticationDays) else {
            throw JSONDecodingError.invalidValue(
                "consent_reauthentication_days must be 1 to 365", at: path(.consentReauthenticationDays), hint: "PSD2 allows at most 180")
        }
        consentUnattendedAccessesPerDay =
            try container.decodeIfPresent(Int.self, forKey: .consentUnattendedAccessesPerDay) ?? consentUnattendedAccessesPerDay
        guard (0...1_000).contains(consentUnattendedAccessesPerDay) else {
            throw JSONDecodingError.invalidValue(
                "consent_unattended_accesses_per_day must be 0 to 1000", at: path(.consentUnattendedAccessesPerDay),
                hint: "PSD2 allows at most 4")
        }
        if let thresholds = try container.decodeIfPresent([String: String].self, forKey: .lowBalanceThresholds) {
            lowBalanceThresholds = try thresholds.reduce(into: [:]) { found, entry in
                guard let amount = Money(decimal: entry.value, currency: entry.key) else {
                    throw JSONDecodingError.invalidValue(
                        "low_balance_thresholds must map currency codes (KES) to decimal amounts (\"1000.00\")",
                        at: path(.lowBalanceThresholds).appending(key: entry.key))
                }
                found[entry.key] = amount
            }
        }
    }
}

extension AdapterConfiguration: Decodable {
    public init(from decoder: any Decoder) throws {
        let service = try ServiceFields(decoder)
        switch service.type {
        case "sandbox": self = .sandbox
        case "core-http": self = .coreHTTP(try service.httpService())
        case "http": self = .http(try service.httpService())
        default: throw service.unknownType("adapter", among: ["sandbox", "core-http", "http"])
        }
    }
}

extension FraudHookConfiguration: Decodable {
    public init(from decoder: any Decoder) throws {
        let service = try ServiceFields(decoder)
        switch service.type {
        case "rules": self = .rules
        case "http":
            let hook = try service.httpService()
            // The facts a hook receives (customer, amounts, addresses) travel encrypted unless
            // the hook runs on this machine.
            guard ServiceFields.isEncryptedOrLocal(hook.url) else {
                throw JSONDecodingError.invalidValue(
                    "a fraud hook's url must use https unless its host is this machine", at: service.path.appending(key: "url"),
                    hint: "the hook receives customer and payment details")
            }
            self = .http(hook)
        default: throw service.unknownType("fraud hook", among: ["rules", "http"])
        }
    }
}

/// The members of an upstream or hook object: its `type`, and for HTTP ones `url`,
/// `connections`, `token_env` and `tls`.
private struct ServiceFields {
    private enum CodingKeys: String, CodingKey {
        case type, url, connections, tls
        case tokenVariable = "token_env"
    }

    private enum TLSKeys: String, CodingKey, CaseIterable {
        case caFile = "ca_file"
        case certificateFile = "certificate_file"
        case keyFile = "key_file"
    }

    private let container: KeyedDecodingContainer<CodingKeys>
    let path: JSONPath
    let type: String

    init(_ decoder: any Decoder) throws {
        container = try decoder.container(keyedBy: CodingKeys.self)
        path = JSONPath(codingPath: decoder.codingPath)
        type = try container.decode(String.self, forKey: .type)
    }

    /// The members of an HTTP service.
    func httpService() throws -> HTTPServiceConfiguration {
        let url = try url()
        return HTTPServiceConfiguration(
            url: url, connections: try connections(), tokenVariable: try tokenVariable(sentTo: url), tls: try tls(of: url))
    }

    /// `tls`, which only an `https` url may have: at least one member, and a certificate only
    /// with its key. The files are read at start (``ServiceCredentials``).
    private func tls(of url: String) throws -> ServiceTLSFiles? {
        guard container.contains(.tls) else { return nil }
        let at = path.appending(key: "tls")
        guard url.hasPrefix("https://") else {
            throw JSONDecodingError.invalidValue("tls needs an https url", at: path.appending(key: "url"))
        }
        try container.nestedContainer(keyedBy: AnyKey.self, forKey: .tls).rejectMembers(besides: TLSKeys.self, at: at)
        let members = try container.nestedContainer(keyedBy: TLSKeys.self, forKey: .tls)
        func file(_ key: TLSKeys) throws -> String? { try members.pemFile(key, in: at) }
        let files = ServiceTLSFiles(caFile: try file(.caFile), certificateFile: try file(.certificateFile), keyFile: try file(.keyFile))
        guard (files.certificateFile == nil) == (files.keyFile == nil) else {
            throw JSONDecodingError.invalidValue(
                "certificate_file and key_file go together: the gateway's certificate and its private key", at: at)
        }
        guard files.caFile != nil || files.certificateFile != nil else {
            throw JSONDecodingError.invalidValue(
                "tls needs ca_file, or certificate_file and key_file, or all three", at: at,
                hint: "without tls the system's trust roots are used and no certificate is presented")
        }
        return files
    }

    private func url() throws -> String {
        let url = try container.decode(String.self, forKey: .url)
        guard url.hasPrefix("http://") || url.hasPrefix("https://") else {
            throw JSONDecodingError.invalidValue("url must be an http or https URL", at: path.appending(key: "url"))
        }
        return url
    }

    private func connections() throws -> Int {
        let value = try container.decodeIfPresent(Int.self, forKey: .connections) ?? 64
        guard (1...4_096).contains(value) else {
            throw JSONDecodingError.invalidValue("connections must be 1 to 4096", at: path.appending(key: "connections"))
        }
        return value
    }

    /// Whether `url` is `https`, or its host is this machine (`localhost`, `127.x.x.x`, `[::1]`).
    static func isEncryptedOrLocal(_ url: String) -> Bool {
        guard !url.hasPrefix("https://") else { return true }
        guard let host = URL(string: url)?.host else { return false }
        let bare = host.hasPrefix("[") && host.hasSuffix("]") ? String(host.dropFirst().dropLast()) : host
        return bare == "localhost" || EndpointAddressKind.of(bare) == .loopback
    }

    /// The environment variable holding the bearer token to send to `url`, if `token_env` names
    /// one. The token itself never goes in the file, and never over an unencrypted connection
    /// to another machine.
    private func tokenVariable(sentTo url: String) throws -> String? {
        guard let name = try container.decodeIfPresent(String.self, forKey: .tokenVariable) else { return nil }
        guard Self.isEncryptedOrLocal(url) else {
            throw JSONDecodingError.invalidValue(
                "a url that receives a token (token_env) must use https unless its host is this machine",
                at: path.appending(key: "url"), hint: "the token would travel in the clear")
        }
        guard let first = name.unicodeScalars.first, first == "_" || ("A"..."Z").contains(first) || ("a"..."z").contains(first),
            name.unicodeScalars.allSatisfy({ $0 == "_" || ("A"..."Z").contains($0) || ("a"..."z").contains($0) || ("0"..."9").contains($0) })
        else {
            throw JSONDecodingError.invalidValue(
                "token_env must name an environment variable (letters, digits and _, not starting with a digit)",
                at: path.appending(key: "token_env"), hint: "the variable holds the token; the token itself never goes in the file")
        }
        return name
    }

    /// The error for a `type` that is none of `types`; `kind` names the object ("adapter").
    func unknownType(_ kind: String, among types: [String]) -> JSONDecodingError {
        JSONDecodingError.invalidValue(
            "unknown \(kind) type \"\(type)\"", at: path.appending(key: "type"),
            hint: Suggestion.hint(for: type, among: types, noun: "types"))
    }
}
