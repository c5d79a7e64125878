import Foundation
import Hummingbird
import LangoIdentity
import LangoJSON
import LangoPolicy
import LangoWebhooks

/// The admin API's webhook routes: what `lango webhooks` does, over HTTP.
///
/// | route | does |
/// |---|---|
/// | `POST /admin/v1/apps/{app}/webhooks` `{"url", "events": [...]}` | registers an endpoint; 201 with its `secret`, shown once |
/// | `GET /admin/v1/apps/{app}/webhooks` | the app's endpoints (never their secrets) |
/// | `POST /admin/v1/webhooks/{endpoint}/secrets` `{"overlap_s"?}` | a new secret (201); the old one signs beside it for the overlap (default a day) |
/// | `POST /admin/v1/webhooks/{endpoint}/enable`, `…/disable` | turns delivery on or off |
/// | `GET /admin/v1/apps/{app}/webhook-dead-letters` | messages whose every attempt failed, or whose endpoint was disabled |
/// | `POST /admin/v1/webhook-messages/{message}/replay` | sends a dead letter again |
extension AdminAPI {
    func addWebhooks(_ webhooks: WebhookRegistry, to router: Router<BasicRequestContext>) {
        router.post("/admin/v1/apps/:app/webhooks") { request, context in
            try await guarded(request) {
                let appID = try context.parameters.require("app")
                guard let app = try await identity.app(id: appID) else { return Self.problem(.notFound, "no app \(appID)") }
                let object = try Self.object(try await Self.body(of: request), fields: ["url", "events"])
                guard let url = object["url"]?.stringValue else { throw AdminError("url must be a string") }
                let events = try Self.strings(object, "events").map { name in
                    guard let type = WebhookEventType(rawValue: name) else {
                        throw AdminError(
                            "unknown event type \"\(name)\" (types: \(WebhookEventType.allCases.map(\.rawValue).joined(separator: ", ")))")
                    }
                    return type
                }
                let (endpoint, secret) = try await webhooks.register(
                    appID: app.id, url: url, eventTypes: events, production: app.environment != .sandbox)
                var answer = Self.representation(of: endpoint)
                answer["secret"] = .string(secret.encoded)
                return jsonResponse(.object(answer), status: .created, headers: [.cacheControl: "no-store"])
            }
        }
        router.get("/admin/v1/apps/:app/webhooks") { request, context in
            try await guarded(request) {
                let endpoints = try await webhooks.store.endpoints(appID: try context.parameters.require("app"))
                return jsonResponse(["endpoints": .array(endpoints.map { .object(Self.representation(of: $0)) })])
            }
        }
        router.post("/admin/v1/webhooks/:endpoint/secrets") { request, context in
            try await guarded(request) {
                let object = try Self.object(try await Self.body(of: request, emptyAllowed: true), fields: ["overlap_s"])
                let overlap = try object["overlap_s"].map { value -> Int in
                    guard let seconds = value.integerValue, (0...2_592_000).contains(seconds) else {
                        throw AdminError("overlap_s must be 0 to 2592000 seconds")
                    }
                    return Int(seconds)
                } ?? 86_400
                let secret = try await webhooks.rotateSecret(endpointID: try context.parameters.require("endpoint"), overlap: .seconds(overlap))
                return jsonResponse(["secret": .string(secret.encoded)], status: .created, headers: [.cacheControl: "no-store"])
            }
        }
        for (action, enabled) in [("enable", true), ("disable", false)] {
            router.post("/admin/v1/webhooks/:endpoint/\(action)") { request, context in
                try await guarded(request) {
                    let endpoint = try await webhooks.setEnabled(enabled, endpointID: try context.parameters.require("endpoint"))
                    return jsonResponse(.object(Self.representation(of: endpoint)))
                }
            }
        }
        router.get("/admin/v1/apps/:app/webhook-dead-letters") { request, context in
            try await guarded(request) {
                let messages = try await webhooks.deadLetters(appID: try context.parameters.require("app"))
                return jsonResponse(["messages": .array(messages.map(Self.representation(of:)))])
            }
        }
        router.post("/admin/v1/webhook-messages/:message/replay") { request, context in
            try await guarded(request) {
                let message = try await webhooks.replay(messageID: try context.parameters.require("message"))
                return jsonResponse(Self.representation(of: message))
            }
        }
    }

    static func representation(of endpoint: WebhookEndpoint) -> JSONObject {
        var object: JSONObject = [
            "id": .string(endpoint.id), "app_id": .string(endpoint.appID), "url": .string(endpoint.url),
            "events": .array(endpoint.eventTypes.map { .string($0.rawValue) }), "created_at": .string(ISO8601.format(endpoint.createdAt)),
        ]
        switch endpoint.status {
        case .enabled: object["status"] = "enabled"
        case .disabled(let reason, let at):
            object["status"] = "disabled"
            object["disabled_reason"] = .string(reason)
            object["disabled_at"] = .string(ISO8601.format(at))
        }
        return object
    }

    static func representation(of message: WebhookMessage) -> JSONValue {
        var object: JSONObject = [
            "id": .string(message.id), "endpoint_id": .string(message.endpointID), "event": .string(message.eventType.rawValue),
            "state": .string(message.state.rawValue), "attempts": .integer(Int64(message.attempts)),
            "created_at": .string(ISO8601.format(message.createdAt)),
        ]
        object["last_error"] = message.lastError.map(JSONValue.string)
        return .object(object)
    }
}
