import AsyncHTTPClient
import LangoFraud
import LangoJSON
import LangoPolicy
import NIOCore
import NIOHTTP1

/// A ``LangoFraud/FraudHook`` that asks a fraud or risk service over HTTP, through a pooled
/// AsyncHTTPClient.
///
/// `POST <url>` with the facts as JSON (``LangoFraud/FraudFacts/json``, `x-fapi-interaction-id`
/// as a header too); the service answers 2xx with `{"score": 0...100, "reasons": ["..."]}`
/// (`reasons` may be left out). The answer is read strictly: another status, a body that is not
/// that object (unknown members included), or no answer is a ``LangoFraud/FraudHookError``, and
/// the rule's fail mode decides. The gateway's runner stops waiting at the rule's `timeout_ms`
/// and cancels the call; `timeout` only bounds a call made without it.
public struct HTTPFraudHook: FraudHook {
    private let client: HTTPClient
    private let url: String
    private let authorization: String?
    private let timeout: Duration
    private static let maxAnswerBytes = 64 * 1024

    /// `url` is the service's scoring endpoint, such as `https://risk.bank.internal/v1/score`;
    /// `authorization`, when given, is sent as the `Authorization` header of every call.
    public init(
        client: HTTPClient, url: String, authorization: String? = nil, timeout: Duration = .milliseconds(FraudRequirement.timeouts.upperBound)
    ) {
        self.client = client
        self.url = url
        self.authorization = authorization
        self.timeout = timeout
    }

    public func assess(_ facts: FraudFacts) async throws -> FraudAssessment {
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        request.headers.add(name: "content-type", value: "application/json")
        request.headers.add(name: "accept", value: "application/json")
        request.headers.add(name: "x-fapi-interaction-id", value: facts.interactionID)
        if let authorization { request.headers.add(name: "authorization", value: authorization) }
        request.body = .bytes(ByteBuffer(bytes: facts.json.encoded()))
        let status: HTTPResponseStatus
        let body: ByteBuffer
        do {
            let response = try await client.execute(request, timeout: TimeAmount(timeout))
            status = response.status
            body = try await response.body.collect(upTo: Self.maxAnswerBytes)
        } catch {
            throw FraudHookError.unavailable(UpstreamError.classifying(error, limit: timeout, upstream: url).description)
        }
        guard (200..<300).contains(status.code) else {
            throw FraudHookError.unavailable("\(url) answered \(status.code)")
        }
        return try Self.assessment(from: body.readableBytesView)
    }

    /// Reads `{"score": n, "reasons": ["..."]}` and nothing else.
    static func assessment(from body: some Collection<UInt8>) throws(FraudHookError) -> FraudAssessment {
        let answer: JSONValue
        do {
            answer = try JSONValue.parse(body)
        } catch {
            throw .invalidAnswer("the body is not JSON (\(error))")
        }
        guard let object = answer.objectValue else {
            throw .invalidAnswer("expected an object with \"score\" and \"reasons\", found \(answer.typeName)")
        }
        if let unknown = object.orderedKeys.first(where: { !["score", "reasons"].contains($0) }) {
            throw .invalidAnswer("unknown member \"\(unknown)\": the answer has only \"score\" and \"reasons\"")
        }
        guard case .integer(let number)? = object["score"], let score = Int(exactly: number) else {
            throw .invalidAnswer("\"score\" must be an integer from 0 to 100, found \(object["score"]?.typeName ?? "nothing")")
        }
        var reasons: [String] = []
        if let listed = object["reasons"] {
            guard let elements = listed.arrayValue else { throw .invalidAnswer("\"reasons\" must be an array of strings") }
            for element in elements {
                guard let reason = element.stringValue else { throw .invalidAnswer("\"reasons\" must be an array of strings") }
                reasons.append(reason)
            }
        }
        return try FraudAssessment(score: score, reasons: reasons)
    }
}
