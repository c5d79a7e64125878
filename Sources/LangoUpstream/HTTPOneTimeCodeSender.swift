import AsyncHTTPClient
import Foundation
import LangoJSON
import LangoOAuth
import NIOCore
import NIOHTTP1

/// A ``OneTimeCodeSender`` that hands codes to the bank's notification service over HTTP.
///
/// `POST <url>` with `{"customer_id", "code", "client_name", "purpose": "authorization"}`;
/// the service delivers it (SMS, push) and answers 2xx, optionally with
/// `{"destination": "+254 7•• ••• 678"}` for the page to name. Anything else — another
/// status, no answer within `timeout` — fails the login step with an error page, and the
/// failure is logged.
public struct HTTPOneTimeCodeSender: OneTimeCodeSender {
    private let client: HTTPClient
    private let url: String
    private let timeout: TimeAmount

    public init(client: HTTPClient = .shared, url: String, timeout: Duration = .seconds(5)) {
        self.client = client
        self.url = url
        self.timeout = TimeAmount(timeout)
    }

    public func send(_ code: String, to customer: Customer, approving clientName: String) async throws -> OneTimeCodeNotice {
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        request.headers.add(name: "content-type", value: "application/json")
        let body: JSONValue = [
            "customer_id": .string(customer.id), "code": .string(code), "client_name": .string(clientName), "purpose": "authorization",
        ]
        request.body = .bytes(ByteBuffer(string: body.encodedString(.compact)))
        let response: HTTPClientResponse
        do {
            response = try await client.execute(request, timeout: timeout)
        } catch {
            throw OAuthError.serverError("the one-time code could not be sent: \(error)")
        }
        let answer = try? await response.body.collect(upTo: 64 * 1024)
        guard (200..<300).contains(response.status.code) else {
            throw OAuthError.serverError("the one-time code could not be sent: the notification service answered \(response.status.code)")
        }
        let destination = answer.flatMap { try? JSONValue.parse(Array($0.readableBytesView)) }?["destination"]?.stringValue
        return .sent(destination: destination ?? "your registered phone")
    }
}
