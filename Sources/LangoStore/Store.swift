import Logging

/// The SQL store, migrated and ready: the backend plus the repositories built on it.
public struct Store: Sendable {
    public let backend: any SQLBackend
    public let identity: SQLIdentityStore
    public let sandboxLedger: SQLSandboxLedger
    public let usage: SQLUsageStore
    public let signingKeys: SQLSigningKeyStore
    public let oauthClients: SQLOAuthClientStore
    public let revokedTokens: SQLRevokedTokenStore
    public let customers: SQLCustomerStore
    public let authorizationGrants: SQLAuthorizationGrantStore
    public let consents: SQLConsentStore
    public let idempotency: SQLIdempotencyStore
    public let webhooks: SQLWebhookStore
    public let payments: SQLPaymentStore

    /// The schema version this build migrates databases to.
    public static var schemaVersion: Int { Migrations.latestVersion }

    /// Opens the SQLite file at `path` (created if missing) and brings its schema up to date.
    public static func openSQLite(path: String, logger: Logger = Logger(label: "lango.store")) async throws -> Store {
        let backend = try await SQLiteBackend.open(path: path, logger: logger)
        do {
            try await Migrations.apply(on: backend)
        } catch {
            try? await backend.close()
            throw error
        }
        return Store(backend: backend)
    }

    init(backend: any SQLBackend) {
        self.backend = backend
        self.identity = SQLIdentityStore(backend: backend)
        self.sandboxLedger = SQLSandboxLedger(backend: backend)
        self.usage = SQLUsageStore(backend: backend)
        self.signingKeys = SQLSigningKeyStore(backend: backend)
        self.oauthClients = SQLOAuthClientStore(backend: backend)
        self.revokedTokens = SQLRevokedTokenStore(backend: backend)
        self.customers = SQLCustomerStore(backend: backend)
        self.authorizationGrants = SQLAuthorizationGrantStore(backend: backend)
        self.consents = SQLConsentStore(backend: backend)
        self.idempotency = SQLIdempotencyStore(backend: backend)
        self.webhooks = SQLWebhookStore(backend: backend)
        self.payments = SQLPaymentStore(backend: backend)
    }

    public func close() async throws {
        try await backend.close()
    }
}
