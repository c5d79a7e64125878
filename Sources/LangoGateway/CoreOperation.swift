import Foundation
import Hummingbird
import LangoBank
import LangoJSON
import LangoOpenBanking
import LangoPolicy

/// The operations a core-banking adapter offers to policies (`upstream.operation`).
enum CoreOperation: String, CaseIterable, Sendable {
    case accounts
    case account
    case balances
    case transactions
    case party
    case postTransaction = "post-transaction"
    /// The balances of every account in the customer's scope (the consent's accounts).
    case bulkBalances = "bulk-balances"
    /// The transactions of every account in the customer's scope, newest first.
    case bulkTransactions = "bulk-transactions"

    /// The path parameter account operations read the account id from.
    static let accountParameter = "AccountId"

    var needsAccount: Bool {
        switch self {
        case .account, .balances, .transactions, .postTransaction: true
        case .accounts, .party, .bulkBalances, .bulkTransactions: false
        }
    }

    var readsBody: Bool { self == .postTransaction }
}

/// One core-banking call, from request to OBIE response.
struct CoreBankCall {
    let bank: any CoreBank
    let operation: CoreOperation
    let parameters: PathParameters
    let context: CoreRequestContext
    /// What the caller may see: a consent's permissions and window, or everything.
    let access: AccountDataAccess
    let query: [String: String]
    let body: ByteBuffer?
    /// Absolute URL of the request, without its query: the base of OBIE links.
    let resourceURL: String
    let pageSize: Int

    func perform() async -> UpstreamOutcome {
        do {
            return UpstreamOutcome(response: try await answer())
        } catch let error as CoreBankError {
            return .coreBankFailure(error, interactionID: context.interactionID)
        } catch let error as OBIERequestError {
            return UpstreamOutcome(response: ErrorResponses.obie(error, interactionID: context.interactionID), failure: "invalid_request")
        } catch {
            return UpstreamOutcome(
                response: ErrorResponses.unexpected(interactionID: context.interactionID, message: "the request could not be completed"),
                failure: "internal_error")
        }
    }

    private var accountID: String { parameters[CoreOperation.accountParameter] ?? "" }

    private func answer() async throws -> Response {
        switch operation {
        case .accounts:
            return obieResponse(OBIEAccountInformation.accounts(try await bank.accounts(context), selfURL: resourceURL, visibility: access.accounts))
        case .account:
            return obieResponse(OBIEAccountInformation.account(try await bank.account(accountID, context), selfURL: resourceURL, visibility: access.accounts))
        case .balances:
            return obieResponse(OBIEAccountInformation.balances(try await bank.balances(accountID, context), selfURL: resourceURL))
        case .party:
            return obieResponse(OBIEAccountInformation.party(try await bank.party(context), selfURL: resourceURL))
        case .bulkBalances:
            var balances: [Balance] = []
            for account in try await bank.accounts(context) {
                balances += try await bank.balances(account.id, context)
            }
            return obieResponse(OBIEAccountInformation.balances(balances, selfURL: resourceURL))
        case .transactions, .bulkTransactions:
            return try await transactions()
        case .postTransaction:
            let posting = try SandboxTransactionRequest.posting(from: body)
            let transaction = try await bank.postTransaction(accountID, posting, context)
            return obieResponse(OBIEAccountInformation.transaction(transaction, selfURL: resourceURL), status: .created)
        }
    }

    private func transactions() async throws -> Response {
        let asked = try OBIEBookingWindow.parse(from: query["fromBookingDateTime"], to: query["toBookingDateTime"])
        let page = try OBIEPaging.parsePage(query["page"])
        let offset = OBIEPaging.offset(page: page, pageSize: pageSize)
        let result: TransactionPage
        if let query = access.transactionQuery(within: asked, offset: offset, limit: pageSize) {
            result = operation == .bulkTransactions ? try await transactionsOfEveryAccount(query) : try await bank.transactions(accountID, query, context)
        } else {
            // The asked window lies outside the consent's: nothing to ask the bank.
            result = TransactionPage(transactions: [], totalCount: 0, firstAvailable: nil, lastAvailable: nil)
        }
        var preserved: [(String, String)] = []
        for name in ["fromBookingDateTime", "toBookingDateTime"] {
            if let value = query[name] { preserved.append((name, value)) }
        }
        let paging = OBIEPaging(
            baseURL: resourceURL, preservedQuery: preserved, page: page, pageSize: pageSize, totalItems: result.totalCount)
        guard page <= paging.totalPages else {
            throw OBIERequestError(
                errorCode: .fieldInvalid, message: "page \(page) is beyond the last page, \(paging.totalPages)", path: "page")
        }
        return obieResponse(OBIEAccountInformation.transactions(result, paging: paging, visibility: access.transactions))
    }

    /// One page of the scope's accounts together: each account's newest up to the page's end, merged.
    private func transactionsOfEveryAccount(_ query: TransactionQuery) async throws -> TransactionPage {
        var head = query
        head.offset = 0
        head.limit = query.offset.addingReportingOverflow(query.limit).overflow ? .max : query.offset + query.limit
        var heads: [TransactionPage] = []
        for account in try await bank.accounts(context) {
            heads.append(try await bank.transactions(account.id, head, context))
        }
        return TransactionPage(merging: heads, offset: query.offset, limit: query.limit)
    }
}

extension UpstreamOutcome {
    /// The answer to a core bank's failure: the client learns only what failed; the upstream's
    /// internals stay in the decision log (`failure`).
    static func coreBankFailure(_ error: CoreBankError, interactionID: String) -> UpstreamOutcome {
        let (status, code, failure): (Int, String, String) =
            switch error.category {
            case .notFound: (404, "UK.OBIE.Resource.NotFound", "not_found")
            case .invalidRequest, .currencyMismatch: (400, "UK.OBIE.Field.Invalid", "invalid_request")
            case .insufficientFunds: (422, "LANGO.InsufficientFunds", "insufficient_funds")
            case .unavailable: (502, "LANGO.UpstreamUnavailable", "upstream_unavailable")
            case .timeout: (504, "LANGO.UpstreamTimeout", "upstream_timeout")
            }
        let message =
            switch error.category {
            case .unavailable: "the core banking system is unavailable"
            case .timeout: "the core banking system did not answer in time"
            default: error.description
            }
        return UpstreamOutcome(
            response: ErrorResponses.obie(status: status, interactionID: interactionID, code: code, message: message), failure: failure)
    }
}

/// The body of `POST …/sandbox/accounts/{AccountId}/transactions`, in OBIE style:
/// `{"Data": {"CreditDebitIndicator", "Amount": {"Amount", "Currency"}, "TransactionInformation", "TransactionReference"?}}`.
enum SandboxTransactionRequest {
    private struct Body: Decodable {
        var Data: Fields
    }

    private struct Fields: Decodable {
        var CreditDebitIndicator: CreditDebit
        var Amount: Amount
        var TransactionInformation: String
        var TransactionReference: String?
    }

    private struct Amount: Decodable {
        var Amount: String
        var Currency: String
    }

    static func posting(from body: ByteBuffer?) throws -> TransactionPosting {
        let decoded: Body
        do {
            decoded = try JSONValueDecoder().decode(Body.self, fromJSON: body?.readableBytesView ?? ByteBuffer().readableBytesView)
        } catch let error as JSONSyntaxError {
            throw OBIERequestError(errorCode: .resourceInvalidFormat, message: "the body is not valid JSON: \(error)", path: nil)
        } catch let error as JSONDecodingError {
            let code: OBIEErrorCode =
                switch error.category {
                case .missingField: .fieldMissing
                case .unknownField: .fieldUnexpected
                case .typeMismatch, .invalidValue: .fieldInvalid
                }
            throw OBIERequestError(errorCode: code, message: error.message, path: obiePath(error.path))
        }
        let fields = decoded.Data
        guard let amount = Money(decimal: fields.Amount.Amount, currency: fields.Amount.Currency), amount.minorUnits > 0 else {
            throw OBIERequestError(
                errorCode: .fieldInvalid, message: "Amount must be a positive decimal with at most 2 decimal places",
                path: "Data.Amount.Amount")
        }
        guard (1...500).contains(fields.TransactionInformation.count) else {
            throw OBIERequestError(
                errorCode: .fieldInvalid, message: "TransactionInformation must be 1 to 500 characters",
                path: "Data.TransactionInformation")
        }
        return TransactionPosting(
            amount: amount, creditDebit: fields.CreditDebitIndicator, information: fields.TransactionInformation,
            reference: fields.TransactionReference)
    }

    /// OBIE writes paths without the root: `Data.Amount.Currency`.
    private static func obiePath(_ path: JSONPath) -> String {
        path.components.map { component in
            switch component {
            case .key(let key): key
            case .index(let index): "[\(index)]"
            }
        }.joined(separator: ".").replacingOccurrences(of: ".[", with: "[")
    }
}
