import AsyncHTTPClient
import Foundation
import Hummingbird
import HummingbirdTesting
import LangoJSON
import LangoOAuth
import LangoUpstream
import Synchronization
import Testing

/// One-time codes handed to a notification service over a real socket.
@Suite struct HTTPOneTimeCodeSenderTests {
    static let customer = Customer(id: "C0001", name: "Wanjiru Kamau", passwordHash: "unused")

    final class Received: Sendable {
        let values = Mutex<[JSONValue]>([])
    }

    /// Serves a notification service answering `status` and `body`; `body(received, url)` runs against it.
    func withService(
        status: HTTPResponse.Status, answer: String, _ body: @Sendable (Received, String) async throws -> Void
    ) async throws {
        let received = Received()
        let router = Router()
        router.post("/notify") { request, _ -> Response in
            let bytes = try await request.body.collect(upTo: 4096)
            let value = try JSONValue.parse(Array(bytes.readableBytesView))
            received.values.withLock { $0.append(value) }
            return Response(status: status, body: ResponseBody(byteBuffer: ByteBuffer(string: answer)))
        }
        try await Application(router: router).test(.live) { client in
            try await body(received, "http://127.0.0.1:\(client.port!)/notify")
        }
    }

    @Test func sendsTheCodeAndNamesWhereItWent() async throws {
        try await withService(status: .ok, answer: #"{"destination": "+254 7•• ••• 678"}"#) { received, url in
            // A generous deadline: on a loaded machine the default 5 s is not a test of anything.
            let notice = try await HTTPOneTimeCodeSender(url: url, timeout: .seconds(60)).send("123456", to: Self.customer, approving: "Fintech")
            #expect(notice == .sent(destination: "+254 7•• ••• 678"))
            #expect(received.values.withLock { $0 } == [["customer_id": "C0001", "code": "123456", "client_name": "Fintech", "purpose": "authorization"]])
        }
    }

    @Test func aServiceFailureFailsTheStep() async throws {
        try await withService(status: .serviceUnavailable, answer: "") { _, url in
            await #expect(throws: OAuthError.self) {
                try await HTTPOneTimeCodeSender(url: url, timeout: .seconds(60)).send("123456", to: Self.customer, approving: "Fintech")
            }
        }
        await #expect(throws: OAuthError.self) {
            try await HTTPOneTimeCodeSender(url: "http://127.0.0.1:9/notify", timeout: .seconds(2)).send("1", to: Self.customer, approving: "x")
        }
    }
}
