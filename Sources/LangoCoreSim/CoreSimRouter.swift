import Foundation
import Hummingbird
import LangoBank
import LangoJSON

/// Serves a ``CoreBank`` over ``CoreContract``: what `lango core-sim` runs, so the gateway's
/// HTTP adapter is exercised against a separate process, and benchmarks have an upstream.
public enum CoreSimRouter {
    /// The routes of the contract over `bank`. Every answer waits `latency` first, to imitate a
    /// slow core (for timeout tests and realistic load tests).
    public static func make(bank: some CoreBank, latency: Duration = .zero) -> Router<BasicRequestContext> {
        let router = Router(context: BasicRequestContext.self)
        let handler = Handler(bank: bank, latency: latency)
        let customer = "\(CoreContract.basePath)/customers/:customer"
        let account = "\(customer)/accounts/:account"

        router.get(RouterPath("\(CoreContract.basePath)/health")) { _, _ in
            try handler.json(["status": "ok"], status: .ok)
        }
        router.get(RouterPath("\(customer)/party")) { request, context in
            try await handler.respond(request, context) { bank, call in try await bank.party(call) }
        }
        router.get(RouterPath("\(customer)/accounts")) { request, context in
            try await handler.respond(request, context) { bank, call in try await bank.accounts(call) }
        }
        router.get(RouterPath(account)) { request, context in
            let id = try handler.parameter("account", context)
            return try await handler.respond(request, context) { bank, call in try await bank.account(id, call) }
        }
        router.get(RouterPath("\(account)/balances")) { request, context in
            let id = try handler.parameter("account", context)
            return try await handler.respond(request, context) { bank, call in try await bank.balances(id, call) }
        }
        router.get(RouterPath("\(account)/transactions")) { request, context in
            let id = try handler.parameter("account", context)
            let items = Dictionary(
                request.uri.queryParameters.map { (String($0.key), String($0.value)) }, uniquingKeysWith: { $1 })
            guard let query = CoreContract.transactionQuery(from: items) else {
                return try handler.failure(.invalidRequest("from/to must be RFC 3339 date-times and offset/limit integers"))
            }
            return try await handler.respond(request, context) { bank, call in try await bank.transactions(id, query, call) }
        }
        router.post(RouterPath("\(account)/transactions")) { request, context in
            let id = try handler.parameter("account", context)
            let body = try await request.body.collect(upTo: 64 * 1024)
            let posting: TransactionPosting
            do {
                posting = try JSONValueDecoder().decode(TransactionPosting.self, fromJSON: body.readableBytesView)
            } catch {
                return try handler.failure(.invalidRequest("the body is not a transaction posting: \(error)"))
            }
            return try await handler.respond(request, context, status: .created) { bank, call in
                try await bank.postTransaction(id, posting, call)
            }
        }
        return router
    }

    private struct Handler<Bank: CoreBank>: Sendable {
        let bank: Bank
        let latency: Duration

        /// Path parameters arrive percent-encoded.
        func parameter(_ name: String, _ context: BasicRequestContext) throws -> String {
            let raw = try context.parameters.require(name)
            return raw.removingPercentEncoding ?? raw
        }

        func respond<Result: Encodable>(
            _ request: Request, _ context: BasicRequestContext, status: HTTPResponse.Status = .ok,
            _ operation: (Bank, CoreRequestContext) async throws -> Result
        ) async throws -> Response {
            if latency > .zero { try await Task.sleep(for: latency) }
            let customer = try parameter("customer", context)
            let accounts = request.uri.queryParameters[CoreContract.accountsParameter[...]].map(String.init)
            let call = CoreRequestContext(
                scope: CoreContract.scope(customerID: customer, accountsParameter: accounts),
                timeout: .seconds(30),
                interactionID: request.headers[.init(CoreContract.interactionHeader)!] ?? ""
            )
            do {
                return try json(try JSONValueEncoder().encode(try await operation(bank, call)), status: status)
            } catch let error as CoreBankError {
                return try failure(error)
            }
        }

        func failure(_ error: CoreBankError) throws -> Response {
            try json(try JSONValueEncoder().encode(error), status: HTTPResponse.Status(code: CoreContract.status(for: error.category)))
        }

        func json(_ value: JSONValue, status: HTTPResponse.Status) throws -> Response {
            Response(
                status: status,
                headers: [.contentType: "application/json"],
                body: ResponseBody(byteBuffer: ByteBuffer(bytes: value.encoded()))
            )
        }
    }
}
