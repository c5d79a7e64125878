import Foundation
import LangoJSON
import LangoScriptTesting
import LangoWebhooks
import Testing

/// Webhook signing as the Standard Webhooks specification has it, checked against its
/// published example and against its reference Python library.
struct WebhookSignatureTests {
    @Test func secretsAreWhsecAndBase64AndNeverPrinted() throws {
        let secret = WebhookSecret.generate()
        #expect(secret.encoded.hasPrefix("whsec_"))
        #expect(secret.key.count == 24)
        #expect(WebhookSecret(encoded: secret.encoded) == secret)
        #expect(WebhookSecret(encoded: String(secret.encoded.dropFirst(6))) == secret, "the prefix is optional when reading")
        #expect(WebhookSecret.generate() != secret)
        #expect("\(secret)" == "whsec_…")
        for bad in ["whsec_", "whsec_not base64!", "whsec_" + Data(count: 8).base64EncodedString(), "whsec_" + Data(count: 65).base64EncodedString()] {
            #expect(WebhookSecret(encoded: bad) == nil, "\(bad)")
        }
    }

    @Test func matchesTheSpecificationsExample() throws {
        let secret = try #require(WebhookSecret(encoded: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"))
        let signature = WebhookSignature.sign(
            id: "msg_p5jXN8AQM9LWM0D4loKWxJek", timestamp: 1_614_265_330, body: Array(#"{"test": 2432232314}"#.utf8), secret: secret)
        #expect(signature == "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=")
    }

    @Test func aRotatingEndpointGetsOneSignatureASecretAndEitherVerifies() throws {
        let (current, previous) = (WebhookSecret.generate(), WebhookSecret.generate())
        let now = Date(timeIntervalSince1970: 1_800_000_000.7)
        let body = Array(#"{"type":"payment.completed"}"#.utf8)
        let headers = WebhookSignature.headers(id: "msg_1", timestamp: now, body: body, secrets: [current, previous])
        #expect(headers.map(\.0) == ["webhook-id", "webhook-timestamp", "webhook-signature"])
        #expect(headers[1].1 == "1800000000", "whole seconds")
        #expect(headers[2].1.split(separator: " ").count == 2)
        for secret in [current, previous] {
            try WebhookSignature.verify(id: "msg_1", timestamp: headers[1].1, signatures: headers[2].1, body: body, secret: secret, now: now)
        }
        #expect(throws: WebhookVerificationError.noMatchingSignature) {
            try WebhookSignature.verify(
                id: "msg_1", timestamp: headers[1].1, signatures: headers[2].1, body: body, secret: .generate(), now: now)
        }
        #expect(throws: WebhookVerificationError.noMatchingSignature) {
            try WebhookSignature.verify(
                id: "msg_2", timestamp: headers[1].1, signatures: headers[2].1, body: body, secret: current, now: now)
        }
        #expect(throws: WebhookVerificationError.timestampOutOfTolerance) {
            try WebhookSignature.verify(
                id: "msg_1", timestamp: headers[1].1, signatures: headers[2].1, body: body, secret: current, now: now.addingTimeInterval(301))
        }
        #expect(throws: WebhookVerificationError.malformedTimestamp) {
            try WebhookSignature.verify(id: "msg_1", timestamp: "soon", signatures: headers[2].1, body: body, secret: current, now: now)
        }
    }

    @Test func theReferencePythonLibraryAgreesBothWays() async throws {
        let secrets = (0..<3).map { _ in WebhookSecret.generate() }
        let now = Date()
        var cases: [JSONValue] = []
        var expected: [JSONValue] = []
        for (index, secret) in secrets.enumerated() {
            let body = #"{"id":"evt_\#(index)","amount":"12.50","note":"naïve café ✓"}"#
            let id = "msg_\(index)"
            let headers = WebhookSignature.headers(id: id, timestamp: now, body: Array(body.utf8), secrets: [secret, secrets[(index + 1) % 3]])
            let headerObject = JSONValue.object(JSONObject(headers.map { ($0.0, JSONValue.string($0.1)) }))
            // Ours verified by theirs, with the current and with the previous secret…
            for verifier in [secret, secrets[(index + 1) % 3]] {
                cases.append(["op": "verify", "secret": .string(verifier.encoded), "headers": headerObject, "body": .string(body)])
                expected.append(["verified": true])
            }
            // …a changed body refused…
            cases.append(["op": "verify", "secret": .string(secret.encoded), "headers": headerObject, "body": .string(body + " ")])
            expected.append(.null)
            // …and theirs equal to ours.
            cases.append([
                "op": "sign", "secret": .string(secret.encoded), "id": .string(id),
                "timestamp": .integer(Int64(now.timeIntervalSince1970.rounded(.down))), "body": .string(body),
            ])
            expected.append([
                "signature": .string(
                    WebhookSignature.sign(id: id, timestamp: Int64(now.timeIntervalSince1970.rounded(.down)), body: Array(body.utf8), secret: secret)),
            ])
        }
        let outcome = try await RepositoryScript.runPython("standard-webhooks.py", input: Data(JSONValue.object(["cases": .array(cases)]).encodedString(.compact).utf8))
        #expect(outcome.status == 0, "\(outcome.errors)")
        let answers = try JSONValue.parse(outcome.output)["answers"]?.arrayValue ?? []
        #expect(answers.count == expected.count)
        for (answer, wanted) in zip(answers, expected) {
            if wanted == .null {
                #expect(answer["verified"] == false, "a changed body must not verify: \(answer)")
            } else {
                #expect(answer == wanted)
            }
        }
    }
}
