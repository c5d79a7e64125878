import AsyncHTTPClient
import Hummingbird
import HummingbirdTesting
import LangoFraud
import LangoJSON
import LangoPolicy
import LangoUpstream
import Synchronization
import Testing

/// The HTTP fraud hook over a real socket: what the service receives, what it may answer, and
/// what happens when it answers wrongly, fails or takes too long.
@Suite struct HTTPFraudHookTests {
    /// What the scoring service saw, and whether its `/slow` route may answer.
    final class Service: Sendable {
        let requests = Mutex<[ReceivedRequest]>([])
        let released = Mutex(false)
    }

    /// Configured as the gateway's clients are: a refused connection fails at once.
    static let client: HTTPClient = {
        var configuration = HTTPClient.Configuration()
        configuration.redirectConfiguration = .disallow
        configuration.connectionPool.retryConnectionEstablishment = false
        return HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
    }()

    static let facts = FraudFacts(
        interactionID: "i-fraud-1", ruleID: "pay", method: "POST", path: "/pay", customerID: "C0001",
        payment: FraudFacts.Payment(obieBody: Array(#"{"Data": {"Initiation": {"InstructedAmount": {"Amount": "12.00", "Currency": "KES"}}}}"#.utf8)),
        customerIPAddress: "198.51.100.7")

    /// A scoring service: `/score` answers 42 and records the request; `/answer/<n>` answers the
    /// n-th of ``answers``; `/down` 503; `/slow` answers only once the test is over.
    func withService(_ body: @Sendable (Service, String) async throws -> Void) async throws {
        let service = Service()
        let router = Router()
        router.post("/score") { request, _ -> Response in
            let received = try await ReceivedRequest(request)
            service.requests.withLock { $0.append(received) }
            return Response(
                status: .ok, headers: [.contentType: "application/json"],
                body: ResponseBody(byteBuffer: ByteBuffer(string: #"{"score": 42, "reasons": ["new_creditor", "night"]}"#)))
        }
        router.post("/answer/{index}") { _, context -> Response in
            let index = Int(context.parameters.get("index") ?? "") ?? 0
            return Response(status: .ok, body: ResponseBody(byteBuffer: ByteBuffer(string: Self.answers[index].body)))
        }
        router.post("/down") { _, _ in Response(status: .serviceUnavailable) }
        router.post("/slow") { _, _ -> Response in
            while !service.released.withLock({ $0 }) { try await Task.sleep(for: .milliseconds(10)) }
            return Response(status: .ok, body: ResponseBody(byteBuffer: ByteBuffer(string: #"{"score": 0}"#)))
        }
        try await Application(router: router).test(.live) { client in
            defer { service.released.withLock { $0 = true } }
            try await body(service, "http://127.0.0.1:\(client.port!)")
        }
    }

    @Test func postsTheFactsAndReadsTheScore() async throws {
        try await withService { service, base in
            let assessment = try await HTTPFraudHook(client: Self.client, url: base + "/score", timeout: patientTimeout).assess(Self.facts)
            #expect(assessment == (try FraudAssessment(score: 42, reasons: ["new_creditor", "night"])))
            let received = try #require(service.requests.withLock { $0.first })
            #expect(try JSONValue.parse(received.body) == Self.facts.json)
            #expect(received.headers["content-type"] == "application/json")
            #expect(received.headers["x-fapi-interaction-id"] == "i-fraud-1")
            #expect(received.headers["authorization"] == nil, "no credentials unless configured")

            _ = try await HTTPFraudHook(client: Self.client, url: base + "/score", authorization: "Bearer r1sk", timeout: patientTimeout).assess(Self.facts)
            #expect(service.requests.withLock { $0.last?.headers["authorization"] } == "Bearer r1sk")
        }
    }

    /// Answers the service may give, and what the hook makes of them.
    static let answers: [(body: String, result: String)] = [
        (#"{"score": 0}"#, "0"),
        (#"{"score": 100, "reasons": []}"#, "100"),
        ("not json", "the fraud hook's answer is not valid: the body is not JSON"),
        (#"[{"score": 1}]"#, #"the fraud hook's answer is not valid: expected an object with "score" and "reasons", found array"#),
        (#"{"score": 5, "verdict": "allow"}"#, #"the fraud hook's answer is not valid: unknown member "verdict": the answer has only "score" and "reasons""#),
        (#"{"score": "5"}"#, #"the fraud hook's answer is not valid: "score" must be an integer from 0 to 100, found string"#),
        (#"{"score": 5.5}"#, #"the fraud hook's answer is not valid: "score" must be an integer from 0 to 100, found number"#),
        (#"{"reasons": []}"#, #"the fraud hook's answer is not valid: "score" must be an integer from 0 to 100, found nothing"#),
        (#"{"score": 101}"#, "the fraud hook's answer is not valid: the score 101 is outside 0...100"),
        (#"{"score": 5, "reasons": "late"}"#, #"the fraud hook's answer is not valid: "reasons" must be an array of strings"#),
        (#"{"score": 5, "reasons": ["a", 7]}"#, #"the fraud hook's answer is not valid: "reasons" must be an array of strings"#),
    ]

    @Test func answersAreReadStrictly() async throws {
        try await withService { _, base in
            for (index, answer) in Self.answers.enumerated() {
                let hook = HTTPFraudHook(client: Self.client, url: base + "/answer/\(index)", timeout: patientTimeout)
                do {
                    let assessment = try await hook.assess(Self.facts)
                    #expect("\(assessment.score)" == answer.result, "\(answer.body)")
                } catch {
                    #expect("\(error)".hasPrefix(answer.result), "\(answer.body): \(error)")
                }
            }
        }
    }

    @Test func aFailingOrUnreachableServiceIsAnError() async throws {
        try await withService { _, base in
            await #expect(throws: FraudHookError.unavailable("\(base)/down answered 503")) {
                try await HTTPFraudHook(client: Self.client, url: base + "/down", timeout: patientTimeout).assess(Self.facts)
            }
        }
        let refused = await HTTPFraudHook(client: Self.client, url: "http://127.0.0.1:9/score").outcome(for: Self.facts, within: .seconds(60))
        guard case .failed(let reason) = refused else {
            Issue.record("a refused connection is a failed outcome, got \(refused)")
            return
        }
        #expect(reason.contains("cannot reach http://127.0.0.1:9/score"), "\(reason)")
    }

    @Test func aSlowServiceTimesOut() async throws {
        try await withService { _, base in
            let hook = HTTPFraudHook(client: Self.client, url: base + "/slow")
            // Under the rule's timeout, the runner gives up and cancels the call.
            #expect(await hook.outcome(for: Self.facts, within: .milliseconds(100)) == .timedOut)
            // Called without one, the hook's own deadline ends the call.
            let bounded = HTTPFraudHook(client: Self.client, url: base + "/slow", timeout: .milliseconds(100))
            await #expect(throws: FraudHookError.unavailable("the upstream did not answer within 0.1 seconds")) {
                try await bounded.assess(Self.facts)
            }
        }
    }
}
