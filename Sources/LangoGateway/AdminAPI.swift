import Foundation
import HTTPTypes
import Hummingbird
import LangoCrypto
import LangoIdentity
import LangoJSON
import LangoOAuth
import LangoPayments
import LangoWebhooks

/// The admin API, on the admin listener: OAuth client registrations, client secrets, token
/// signing keys, apps' webhook endpoints and payment reconciliation, for operators' tools, the
/// developer portal and the bank's back office. What `lango apps oauth`, `lango apps
/// rotate-secret`, `lango keys rotate-signing`, `lango webhooks` and `lango payments reconcile`
/// do, over HTTP.
///
/// Every request needs `Authorization: Bearer <admin token>` (`LANGO_ADMIN_TOKEN`, at least 32
/// characters); without a configured token the API answers 503 and does nothing.
struct AdminAPI: Sendable {
    static let tokenVariable = "LANGO_ADMIN_TOKEN"
    static let maximumBodyBytes = 256 * 1024

    /// The admin token's bytes; `nil` when none is configured.
    let token: [UInt8]?
    let registry: ClientRegistry
    let clients: any OAuthClientStore
    let keys: SigningKeyManager
    let identity: any IdentityStore
    /// Apps' webhook endpoints; `nil` when the gateway sends no webhooks.
    let webhooks: WebhookRegistry?
    /// Records reconciled payments; `nil` when the gateway takes no payments.
    let payments: PaymentReconciler?

    func add(to router: Router<BasicRequestContext>) {
        router.get("/admin/v1/apps/:app/oauth-client") { request, context in
            try await guarded(request) {
                let app = try context.parameters.require("app")
                guard let client = try await clients.client(id: app) else {
                    return Self.problem(.notFound, "app \(app) is not an OAuth client")
                }
                return jsonResponse(Self.representation(of: client))
            }
        }
        router.put("/admin/v1/apps/:app/oauth-client") { request, context in
            try await guarded(request) {
                let app = try context.parameters.require("app")
                let body = try await Self.body(of: request)
                let client = try Self.client(app, from: body)
                return jsonResponse(Self.representation(of: try await registry.register(client)))
            }
        }
        router.post("/admin/v1/apps/:app/oauth-client/secrets") { request, context in
            try await guarded(request) {
                let app = try context.parameters.require("app")
                let body = try await Self.body(of: request, emptyAllowed: true)
                let overlap = try Self.object(body, fields: ["overlap_s"])["overlap_s"].map { value -> Int in
                    guard let seconds = value.integerValue, (0...2_592_000).contains(seconds) else {
                        throw AdminError("overlap_s must be 0 to 2592000 seconds")
                    }
                    return Int(seconds)
                } ?? 86_400
                let (secret, record) = try await registry.rotateSecret(clientID: app, overlap: .seconds(overlap))
                return jsonResponse(
                    ["client_id": .string(app), "client_secret": .string(secret), "secret_id": .string(record.id)], status: .created,
                    headers: [.cacheControl: "no-store"])
            }
        }
        router.post("/admin/v1/signing-keys/rotate") { request, _ in
            try await guarded(request) {
                let record = try await keys.rotate()
                return jsonResponse(
                    [
                        "kid": .string(record.keyID), "algorithm": .string(record.algorithm.rawValue),
                        "active_from": .string(ISO8601.format(record.activeFrom)),
                    ], status: .created)
            }
        }
        if let webhooks { addWebhooks(webhooks, to: router) }
        if let payments { addPayments(payments, to: router) }
    }

    /// Runs `body` for a request carrying the admin token, turning refusals into answers.
    func guarded(_ request: Request, _ body: () async throws -> Response) async throws -> Response {
        guard let token else {
            return Self.problem(.serviceUnavailable, "the admin API is off: set \(Self.tokenVariable) (32 characters or more)")
        }
        let presented = request.headers[.authorization].flatMap(GatewayPipeline.bearerToken).map { Array($0.utf8) } ?? []
        guard ConstantTime.equals(presented, token) else {
            return Self.problem(.unauthorized, "the admin token is missing or wrong", headers: [.wwwAuthenticate: #"Bearer realm="lango-admin""#])
        }
        do {
            return try await body()
        } catch let error as AdminError {
            return Self.problem(.badRequest, error.message)
        } catch let error as IdentityError {
            return Self.problem(.badRequest, "\(error)")
        } catch let error as WebhookError {
            return Self.problem(error.isNotFound ? .notFound : .badRequest, "\(error)")
        } catch let error as PaymentReconciliationError {
            let status: HTTPResponse.Status =
                switch error.category {
                case .unknown: .notFound
                case .conflict: .conflict
                case .invalid: .badRequest
                }
            return Self.problem(status, "\(error)")
        }
    }

    /// A refused admin request, with what to fix.
    struct AdminError: Error {
        let message: String
        init(_ message: String) { self.message = message }
    }

    static func body(of request: Request, emptyAllowed: Bool = false) async throws -> JSONValue {
        let buffer: ByteBuffer
        do {
            buffer = try await request.body.collect(upTo: maximumBodyBytes)
        } catch {
            throw AdminError("the body is larger than \(maximumBodyBytes) bytes")
        }
        if buffer.readableBytes == 0, emptyAllowed { return [:] }
        do {
            return try JSONValue.parse(buffer.readableBytesView)
        } catch {
            throw AdminError("the body is not JSON: \(error)")
        }
    }

    /// `value` as an object whose members are all among `fields`.
    static func object(_ value: JSONValue, fields: Set<String>) throws -> JSONObject {
        guard let object = value.objectValue else { throw AdminError("the body must be a JSON object") }
        for key in object.orderedKeys where !fields.contains(key) {
            throw AdminError("unknown field \"\(key)\" (fields: \(fields.sorted().joined(separator: ", ")))")
        }
        return object
    }

    static func strings(_ object: JSONObject, _ field: String) throws -> [String] {
        guard let value = object[field] else { return [] }
        guard let values = value.arrayValue, case let strings = values.compactMap(\.stringValue), strings.count == values.count else {
            throw AdminError("\(field) must be an array of strings")
        }
        return strings
    }

    static func client(_ app: String, from body: JSONValue) throws -> OAuthClient {
        let object = try object(body, fields: ["auth", "jwks", "scopes", "grants", "redirect_uris"])
        guard let auth = object["auth"]?.stringValue.flatMap(ClientAuthenticationMethod.init(rawValue:)) else {
            throw AdminError("auth must be client_secret or private_key_jwt")
        }
        let grantNames = try strings(object, "grants")
        let grants = try grantNames.map { name in
            guard let grant = GrantType(rawValue: name) else { throw AdminError("unknown grant \"\(name)\"") }
            return grant
        }
        return OAuthClient(
            clientID: app, authenticationMethod: auth, keySet: object["jwks"], redirectURIs: try strings(object, "redirect_uris"),
            scopes: try strings(object, "scopes"), grantTypes: grants.isEmpty ? OAuthClient.defaultGrantTypes : grants)
    }

    static func representation(of client: OAuthClient) -> JSONValue {
        var members: [(String, JSONValue)] = [
            ("client_id", .string(client.clientID)), ("auth", .string(client.authenticationMethod.rawValue)),
            ("scopes", .array(client.scopes.map(JSONValue.string))), ("grants", .array(client.grantTypes.map { .string($0.rawValue) })),
            ("redirect_uris", .array(client.redirectURIs.map(JSONValue.string))),
        ]
        if let keySet = client.keySet { members.append(("jwks", keySet)) }
        return .object(JSONObject(members))
    }

    static func problem(_ status: HTTPResponse.Status, _ message: String, headers: HTTPFields = [:]) -> Response {
        jsonResponse(["status": .integer(Int64(status.code)), "message": .string(message)], status: status, headers: headers)
    }
}
