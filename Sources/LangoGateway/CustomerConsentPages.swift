import Foundation
import HTTPTypes
import Hummingbird
import LangoConsent
import LangoIdentity
import LangoOAuth
import LangoURI

/// Names of the customer's consents page: where it lives and its session cookie.
enum CustomerConsentPages {
    static let basePath = "/customer"
    static let consentsPath = "/customer/consents"
    static let signOutPath = "/customer/sign-out"
    /// `interaction id` `.` `browser secret` of the customer's sign-in.
    static let sessionCookie = "lango_customer"
    /// What the sign-in pages call this page.
    static let pageName = "Your consents"
}

/// The customer's consents page, `/customer/consents`: the customer signs in with the same
/// password and one-time code as when authorising (the sign-in's authenticated stage is the
/// session, bound to the browser and ending with the interaction), sees every consent they
/// authorised or refused — app, permissions, accounts, when granted, when it expires, when last
/// used — and withdraws any that is still in force. Forms carry the sign-in's form token.
extension AuthorizationServerRoutes {
    func addCustomerConsentPages<Context: RemoteAddressRequestContext>(to router: Router<Context>) {
        guard let consents else { return }
        router.get(RouterPath(CustomerConsentPages.consentsPath)) { request, _ in
            if let error = request.uri.queryParameters["error"] {
                let description = request.uri.queryParameters["error_description"].map(String.init) ?? "you could not be signed in"
                return errorPage(OAuthError.accessDenied(error == "access_denied" ? description : "you could not be signed in"))
            }
            guard let (session, customerID) = try await signedIn(request) else {
                return await page(request) {
                    try await authorization.startSignIn(returnPath: CustomerConsentPages.consentsPath, pageName: CustomerConsentPages.pageName)
                }
            }
            let notice = request.uri.queryParameters["withdrawn"].map { "Consent \($0) is withdrawn: the app can no longer see your accounts." }
            return try await consentsPage(consents, customerID: customerID, session: session, notice: notice)
        }
        router.post(RouterPath(CustomerConsentPages.consentsPath + "/:ConsentId/withdraw")) { request, context in
            guard let (session, customerID) = try await signedIn(request) else { return errorPage(Self.signedOut) }
            let form = try TokenEndpoint.parameters(try await Self.form(request))
            guard session.accepts(browserSecret: Self.sessionSecret(request), formToken: form["form_token"]) else {
                return errorPage(Self.signedOut)
            }
            let consentID = context.parameters.get("ConsentId") ?? ""
            do {
                try await consents.service.revoke(id: consentID, customerID: customerID, address: context.remoteAddress?.ipAddress)
            } catch let error as ConsentError {
                return try await consentsPage(
                    consents, customerID: customerID, session: session, notice: "That consent cannot be withdrawn: \(error).")
            }
            return Self.redirect(to: CustomerConsentPages.consentsPath + "?" + PercentEncoding.query([("withdrawn", consentID)]))
        }
        router.post(RouterPath(CustomerConsentPages.signOutPath)) { request, _ in
            if let (session, _) = try await signedIn(request),
                session.accepts(browserSecret: Self.sessionSecret(request), formToken: try TokenEndpoint.parameters(try await Self.form(request))["form_token"])
            {
                try await authorization.signOut(interaction: session.id)
            }
            var response = Self.redirect(to: CustomerConsentPages.consentsPath)
            response.headers[.setCookie] = "\(CustomerConsentPages.sessionCookie)=; Path=\(CustomerConsentPages.basePath); Max-Age=0; HttpOnly; SameSite=Lax"
            return response
        }
    }

    private static let signedOut = OAuthError.invalidRequest("you are not signed in in this browser; open your consents page again")

    private static func redirect(to location: String) -> Response {
        var headers = pageHeaders
        headers[.location] = location
        return Response(status: .seeOther, headers: headers)
    }

    /// The browser's session cookie, split into interaction id and secret.
    private static func session(_ request: Request) -> (id: String, secret: String)? {
        guard let value = request.cookies[CustomerConsentPages.sessionCookie]?.value, let dot = value.firstIndex(of: ".") else { return nil }
        return (String(value[..<dot]), String(value[value.index(after: dot)...]))
    }

    private static func sessionSecret(_ request: Request) -> String? { session(request)?.secret }

    private func signedIn(_ request: Request) async throws -> (AuthorizationInteraction, customerID: String)? {
        guard let cookie = Self.session(request) else { return nil }
        return try await authorization.signedInCustomer(interaction: cookie.id, browserSecret: cookie.secret)
    }

    private func consentsPage(_ consents: GatewayConsents, customerID: String, session: AuthorizationInteraction, notice: String?) async throws
        -> Response
    {
        let store = consents.service.store
        // Payment consents are one-off approvals, not ongoing access: the page lists access only.
        let list = try await store.consents(customerID: customerID).filter { $0.kind == .accountAccess }
        let lastUses = try await store.lastUses(consentIDs: list.map(\.id))
        // Account names help the customer recognise what they shared; the page still works without them.
        let accounts = (try? await consents.selectableAccounts(customerID: customerID)) ?? []
        let accountNames = Dictionary(accounts.map { ($0.id, "\($0.name) · \($0.maskedIdentification) · \($0.currency)") }, uniquingKeysWith: { first, _ in first })
        var entries: [AuthorizationPages.ConsentEntry] = []
        for consent in list {
            let app = try await identity.app(id: consent.appID)
            entries.append(
                AuthorizationPages.ConsentEntry(
                    consent: consent, appName: app?.name ?? consent.appID, partner: app?.partner, environment: app?.environment,
                    standing: consent.standing(at: consents.clock(), rules: consents.rules),
                    accounts: consent.accountIDs.map { accountNames[$0] ?? $0 }, lastUsed: lastUses[consent.id]))
        }
        return html(
            pages.consentsPage(customerID: customerID, entries: entries, session: session, notice: notice), status: .ok)
    }
}
