import AsyncHTTPClient
import Foundation
import LangoBank
import LangoJSON
import NIOCore
import NIOHTTP1

/// ``CoreBank`` over HTTP: calls a core-banking service that speaks ``CoreContract``
/// (such as `lango core-sim`), through a pooled, keep-alive AsyncHTTPClient.
///
/// Each call gets the rule's timeout as its deadline: no answer in time is
/// ``CoreBankError/timeout(_:)``; a refused or broken connection, a 5xx or an unreadable
/// body is ``CoreBankError/unavailable(_:)``. Error bodies from the core carry the
/// original ``CoreBankError`` and are rethrown as such.
public struct HTTPCoreBank: CoreBank {
    private let client: HTTPClient
    private let baseURL: String
    private let authorization: String?
    private static let maxResponseBytes = 16 * 1024 * 1024

    /// `baseURL` is the core's root, such as `http://127.0.0.1:9090`; `authorization`, when
    /// given, is sent as the `Authorization` header of every call.
    public init(client: HTTPClient, baseURL: String, authorization: String? = nil) {
        self.client = client
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        self.authorization = authorization
    }

    public func party(_ context: CoreRequestContext) async throws -> Party {
        try await call(.GET, CoreContract.partyPath(customerID: context.scope.customerID), context)
    }

    public func accounts(_ context: CoreRequestContext) async throws -> [Account] {
        try await call(.GET, CoreContract.accountsPath(customerID: context.scope.customerID), context)
    }

    public func account(_ id: String, _ context: CoreRequestContext) async throws -> Account {
        try await call(.GET, CoreContract.accountPath(customerID: context.scope.customerID, accountID: id), context)
    }

    public func balances(_ accountID: String, _ context: CoreRequestContext) async throws -> [Balance] {
        try await call(.GET, CoreContract.balancesPath(customerID: context.scope.customerID, accountID: accountID), context)
    }

    public func transactions(_ accountID: String, _ query: TransactionQuery, _ context: CoreRequestContext) async throws
        -> TransactionPage
    {
        let path = CoreContract.transactionsPath(customerID: context.scope.customerID, accountID: accountID)
        return try await call(.GET, path, context, query: CoreContract.queryItems(for: query))
    }

    public func postTransaction(_ accountID: String, _ posting: TransactionPosting, _ context: CoreRequestContext)
        async throws -> Transaction
    {
        let path = CoreContract.transactionsPath(customerID: context.scope.customerID, accountID: accountID)
        return try await call(.POST, path, context, body: try JSONValueEncoder().encodeJSON(posting))
    }

    private func call<Response: Decodable>(
        _ method: HTTPMethod, _ path: String, _ context: CoreRequestContext,
        query: [(String, String)] = [], body: [UInt8]? = nil
    ) async throws -> Response {
        var request = HTTPClientRequest(url: baseURL + path + CoreContract.queryString(query + CoreContract.scopeItems(context.scope)))
        request.method = method
        request.headers.add(name: "accept", value: "application/json")
        request.headers.add(name: CoreContract.interactionHeader, value: context.interactionID)
        if let authorization { request.headers.add(name: "authorization", value: authorization) }
        if let body {
            request.headers.add(name: "content-type", value: "application/json")
            request.body = .bytes(ByteBuffer(bytes: body))
        }
        let deadline = NIODeadline.now() + TimeAmount(context.timeout)
        let bytes: ByteBuffer
        let status: HTTPResponseStatus
        do {
            let response = try await client.execute(request, deadline: deadline)
            status = response.status
            bytes = try await response.body.collect(upTo: Self.maxResponseBytes)
        } catch {
            let failure = UpstreamError.classifying(error, limit: context.timeout, upstream: baseURL)
            throw failure.isTimeout ? CoreBankError.timeout(context.timeout) : CoreBankError.unavailable(failure.description)
        }
        let json: JSONValue
        do {
            json = try JSONValue.parse(bytes.readableBytesView)
        } catch {
            throw CoreBankError.unavailable("the core answered \(status.code) with a body that is not JSON: \(error)")
        }
        guard (200..<300).contains(status.code) else {
            if let error = try? JSONValueDecoder(rejectUnknownFields: false).decode(CoreBankError.self, from: json) {
                throw error
            }
            throw CoreBankError.unavailable("the core answered \(status.code)")
        }
        do {
            return try JSONValueDecoder(rejectUnknownFields: false).decode(Response.self, from: json)
        } catch {
            throw CoreBankError.unavailable("the core's \(Response.self) does not match the contract: \(error)")
        }
    }
}
