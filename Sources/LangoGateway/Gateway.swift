import AsyncHTTPClient
import Foundation
import Hummingbird
import LangoBank
import LangoIdentity
import LangoJSON
import LangoPolicy
import Logging
import NIOPosix
import Synchronization

/// The gateway's parts, assembled: policies, key verification, upstreams and the decision log,
/// and the router that runs the pipeline over them.
///
/// Built from real components by ``GatewayServer``, and from in-memory twins by tests.
public final class Gateway: Sendable {
    let policies: PolicyHolder
    private let keys: APIKeyAuthenticator
    private let upstreams: Upstreams
    private let clients: [HTTPClient]
    private let decisionLog: any DecisionLog
    private let configuration: GatewayConfiguration
    private let publicAddress: PublicAddress
    private let logger: Logger

    /// `sandbox` serves every `sandbox` adapter; each HTTP adapter gets its own connection pool.
    public init(
        configuration: GatewayConfiguration, policies: PolicySet, keys: APIKeyAuthenticator, sandbox: SandboxBank,
        decisionLog: any DecisionLog, logger: Logger
    ) {
        self.configuration = configuration
        self.publicAddress = PublicAddress(configuration.effectivePublicURL)
        self.policies = PolicyHolder(PolicySnapshot(set: policies))
        self.keys = keys
        self.decisionLog = decisionLog
        self.logger = logger
        var clients: [HTTPClient] = []
        self.upstreams = Upstreams.make(from: configuration, sandbox: sandbox) { connections in
            var settings = HTTPClient.Configuration()
            settings.connectionPool = .init(idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: connections)
            settings.timeout.connect = .seconds(2)
            // A refused connection fails the request at once (502) instead of being retried
            // until the rule's deadline.
            settings.connectionPool.retryConnectionEstablishment = false
            // A gateway passes redirects back to its caller rather than following them.
            settings.redirectConfiguration = .disallow
            let client = HTTPClient(eventLoopGroup: MultiThreadedEventLoopGroup.singleton, configuration: settings)
            clients.append(client)
            return client
        }
        self.clients = clients
    }

    /// The revision of the policy set in force.
    public var policyRevision: String { policies.snapshot.set.revision }

    /// The platform routes (`/health`, `/ready`) behind the edge middleware and the pipeline.
    public func makeRouter() -> Router<GatewayRequestContext> {
        let router = Router(context: GatewayRequestContext.self)
        router.add(middleware: EdgeMiddleware(logger: logger))
        router.add(
            middleware: GatewayPipeline(
                policies: policies, keys: keys, upstreams: upstreams, decisionLog: decisionLog,
                settings: .init(
                    publicAddress: publicAddress, maxBodyBytes: configuration.maxBodyBytes,
                    transactionPageSize: configuration.transactionPageSize)))
        router.get("/health") { _, _ in
            Self.json(["status": "ok"])
        }
        router.get("/ready") { [policies] _, _ in
            Self.json(["status": "ready", "policy_revision": .string(policies.snapshot.set.revision)])
        }
        return router
    }

    /// Tells the gateway the port it is listening on; without a configured `public_url`, links
    /// in responses use it (it differs from the configured one when that is 0).
    public func listening(onPort port: Int) {
        if configuration.publicURL == nil {
            publicAddress.url = "http://\(configuration.host):\(port)"
        }
    }

    /// A service that reloads the policies on SIGHUP.
    func reloadService(directory: String) -> PolicyReloadService {
        PolicyReloadService(holder: policies, directory: directory, configuration: configuration, logger: logger)
    }

    /// Closes the HTTP adapters' connection pools.
    public func shutdown() async throws {
        for client in clients { try await client.shutdown() }
    }

    private static func json(_ value: JSONValue) -> Response {
        Response(
            status: .ok, headers: [.contentType: "application/json"],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: value.encoded())))
    }
}

/// The base of absolute links in responses.
final class PublicAddress: Sendable {
    private let current: Mutex<String>

    init(_ url: String) {
        current = Mutex(url)
    }

    var url: String {
        get { current.withLock { $0 } }
        set { current.withLock { $0 = newValue } }
    }
}
