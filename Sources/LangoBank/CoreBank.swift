/// The core-banking system the gateway routes to: the in-process ``SandboxBank`` or a remote core.
///
/// Every call is confined to `context.scope`: an account of another customer, or one the
/// scope does not list, is reported exactly like a missing one (``CoreBankError/notFound(resource:id:)``),
/// so callers cannot probe for accounts they may not see. Failures are ``CoreBankError``s.
public protocol CoreBank: Sendable {
    /// The scope's customer.
    func party(_ context: CoreRequestContext) async throws -> Party
    /// The customer's accounts in the scope, ordered by id.
    func accounts(_ context: CoreRequestContext) async throws -> [Account]
    /// One account in the scope.
    func account(_ id: String, _ context: CoreRequestContext) async throws -> Account
    /// The account's current balances (`InterimBooked`, `InterimAvailable`).
    func balances(_ accountID: String, _ context: CoreRequestContext) async throws -> [Balance]
    /// A page of the account's transactions; see ``TransactionPage``.
    func transactions(_ accountID: String, _ query: TransactionQuery, _ context: CoreRequestContext) async throws
        -> TransactionPage
    /// Books a transaction now and returns it with the balance after it.
    func postTransaction(_ accountID: String, _ posting: TransactionPosting, _ context: CoreRequestContext) async throws
        -> Transaction
}
