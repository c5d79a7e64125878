import SQLKit

/// One step of the schema's history. Steps are applied in order, each in its own transaction,
/// and never edited once released: a change is a new step.
struct Migration: Sendable {
    let version: Int
    let name: String
    let statements: [String]
}

/// The schema, as an ordered list of migrations. Types are kept to what SQLite and PostgreSQL
/// share (TEXT, BIGINT); times are milliseconds since 1970 in BIGINT columns.
enum Migrations {
    static let all: [Migration] = [
        Migration(
            version: 1, name: "apps and api keys",
            statements: [
                """
                CREATE TABLE apps (
                    id TEXT PRIMARY KEY,
                    name TEXT NOT NULL,
                    environment TEXT NOT NULL,
                    status TEXT NOT NULL,
                    created_at BIGINT NOT NULL
                )
                """,
                """
                CREATE TABLE api_keys (
                    id TEXT PRIMARY KEY,
                    app_id TEXT NOT NULL REFERENCES apps(id),
                    hash TEXT NOT NULL UNIQUE,
                    prefix TEXT NOT NULL,
                    scopes TEXT NOT NULL,
                    created_at BIGINT NOT NULL,
                    expires_at BIGINT,
                    revoked_at BIGINT,
                    replaced_by TEXT
                )
                """,
                "CREATE INDEX api_keys_by_app ON api_keys (app_id, created_at)",
            ]
        ),
        Migration(
            version: 2, name: "sandbox bank ledger",
            statements: [
                "CREATE TABLE sandbox_meta (name TEXT PRIMARY KEY, value TEXT NOT NULL)",
                "CREATE TABLE sandbox_parties (customer_id TEXT PRIMARY KEY, body TEXT NOT NULL)",
                """
                CREATE TABLE sandbox_accounts (
                    id TEXT PRIMARY KEY,
                    customer_id TEXT NOT NULL,
                    currency TEXT NOT NULL,
                    balance_minor BIGINT NOT NULL,
                    body TEXT NOT NULL
                )
                """,
                "CREATE INDEX sandbox_accounts_by_customer ON sandbox_accounts (customer_id, id)",
                """
                CREATE TABLE sandbox_transactions (
                    id TEXT PRIMARY KEY,
                    account_id TEXT NOT NULL REFERENCES sandbox_accounts(id),
                    booked_at BIGINT NOT NULL,
                    body TEXT NOT NULL
                )
                """,
                "CREATE INDEX sandbox_transactions_by_account ON sandbox_transactions (account_id, booked_at, id)",
            ]
        ),
        Migration(
            version: 3, name: "app plans and usage records",
            statements: [
                // NULL: the configuration's default plan.
                "ALTER TABLE apps ADD COLUMN plan_id TEXT",
                """
                CREATE TABLE usage_records (
                    app_id TEXT NOT NULL,
                    product TEXT NOT NULL,
                    rule_id TEXT NOT NULL,
                    status_class TEXT NOT NULL,
                    hour BIGINT NOT NULL,
                    requests BIGINT NOT NULL,
                    cost BIGINT NOT NULL,
                    PRIMARY KEY (app_id, product, rule_id, status_class, hour)
                )
                """,
                "CREATE INDEX usage_records_by_hour ON usage_records (hour, app_id)",
            ]
        ),
        Migration(
            version: 4, name: "token signing keys",
            statements: [
                """
                CREATE TABLE signing_keys (
                    key_id TEXT PRIMARY KEY,
                    algorithm TEXT NOT NULL,
                    sealed_key TEXT NOT NULL,
                    created_at BIGINT NOT NULL,
                    active_from BIGINT NOT NULL
                )
                """
            ]
        ),
        Migration(
            version: 5, name: "OAuth clients",
            statements: [
                """
                CREATE TABLE oauth_clients (
                    app_id TEXT PRIMARY KEY REFERENCES apps (id),
                    auth_method TEXT NOT NULL,
                    jwks TEXT,
                    redirect_uris TEXT NOT NULL,
                    scopes TEXT NOT NULL,
                    grant_types TEXT NOT NULL
                )
                """,
                """
                CREATE TABLE oauth_client_secrets (
                    id TEXT PRIMARY KEY,
                    app_id TEXT NOT NULL REFERENCES apps (id),
                    secret_hash TEXT NOT NULL UNIQUE,
                    created_at BIGINT NOT NULL,
                    expires_at BIGINT
                )
                """,
                "CREATE INDEX oauth_client_secrets_by_app ON oauth_client_secrets (app_id, created_at)",
            ]
        ),
        Migration(
            version: 6, name: "revoked tokens",
            statements: [
                // AUTOINCREMENT: positions never go back, even after the newest rows are deleted.
                """
                CREATE TABLE revoked_tokens (
                    position INTEGER PRIMARY KEY AUTOINCREMENT,
                    token_id TEXT NOT NULL UNIQUE,
                    client_id TEXT NOT NULL,
                    expires_at BIGINT NOT NULL
                )
                """
            ]
        ),
        Migration(
            version: 7, name: "customers and the authorization code flow",
            statements: [
                """
                CREATE TABLE customers (
                    id TEXT PRIMARY KEY,
                    name TEXT NOT NULL,
                    email TEXT,
                    phone_number TEXT,
                    password_hash TEXT NOT NULL,
                    updated_at BIGINT NOT NULL
                )
                """,
                // The checked request as JSON; a row is deleted when it is taken.
                """
                CREATE TABLE pushed_authorization_requests (
                    id TEXT PRIMARY KEY,
                    request TEXT NOT NULL,
                    expires_at BIGINT NOT NULL
                )
                """,
                // The interaction as JSON; `version` beside it for compare-and-set updates.
                """
                CREATE TABLE authorization_interactions (
                    id TEXT PRIMARY KEY,
                    interaction TEXT NOT NULL,
                    version BIGINT NOT NULL,
                    expires_at BIGINT NOT NULL
                )
                """,
                // redeemed: 0 or 1. retain_until: the later of the code's expiry and that of what
                // it issued, so a replay can still revoke the tokens until they expire anyway.
                """
                CREATE TABLE authorization_codes (
                    code_hash TEXT PRIMARY KEY,
                    request TEXT NOT NULL,
                    customer_id TEXT NOT NULL,
                    authenticated_at BIGINT NOT NULL,
                    expires_at BIGINT NOT NULL,
                    redeemed BIGINT NOT NULL,
                    issued TEXT,
                    retain_until BIGINT NOT NULL
                )
                """,
                // scopes: a JSON array. state: live, used or revoked.
                """
                CREATE TABLE refresh_tokens (
                    token_hash TEXT PRIMARY KEY,
                    family_id TEXT NOT NULL,
                    client_id TEXT NOT NULL,
                    customer_id TEXT NOT NULL,
                    scopes TEXT NOT NULL,
                    authenticated_at BIGINT NOT NULL,
                    expires_at BIGINT NOT NULL,
                    access_token_id TEXT NOT NULL,
                    access_client_id TEXT NOT NULL,
                    access_expires_at BIGINT NOT NULL,
                    state TEXT NOT NULL
                )
                """,
                "CREATE INDEX refresh_tokens_by_family ON refresh_tokens (family_id)",
            ]
        ),
        Migration(
            version: 8, name: "refresh tokens bound to an OBIE intent",
            statements: ["ALTER TABLE refresh_tokens ADD COLUMN intent_id TEXT"]
        ),
        Migration(
            version: 9, name: "sandbox transactions' direction, for consents that grant only credits or debits",
            statements: [
                "ALTER TABLE sandbox_transactions ADD COLUMN credit_debit TEXT",
                // Bodies are compact JSON written by Lango; the balance's own indicator is under
                // another key, so this pattern finds only the transaction's.
                """
                UPDATE sandbox_transactions
                SET credit_debit = CASE WHEN body LIKE '%"creditDebit":"Debit"%' THEN 'Debit' ELSE 'Credit' END
                """,
            ]
        ),
        Migration(
            version: 10, name: "account-access consents and their audit trail",
            statements: [
                // The consent as JSON in `body`; beside it what queries and compare-and-set need.
                """
                CREATE TABLE consents (
                    id TEXT PRIMARY KEY,
                    client_id TEXT NOT NULL,
                    customer_id TEXT,
                    status TEXT NOT NULL,
                    created_at BIGINT NOT NULL,
                    expires_at BIGINT,
                    expiry_recorded BIGINT NOT NULL,
                    deleted BIGINT NOT NULL,
                    version BIGINT NOT NULL,
                    last_used_at BIGINT,
                    body TEXT NOT NULL
                )
                """,
                "CREATE INDEX consents_by_customer ON consents (customer_id, created_at)",
                "CREATE INDEX consents_by_expiry ON consents (status, expiry_recorded, expires_at)",
                // AUTOINCREMENT: sequences never go back, so nodes can read on from the last one seen.
                """
                CREATE TABLE consent_events (
                    sequence INTEGER PRIMARY KEY AUTOINCREMENT,
                    consent_id TEXT NOT NULL,
                    body TEXT NOT NULL
                )
                """,
                "CREATE INDEX consent_events_by_consent ON consent_events (consent_id, sequence)",
            ]
        ),
        Migration(
            version: 11, name: "the partner an app belongs to, shown to customers",
            statements: ["ALTER TABLE apps ADD COLUMN partner TEXT"]
        ),
        Migration(
            version: 12, name: "idempotency keys",
            statements: [
                // `completed` 0 while the first request runs; then its response, the body in base64.
                """
                CREATE TABLE idempotency_keys (
                    client_id TEXT NOT NULL,
                    key TEXT NOT NULL,
                    fingerprint TEXT NOT NULL,
                    completed BIGINT NOT NULL,
                    status BIGINT,
                    headers TEXT,
                    body TEXT,
                    expires_at BIGINT NOT NULL,
                    PRIMARY KEY (client_id, key)
                )
                """,
                "CREATE INDEX idempotency_keys_by_expiry ON idempotency_keys (expires_at)",
            ]
        ),
        Migration(
            version: 13, name: "webhook endpoints and the outbox of their messages",
            statements: [
                "CREATE TABLE webhook_endpoints (id TEXT PRIMARY KEY, app_id TEXT NOT NULL, created_at BIGINT NOT NULL, body TEXT NOT NULL)",
                "CREATE INDEX webhook_endpoints_by_app ON webhook_endpoints (app_id, created_at)",
                // `leased_until`: the node attempting it holds it until then.
                """
                CREATE TABLE webhook_messages (
                    id TEXT PRIMARY KEY,
                    app_id TEXT NOT NULL,
                    state TEXT NOT NULL,
                    next_attempt_at BIGINT NOT NULL,
                    leased_until BIGINT,
                    created_at BIGINT NOT NULL,
                    body TEXT NOT NULL
                )
                """,
                "CREATE INDEX webhook_messages_due ON webhook_messages (state, next_attempt_at)",
                "CREATE INDEX webhook_messages_by_app ON webhook_messages (app_id, state, created_at)",
            ]
        ),
        Migration(
            version: 14, name: "payments and their execution leases",
            statements: [
                // `leased_until`: the node executing it holds it until then.
                """
                CREATE TABLE payments (
                    id TEXT PRIMARY KEY,
                    consent_id TEXT NOT NULL,
                    bulk_id TEXT,
                    bulk_position BIGINT,
                    status TEXT NOT NULL,
                    execute_after BIGINT NOT NULL,
                    leased_until BIGINT,
                    created_at BIGINT NOT NULL,
                    version BIGINT NOT NULL,
                    body TEXT NOT NULL
                )
                """,
                "CREATE INDEX payments_due ON payments (status, execute_after)",
                "CREATE INDEX payments_by_consent ON payments (consent_id)",
                "CREATE INDEX payments_by_bulk ON payments (bulk_id, bulk_position)",
            ]
        ),
        Migration(
            version: 15, name: "payment outcomes that owe webhook events",
            statements: [
                // 1 from the write that stores an outcome until its events are in the outbox.
                "ALTER TABLE payments ADD COLUMN announcement_due BIGINT NOT NULL DEFAULT 0",
                "CREATE INDEX payments_unannounced ON payments (announcement_due)",
            ]
        ),
        Migration(
            version: 16, name: "cursors of the trails that become webhook messages",
            statements: [
                """
                CREATE TABLE webhook_cursors (
                    name TEXT PRIMARY KEY,
                    position BIGINT NOT NULL,
                    holder TEXT,
                    leased_until BIGINT
                )
                """,
                // Consent events already in the trail were announced as they happened.
                """
                INSERT INTO webhook_cursors (name, position)
                SELECT 'consent-events', COALESCE(MAX(sequence), 0) FROM consent_events
                """,
            ]
        ),
    ]

    static var latestVersion: Int { all.last?.version ?? 0 }

    /// Brings the schema up to date; returns the versions it applied.
    @discardableResult
    static func apply(on backend: any SQLBackend) async throws -> [Int] {
        try await backend.transaction { database in
            try await database.raw(
                "CREATE TABLE IF NOT EXISTS lango_schema_migrations (version BIGINT PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)"
            ).run()
        }
        let appliedVersions = try await backend.read { database in
            try await database.raw("SELECT version FROM lango_schema_migrations").all().map {
                try $0.decode(column: "version", as: Int.self)
            }
        }
        if let newest = appliedVersions.max(), newest > latestVersion {
            throw StoreError.newerSchema(found: newest, known: latestVersion)
        }
        var applied: [Int] = []
        for migration in all where !appliedVersions.contains(migration.version) {
            try await backend.transaction { database in
                for statement in migration.statements {
                    try await database.raw(SQLQueryString(statement)).run()
                }
                try await database.raw(
                    """
                    INSERT INTO lango_schema_migrations (version, name, applied_at)
                    VALUES (\(bind: migration.version), \(bind: migration.name), \(bind: Milliseconds.now()))
                    """
                ).run()
            }
            applied.append(migration.version)
        }
        return applied
    }
}
