import AsyncHTTPClient
import Foundation
import Hummingbird
import HummingbirdTesting
import LangoBank
import LangoCoreSim
import LangoJSON
import LangoUpstream
import Synchronization
import Testing

/// The core contract from both ends: `HTTPCoreBank` calling `CoreSimRouter` over a real
/// socket must behave exactly like calling the sandbox bank directly.
@Suite struct HTTPCoreBankTests {
    static let anchor = ISO8601.parse("2026-11-01")!

    /// A fresh sandbox bank, served live; `body` gets the bank and an HTTPCoreBank pointed at it.
    func withServedBank(
        latency: Duration = .zero, _ body: @Sendable (SandboxBank, HTTPCoreBank) async throws -> Void
    ) async throws {
        let bank = SandboxBank(ledger: InMemorySandboxLedger())
        try await bank.bootstrap(anchor: Self.anchor)
        let application = Application(router: CoreSimRouter.make(bank: bank, latency: latency))
        try await application.test(.live) { client in
            let httpClient = HTTPClient(eventLoopGroupProvider: .singleton)
            do {
                try await body(bank, HTTPCoreBank(client: httpClient, baseURL: "http://127.0.0.1:\(client.port!)"))
            } catch {
                try await httpClient.shutdown()
                throw error
            }
            try await httpClient.shutdown()
        }
    }

    /// A generous default deadline: on a loaded machine a short one fails tests that are not about time.
    func context(_ customer: String = "C0001", accounts: Set<String>? = nil, timeout: Duration = .seconds(60)) -> CoreRequestContext {
        CoreRequestContext(scope: CustomerScope(customerID: customer, accounts: accounts), timeout: timeout, interactionID: "test")
    }

    @Test func answersExactlyLikeTheBankItServes() async throws {
        try await withServedBank { bank, remote in
            let call = context("C0002")
            #expect(try await remote.party(call) == bank.party(call))
            #expect(try await remote.accounts(call) == bank.accounts(call))
            let account = try #require(try await bank.accounts(call).first)
            #expect(try await remote.account(account.id, call) == bank.account(account.id, call))
            #expect(try await remote.balances(account.id, call).map(\.amount) == bank.balances(account.id, call).map(\.amount))
            let window = TransactionQuery(
                from: ISO8601.parse("2026-06-01"), to: ISO8601.parse("2026-06-30T23:59:59"), offset: 5, limit: 7)
            #expect(try await remote.transactions(account.id, window, call) == bank.transactions(account.id, window, call))
            for direction in CreditDebit.allCases {
                let oneWay = TransactionQuery(creditDebit: direction, offset: 2, limit: 9)
                let page = try await remote.transactions(account.id, oneWay, call)
                #expect(page == (try await bank.transactions(account.id, oneWay, call)))
                #expect(!page.transactions.isEmpty && page.transactions.allSatisfy { $0.creditDebit == direction })
            }
        }
    }

    @Test func aScopeListingAccountsHidesTheOthers() async throws {
        try await withServedBank { _, remote in
            let scoped = context("C0001", accounts: ["C0001-USD-1"])
            let visible = try await remote.accounts(scoped).map(\.id)
            #expect(visible == ["C0001-USD-1"])
            await #expect(throws: CoreBankError.notFound(resource: "account", id: "C0001-KES-1")) {
                try await remote.balances("C0001-KES-1", scoped)
            }
        }
    }

    @Test func postsAndCarriesEveryErrorKindAcross() async throws {
        try await withServedBank { bank, remote in
            let call = context()
            let credit = TransactionPosting(amount: Money(minorUnits: 5_000, currency: "KES"), creditDebit: .credit, information: "Top-up")
            let posted = try await remote.postTransaction("C0001-KES-1", credit, call)
            #expect(try await bank.transactions("C0001-KES-1", TransactionQuery(limit: 1), call).transactions == [posted])

            await #expect(throws: CoreBankError.notFound(resource: "account", id: "C0002-KES-1")) {
                try await remote.account("C0002-KES-1", call)
            }
            await #expect(throws: CoreBankError.currencyMismatch(expected: "KES", got: "USD")) {
                try await remote.postTransaction(
                    "C0001-KES-1", TransactionPosting(amount: Money(minorUnits: 1, currency: "USD"), creditDebit: .credit, information: "x"),
                    call)
            }
            await #expect(throws: CoreBankError.insufficientFunds(accountID: "C0001-KES-1")) {
                try await remote.postTransaction(
                    "C0001-KES-1",
                    TransactionPosting(amount: Money(minorUnits: 999_999_999_999, currency: "KES"), creditDebit: .debit, information: "x"),
                    call)
            }
            let error = try await #require(throws: CoreBankError.self) {
                try await remote.transactions("C0001-KES-1", TransactionQuery(offset: -1, limit: 5), call)
            }
            #expect(error.category == .invalidRequest)
        }
    }

    @Test func idsCannotEscapeTheirPathSegment() async throws {
        try await withServedBank { _, remote in
            await #expect(throws: CoreBankError.self) {
                try await remote.account("../../C0002/accounts/C0002-KES-1", context())
            }
        }
    }

    @Test func aSlowCoreIsATimeout() async throws {
        try await withServedBank(latency: .seconds(2)) { _, remote in
            let error = try await #require(throws: CoreBankError.self) {
                try await remote.accounts(context(timeout: .milliseconds(200)))
            }
            #expect(error.category == .timeout)
        }
    }

    @Test func aRefusedConnectionIsUnavailable() async throws {
        var configuration = HTTPClient.Configuration()
        configuration.connectionPool.retryConnectionEstablishment = false
        let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
        let remote = HTTPCoreBank(client: client, baseURL: "http://127.0.0.1:9")
        let error = try await #require(throws: CoreBankError.self) { try await remote.accounts(context()) }
        #expect(error.category == .unavailable)
        try await client.shutdown()
    }

    /// The `Authorization` headers a stand-in core received.
    final class SeenHeaders: Sendable {
        let values = Mutex<[String]>([])
    }

    @Test func sendsItsTokenOnlyWhenGivenOne() async throws {
        let seen = SeenHeaders()
        let router = Router()
        router.get("**") { request, _ in
            seen.values.withLock { $0.append(request.headers[.authorization] ?? "none") }
            return Response(status: .serviceUnavailable)
        }
        try await Application(router: router).test(.live) { server in
            let client = HTTPClient(eventLoopGroupProvider: .singleton)
            for authorization in [nil, "Bearer c0re-token"] {
                let remote = HTTPCoreBank(client: client, baseURL: "http://127.0.0.1:\(server.port!)", authorization: authorization)
                _ = try? await remote.party(context())
            }
            #expect(seen.values.withLock { $0 } == ["none", "Bearer c0re-token"])
            try await client.shutdown()
        }
    }

    @Test func answersOutsideTheContractAreUnavailable() async throws {
        let router = Router()
        router.get("**") { _, _ in Response(status: .ok, body: ResponseBody(byteBuffer: ByteBuffer(string: "<html>oops</html>"))) }
        try await Application(router: router).test(.live) { server in
            let client = HTTPClient(eventLoopGroupProvider: .singleton)
            let remote = HTTPCoreBank(client: client, baseURL: "http://127.0.0.1:\(server.port!)")
            let error = try await #require(throws: CoreBankError.self) { try await remote.party(context()) }
            #expect(error.category == .unavailable)
            try await client.shutdown()
        }
    }
}
