import Foundation
import HTTPTypes
import Hummingbird
import LangoIdentity
import LangoOAuth
import LangoPolicy
import LangoURI
import Logging

/// The authorization endpoint and the customer's pages behind it. Every step is a form post
/// answered with a redirect to the page of where the interaction now stands (or to the
/// client), so reloading a page never posts a form twice.
extension AuthorizationServerRoutes {
    func addAuthorizationPages<Context: RemoteAddressRequestContext>(to router: Router<Context>) {
        router.get(RouterPath(Self.authorizationPath)) { request, _ in
            await page(request) {
                guard let query = FormEncoding.parse(Array((request.uri.query ?? "").utf8)) else {
                    throw OAuthError.invalidRequest("the query is not well-formed")
                }
                return try await authorization.authorize(try TokenEndpoint.parameters(query))
            }
        }
        router.post(RouterPath(Self.authorizationPath)) { request, _ in
            await page(request) { try await authorization.authorize(try TokenEndpoint.parameters(try await Self.form(request))) }
        }
        router.get(RouterPath(Self.continuePath)) { request, _ in
            let id = request.uri.queryParameters["interaction"].map(String.init) ?? ""
            return await page(request, rendering: true) {
                try await authorization.current(id: id, browserSecret: Self.browserSecret(request, interaction: id))
            }
        }
        router.get(RouterPath(AuthorizationPages.scriptPath)) { _, _ in
            Response(
                status: .ok, headers: [.contentType: "text/javascript; charset=utf-8", .cacheControl: "max-age=300"],
                body: ResponseBody(byteBuffer: ByteBuffer(string: AuthorizationPages.script)))
        }
        // Account checkboxes repeat `account`; every other field may appear once.
        let actions: [(String, @Sendable ([String: String], [String]) -> AuthorizationEndpoint.Submission.Action?)] = [
            (AuthorizationPages.loginPath, { form, _ in
                form["customer_id"].flatMap { id in form["password"].map { .logIn(customerID: id.trimmingCharacters(in: .whitespaces), password: $0) } }
            }),
            (AuthorizationPages.confirmPath, { form, _ in form["code"].map { .confirm(code: $0.trimmingCharacters(in: .whitespaces)) } }),
            (AuthorizationPages.decisionPath, { form, accounts in
                switch form["decision"] {
                case "approve": .approve(accountIDs: accounts)
                case "deny": .deny
                default: nil
                }
            }),
        ]
        for (path, action) in actions {
            router.post(RouterPath(path)) { request, context in
                await page(request) {
                    let fields = try await Self.form(request)
                    let form = try TokenEndpoint.parameters(fields.filter { $0.name != "account" })
                    let accounts = fields.filter { $0.name == "account" }.map(\.value)
                    let id = form["interaction"] ?? ""
                    guard let action = action(form, accounts) else { throw OAuthError.invalidRequest("the form is incomplete") }
                    return try await authorization.submit(
                        .init(
                            interactionID: id, browserSecret: Self.browserSecret(request, interaction: id), formToken: form["form_token"],
                            // The peer's IP for the consent's audit trail: a header the browser sends could say anything.
                            action: action, address: context.remoteAddress?.ipAddress))
                }
            }
        }
    }

    /// Answers a step: the page itself when `rendering`, else a redirect to it (setting the
    /// browser's cookie when the interaction has just started); a redirect to the client; or
    /// the error page.
    func page(_ request: Request, rendering: Bool = false, _ step: () async throws -> AuthorizationStep) async -> Response {
        do {
            switch try await step() {
            case .show(let interaction, let browserSecret):
                if rendering, interaction.request.isCustomerSignIn, case .decision = interaction.stage {
                    // Signed in: back to the page the customer came for.
                    var headers = Self.pageHeaders
                    headers[.location] = interaction.request.redirectURI
                    return Response(status: .seeOther, headers: headers)
                }
                if rendering {
                    let intent = try await authorization.intentDecision(for: interaction)
                    let app = intent == nil ? nil : try await identity.app(id: interaction.request.clientID)
                    // The page's forms are answered by a redirect to the client, and browsers
                    // hold that redirect to form-action too: the client's origin must be allowed.
                    return html(
                        pages.page(for: interaction, intent: intent, app: app), status: .ok,
                        formTargets: Self.origin(of: interaction.request.redirectURI))
                }
                var headers = Self.pageHeaders
                headers[.location] = Self.continuePath + "?" + PercentEncoding.query([("interaction", interaction.id)])
                if let browserSecret {
                    let secure = issuer.url.hasPrefix("https:") ? "; Secure" : ""
                    let attributes = "Max-Age=\(AuthorizationInteraction.lifetime.components.seconds); HttpOnly; SameSite=Lax\(secure)"
                    headers.append(
                        HTTPField(name: .setCookie, value: "\(Self.cookieName(interaction.id))=\(browserSecret); Path=\(Self.authorizationPath); \(attributes)"))
                    if interaction.request.isCustomerSignIn {
                        // The session cookie of the customer's pages, under their own path.
                        headers.append(
                            HTTPField(
                                name: .setCookie,
                                value: "\(CustomerConsentPages.sessionCookie)=\(interaction.id).\(browserSecret); Path=\(CustomerConsentPages.basePath); \(attributes)"))
                    }
                }
                return Response(status: .seeOther, headers: headers)
            case .redirect(let url):
                var headers = Self.pageHeaders
                headers[.location] = url
                return Response(status: .seeOther, headers: headers)
            case .refuse(let error):
                return errorPage(error)
            }
        } catch let error as OAuthError {
            return errorPage(error)
        } catch {
            logger.error("authorization page failed", metadata: ["path": "\(request.uri.path)", "error": "\(error)"])
            return errorPage(.serverError("the request could not be completed"))
        }
    }

    /// The error page: 500 for the server's own failures, else 400 (a page answers the
    /// customer, not a client, so 401s become 400s).
    func errorPage(_ error: OAuthError) -> Response {
        html(pages.errorPage(error), status: error.httpStatus == 500 ? .internalServerError : .badRequest)
    }

    func html(_ page: String, status: HTTPResponse.Status, formTargets: String? = nil) -> Response {
        var headers = Self.pageHeaders
        headers[.contentType] = "text/html; charset=utf-8"
        if let formTargets {
            headers[HTTPField.Name("Content-Security-Policy")!] = Self.contentSecurityPolicy(formAction: "'self' " + formTargets)
        }
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: page)))
    }

    /// Each interaction has its own cookie, so several in one browser do not disturb each other.
    private static func cookieName(_ interactionID: String) -> String {
        "lango_authz_" + interactionID.prefix(16)
    }

    private static func browserSecret(_ request: Request, interaction id: String) -> String? {
        request.cookies[cookieName(id)]?.value
    }

    /// `scheme://host[:port]` of a redirect URI, as a CSP source.
    private static func origin(of uri: String) -> String? {
        guard let components = URLComponents(string: uri), let scheme = components.scheme, let host = components.host else { return nil }
        return "\(scheme)://\(host)" + (components.port.map { ":\($0)" } ?? "")
    }

    private static func contentSecurityPolicy(formAction: String) -> String {
        "default-src 'none'; script-src 'self'; style-src 'unsafe-inline'; form-action \(formAction); frame-ancestors 'none'; base-uri 'none'"
    }

    /// Pages are never cached, framed or given away in a referrer (a code is in the redirect).
    static let pageHeaders: HTTPFields = [
        .cacheControl: "no-store",
        HTTPField.Name("Content-Security-Policy")!: contentSecurityPolicy(formAction: "'self'"),
        HTTPField.Name("X-Frame-Options")!: "DENY",
        HTTPField.Name("Referrer-Policy")!: "no-referrer",
    ]
}
