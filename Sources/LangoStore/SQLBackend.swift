import SQLKit

/// A SQL database the stores run on: reads anywhere, writes inside transactions.
///
/// SQLite is the embedded default (``SQLiteBackend``); PostgreSQL implements the same protocol
/// for several gateway nodes. Store code is written once against SQLKit for both.
public protocol SQLBackend: Sendable {
    /// Runs read-only queries. They see committed data only.
    func read<T: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T
    /// Runs `body` in one transaction on one session: committed if it returns, rolled back if it throws.
    func transaction<T: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T
    /// Closes every connection. The backend is unusable afterwards.
    func close() async throws
}
