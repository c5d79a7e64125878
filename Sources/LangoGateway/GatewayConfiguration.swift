import Foundation
import LangoJSON

/// Everything `lango serve` needs to know, from an optional JSON file (`--config`) with
/// command-line flags on top. Every field has an embedded default, so no file is needed to
/// run on one machine: SQLite under `.lango/`, the sandbox bank in-process.
public struct GatewayConfiguration: Sendable, Hashable {
    /// The address the API listener binds; loopback unless set.
    public var host = "127.0.0.1"
    /// The port the API listener binds; 0 picks a free one (it is logged).
    public var port = 8080
    /// The URL clients use to reach the gateway, for absolute links in OBIE bodies. Defaults
    /// to `http://host:port`.
    public var publicURL: String?
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
    /// The day the sandbox bank's twelve months of history end; the first run's date if unset.
    /// Only used when the sandbox is first seeded.
    public var sandboxAnchor: Date?

    public init() {}

    /// `publicURL`, or the listener's own address.
    public var effectivePublicURL: String {
        let url = publicURL ?? "http://\(host):\(port)"
        return url.hasSuffix("/") ? String(url.dropLast()) : url
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
    case coreHTTP(url: String, connections: Int)
    /// Any HTTP service; requests are passed through (operation `forward`).
    case http(url: String, connections: Int)

    /// Whether policies reach it with core-banking operations (`accounts`, `balances`, …).
    public var isCoreBanking: Bool {
        switch self {
        case .sandbox, .coreHTTP: true
        case .http: false
        }
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
        case host, port, policies, adapters, scopes
        case publicURL = "public_url"
        case dataDirectory = "data_dir"
        case databasePath = "database"
        case maxBodyBytes = "max_body_bytes"
        case decisionLog = "decision_log"
        case apiKeyCacheMilliseconds = "api_key_cache_ms"
        case transactionPageSize = "transaction_page_size"
        case sandboxAnchor = "sandbox_anchor"
    }

    public init(from decoder: any Decoder) throws {
        self.init()
        let container = try decoder.container(keyedBy: CodingKeys.self)
        func path(_ key: CodingKeys) -> JSONPath { JSONPath(codingPath: decoder.codingPath + [key]) }
        host = try container.decodeIfPresent(String.self, forKey: .host) ?? host
        port = try container.decodeIfPresent(Int.self, forKey: .port) ?? port
        guard (0...65_535).contains(port) else { throw JSONDecodingError.invalidValue("port must be 0 to 65535", at: path(.port)) }
        publicURL = try container.decodeIfPresent(String.self, forKey: .publicURL)
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
            self.adapters = adapters
        }
        sandboxAnchor = try container.decodeIfPresent(Date.self, forKey: .sandboxAnchor)
    }
}

extension AdapterConfiguration: Decodable {
    private enum CodingKeys: String, CodingKey {
        case type, url, connections
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let type = try container.decode(String.self, forKey: .type)
        let here = JSONPath(codingPath: decoder.codingPath)
        func url() throws -> String {
            let url = try container.decode(String.self, forKey: .url)
            guard url.hasPrefix("http://") || url.hasPrefix("https://") else {
                throw JSONDecodingError.invalidValue("url must be an http or https URL", at: here.appending(key: "url"))
            }
            return url
        }
        func connections() throws -> Int {
            let value = try container.decodeIfPresent(Int.self, forKey: .connections) ?? 64
            guard (1...4_096).contains(value) else {
                throw JSONDecodingError.invalidValue("connections must be 1 to 4096", at: here.appending(key: "connections"))
            }
            return value
        }
        switch type {
        case "sandbox": self = .sandbox
        case "core-http": self = .coreHTTP(url: try url(), connections: try connections())
        case "http": self = .http(url: try url(), connections: try connections())
        default:
            throw JSONDecodingError.invalidValue(
                "unknown adapter type \"\(type)\"", at: here.appending(key: "type"),
                hint: Suggestion.hint(for: type, among: ["sandbox", "core-http", "http"], noun: "types"))
        }
    }
}
