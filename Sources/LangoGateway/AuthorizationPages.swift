import Foundation
import LangoConsent
import LangoIdentity
import LangoOAuth
import LangoPolicy
import Mustache

/// The customer's authorization pages, rendered on the server from Mustache templates: log in,
/// one-time code, approve or deny, and the error page. Plain HTML forms and CSS, no script, so
/// they work in any browser; every value is HTML-escaped by the templates.
struct AuthorizationPages: Sendable {
    static let loginPath = "/oauth2/authorize/login"
    static let confirmPath = "/oauth2/authorize/confirm"
    static let decisionPath = "/oauth2/authorize/decision"
    /// The account selection's one script: a "Select all" button, shown only when script runs.
    static let scriptPath = "/oauth2/assets/consent.js"
    static let script = """
        const button = document.getElementById("select-all");
        if (button) {
          button.hidden = false;
          button.addEventListener("click", () => {
            for (const box of document.querySelectorAll('input[name="account"]')) box.checked = true;
          });
        }
        """

    private let library: MustacheLibrary
    /// Whether the sandbox's test customers and displayed codes are in use: the login page says how to log in.
    private let sandbox: Bool

    init(sandbox: Bool) {
        self.sandbox = sandbox
        var library = MustacheLibrary()
        do {
            for (name, text) in Self.templates { try library.register(text, named: name) }
        } catch {
            preconditionFailure("an authorization page template does not parse: \(error)")
        }
        self.library = library
    }

    /// The page for the interaction's stage; `intent` for a request carrying one (the consent
    /// decision, with account selection), `app` the client's, whose partner and environment it names.
    func page(for interaction: AuthorizationInteraction, intent: AuthorizationEndpoint.IntentDecision? = nil, app: App? = nil) -> String {
        var values: [String: Any] = [
            "clientName": interaction.clientName, "interaction": interaction.id, "formToken": interaction.formToken,
        ]
        if let notice = interaction.notice { values["notice"] = notice }
        if interaction.request.isCustomerSignIn { values["signIn"] = true }
        switch interaction.stage {
        case .login:
            values["title"] = "Log in to Wekeza"
            values["action"] = Self.loginPath
            if sandbox { values["sandboxPassword"] = SandboxCustomers.password }
            return render(values, "login")
        case .oneTimeCode(_, _, let notice):
            values["title"] = "Confirm it is you"
            values["action"] = Self.confirmPath
            switch notice {
            case .shown(let code): values["shownCode"] = code
            case .sent(let destination): values["destination"] = destination
            }
            return render(values, "code")
        case .decision(let customerID, _):
            values["title"] = "Allow \(interaction.clientName)?"
            values["action"] = Self.decisionPath
            values["customer"] = customerID
            values["scopes"] = interaction.request.scopes.map { ["name": $0, "meaning": Self.meaning(of: $0)] }
            guard let intent else { return render(values, "decision") }
            values["environment"] = app.map { $0.environment == .sandbox ? "a sandbox app: test data only" : "a live app" } ?? ""
            if let partner = app?.partner { values["partner"] = partner }
            values["consentID"] = intent.intent.id
            values["accounts"] = intent.accounts.map {
                ["id": $0.id, "name": $0.name, "number": $0.maskedIdentification, "currency": $0.currency]
            }
            values["noAccounts"] = intent.accounts.isEmpty
            if let payment = intent.intent.payment {
                let single = payment.payees.count == 1
                values["title"] =
                    single
                    ? "Pay \(payment.currency) \(payment.total) to \(payment.payees[0].name)?"
                    : "Make \(payment.payees.count) payments totalling \(payment.currency) \(payment.total)?"
                if intent.intent.isStepUp {
                    values["stepUp"] = true
                    values["title"] = "Confirm this payment again"
                }
                values["total"] = payment.total
                values["currency"] = payment.currency
                values["count"] = payment.payees.count
                values["payees"] = payment.payees.map { payee -> [String: Any] in
                    var item: [String: Any] = ["amount": payee.amount, "name": payee.name, "account": payee.account]
                    if let reference = payee.reference { item["reference"] = reference }
                    return item
                }
                return render(values, "payment")
            }
            values["title"] = "Share account information with \(interaction.clientName)?"
            values["script"] = Self.scriptPath
            values["permissions"] = intent.intent.permissions.map { ["code": $0.rawValue, "meaning": Self.meaning(of: $0)] }
            values["expires"] = intent.intent.expiresAt.map(Self.day) ?? "you withdraw it"
            if intent.intent.transactionFrom != nil || intent.intent.transactionTo != nil {
                values["window"] =
                    "from \(intent.intent.transactionFrom.map(Self.day) ?? "the first one") to \(intent.intent.transactionTo.map(Self.day) ?? "the latest one")"
            }
            return render(values, "consent")
        }
    }

    /// One consent as the customer's consents page lists it.
    struct ConsentEntry {
        var consent: Consent
        var appName: String
        var partner: String?
        var environment: AppEnvironment?
        var standing: ConsentFacts.Status
        /// The shared accounts as the customer knows them.
        var accounts: [String]
        var lastUsed: Date?
    }

    /// The customer's consents page: every consent, newest first, with a withdraw button on
    /// those still in force.
    func consentsPage(customerID: String, entries: [ConsentEntry], session: AuthorizationInteraction, notice: String?) -> String {
        var values: [String: Any] = [
            "title": "Your consents", "customer": customerID, "formToken": session.formToken,
            "signOut": CustomerConsentPages.signOutPath, "none": entries.isEmpty,
        ]
        if let notice { values["notice"] = notice }
        values["consents"] = entries.map { entry -> [String: Any] in
            let consent = entry.consent
            var item: [String: Any] = [
                "id": consent.id, "app": entry.appName, "status": Self.describe(entry.standing),
                "permissions": consent.permissions.map { ["code": $0.rawValue, "meaning": Self.meaning(of: $0)] },
                "accounts": entry.accounts, "expires": consent.expiresAt.map(Self.day) ?? "when you withdraw it",
                "lastUsed": entry.lastUsed.map(Self.moment) ?? "not yet",
            ]
            if let environment = entry.environment { item["environment"] = environment == .sandbox ? "sandbox app" : "live app" }
            if let partner = entry.partner { item["partner"] = partner }
            if let granted = consent.authorisedAt { item["granted"] = Self.day(granted) }
            if consent.transactionFrom != nil || consent.transactionTo != nil {
                item["window"] =
                    "from \(consent.transactionFrom.map(Self.day) ?? "the first one") to \(consent.transactionTo.map(Self.day) ?? "the latest one")"
            }
            if consent.status == .authorised, consent.deletedAt == nil {
                item["withdraw"] = CustomerConsentPages.consentsPath + "/" + consent.id + "/withdraw"
            }
            return item
        }
        return render(values, "consents")
    }

    /// A consent's standing in the customer's words.
    private static func describe(_ standing: ConsentFacts.Status) -> String {
        switch standing {
        case .authorised: "Active"
        case .awaitingAuthorisation: "Waiting for your approval"
        case .rejected: "You refused it"
        case .revoked: "Withdrawn"
        case .consumed: "Used for a payment"
        case .expired: "Expired"
        case .reauthenticationRequired: "Paused: the app must ask you again"
        }
    }

    /// The page shown when the request cannot go on.
    func errorPage(_ error: OAuthError) -> String {
        render(["title": "This request cannot go on", "error": error.error, "description": error.errorDescription], "error")
    }

    private func render(_ values: [String: Any], _ template: String) -> String {
        guard let page = library.render(values, withTemplate: template) else { preconditionFailure("no template \(template)") }
        return page
    }

    /// A date as the customer reads it: `22 November 2026`.
    private static func day(_ date: Date) -> String {
        date.formatted(Date.FormatStyle(date: .long, time: .omitted, locale: Locale(identifier: "en_GB"), timeZone: .gmt))
    }

    /// A moment as the customer reads it: `22 November 2026 at 14:05 UTC`.
    private static func moment(_ date: Date) -> String {
        date.formatted(Date.FormatStyle(date: .long, time: .shortened, locale: Locale(identifier: "en_GB"), timeZone: .gmt)) + " UTC"
    }

    /// What an OBIE permission lets the app see, in the customer's words.
    static func meaning(of permission: AccountPermission) -> String {
        switch permission {
        case .readAccountsBasic: "Your account names and types"
        case .readAccountsDetail: "Your account names, types and numbers"
        case .readBalances: "Your balances"
        case .readBeneficiariesBasic: "Your saved payees"
        case .readBeneficiariesDetail: "Your saved payees and their account details"
        case .readDirectDebits: "Your direct debits"
        case .readOffers: "Offers the bank makes you"
        case .readPAN: "Your full card numbers"
        case .readParty: "Details of the account holders"
        case .readPartyPSU: "Your name, address and contact details"
        case .readProducts: "The products your accounts are"
        case .readScheduledPaymentsBasic: "Your scheduled payments"
        case .readScheduledPaymentsDetail: "Your scheduled payments and who they pay"
        case .readStandingOrdersBasic: "Your standing orders"
        case .readStandingOrdersDetail: "Your standing orders and who they pay"
        case .readStatementsBasic: "Your statements"
        case .readStatementsDetail: "Your statements with their amounts"
        case .readTransactionsBasic: "Your transactions: amounts, dates and references"
        case .readTransactionsDetail: "Your transactions with their descriptions, merchants and running balance"
        case .readTransactionsCredits: "Money coming in"
        case .readTransactionsDebits: "Money going out"
        }
    }

    /// What granting `scope` lets the app do, in the customer's words.
    static func meaning(of scope: String) -> String {
        switch scope {
        case "openid": "Confirm who you are"
        case "profile": "See your name"
        case "email": "See your email address"
        case "phone": "See your mobile number"
        case "accounts": "See the account information you choose to share"
        case "payments": "Start payments you approve"
        case "fundsconfirmations": "Check whether you have enough money for a payment"
        default: "Use the \(scope) permission"
        }
    }

    private static let templates: [(String, String)] = [
        (
            "layout",
            """
            <!doctype html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>{{title}} · Wekeza</title>
            <style>
            body { font-family: system-ui, sans-serif; background: #f3f5f4; color: #1d2b24; margin: 0; }
            main { max-width: 26rem; margin: 3rem auto; background: #fff; padding: 2rem; border-radius: 8px; box-shadow: 0 1px 4px #0002; }
            .bank { color: #0b6b3a; font-weight: 600; margin: 0; }
            h1 { font-size: 1.4rem; margin: .3rem 0 1rem; }
            h2 { font-size: 1.1rem; margin: 0 0 .3rem; }
            section.consent { border-top: 1px solid #c9d3cd; padding: 1rem 0; }
            label { display: block; margin: 1rem 0 .3rem; font-weight: 600; }
            fieldset { border: 1px solid #c9d3cd; border-radius: 4px; margin-top: 1rem; }
            label.account { font-weight: 400; }
            label.account input { width: auto; }
            input { width: 100%; box-sizing: border-box; padding: .6rem; font-size: 1rem; border: 1px solid #9aa8a0; border-radius: 4px; }
            button { margin-top: 1.2rem; padding: .7rem 1.2rem; font-size: 1rem; border-radius: 4px; border: 1px solid #0b6b3a; background: #0b6b3a; color: #fff; }
            button.secondary { background: #fff; color: #0b6b3a; }
            .notice { background: #fff4e5; border-left: 4px solid #c77700; padding: .6rem; }
            .hint { color: #4d5c54; font-size: .9rem; }
            output { font-family: ui-monospace, monospace; font-size: 1.3rem; letter-spacing: .2rem; }
            </style>
            </head>
            <body>
            <main>
            <p class="bank">Wekeza Bank</p>
            <h1>{{title}}</h1>
            {{#notice}}<p class="notice" id="notice" role="alert">{{notice}}</p>{{/notice}}
            {{$body}}{{/body}}
            </main>
            </body>
            </html>
            """
        ),
        (
            "login",
            """
            {{<layout}}{{$body}}
            {{#signIn}}<p>Log in to see the apps you share your account information with, and to withdraw your consent.</p>{{/signIn}}
            {{^signIn}}<p><strong>{{clientName}}</strong> wants to connect to your Wekeza accounts. Log in to continue.</p>{{/signIn}}
            <form method="post" action="{{action}}">
            <input type="hidden" name="interaction" value="{{interaction}}">
            <input type="hidden" name="form_token" value="{{formToken}}">
            <label for="customer_id">Customer number</label>
            <input id="customer_id" name="customer_id" autocomplete="username" required>
            <label for="password">Password</label>
            <input id="password" name="password" type="password" autocomplete="current-password" required>
            <button type="submit">Log in</button>
            </form>
            {{#sandboxPassword}}<p class="hint">Sandbox: log in as C0001 to C0005 with the password <code>{{sandboxPassword}}</code>.</p>{{/sandboxPassword}}
            {{/body}}{{/layout}}
            """
        ),
        (
            "code",
            """
            {{<layout}}{{$body}}
            {{#shownCode}}<p>Sandbox: no message is sent. Your one-time code is <output id="one-time-code">{{shownCode}}</output></p>{{/shownCode}}
            {{#destination}}<p>We sent a one-time code to {{destination}}.</p>{{/destination}}
            <form method="post" action="{{action}}">
            <input type="hidden" name="interaction" value="{{interaction}}">
            <input type="hidden" name="form_token" value="{{formToken}}">
            <label for="code">One-time code</label>
            <input id="code" name="code" inputmode="numeric" autocomplete="one-time-code" pattern="[0-9]{6}" required>
            <button type="submit">Confirm</button>
            </form>
            {{/body}}{{/layout}}
            """
        ),
        (
            "decision",
            """
            {{<layout}}{{$body}}
            <p>You are logged in as <strong>{{customer}}</strong>. <strong>{{clientName}}</strong> asks to:</p>
            <ul id="scopes">
            {{#scopes}}<li data-scope="{{name}}">{{meaning}}</li>{{/scopes}}
            </ul>
            <form method="post" action="{{action}}">
            <input type="hidden" name="interaction" value="{{interaction}}">
            <input type="hidden" name="form_token" value="{{formToken}}">
            <button type="submit" name="decision" value="approve">Allow</button>
            <button type="submit" name="decision" value="deny" class="secondary">Deny</button>
            </form>
            {{/body}}{{/layout}}
            """
        ),
        (
            "consent",
            """
            {{<layout}}{{$body}}
            <p>You are logged in as <strong>{{customer}}</strong>. <strong id="client">{{clientName}}</strong>{{#partner}} from <span id="partner">{{partner}}</span>{{/partner}}, {{environment}}, asks to see:</p>
            <ul id="permissions">
            {{#permissions}}<li data-permission="{{code}}">{{meaning}}</li>{{/permissions}}
            </ul>
            <p id="duration">Until {{expires}}.{{#window}} Transactions {{window}}.{{/window}}</p>
            <form method="post" action="{{action}}">
            <input type="hidden" name="interaction" value="{{interaction}}">
            <input type="hidden" name="form_token" value="{{formToken}}">
            <fieldset id="accounts">
            <legend>Accounts to share</legend>
            {{#accounts}}<label class="account"><input type="checkbox" name="account" value="{{id}}"> {{name}} · {{number}} · {{currency}}</label>{{/accounts}}
            {{#noAccounts}}<p>You have no accounts to share.</p>{{/noAccounts}}
            <button type="button" id="select-all" class="secondary" hidden>Select all</button>
            </fieldset>
            <p class="hint">Consent {{consentID}}. You can withdraw it at any time from your consents page.</p>
            <button type="submit" name="decision" value="approve">Allow</button>
            <button type="submit" name="decision" value="deny" class="secondary">Deny</button>
            </form>
            <script src="{{script}}"></script>
            {{/body}}{{/layout}}
            """
        ),
        (
            "payment",
            """
            {{<layout}}{{$body}}
            <p>You are logged in as <strong>{{customer}}</strong>. <strong id="client">{{clientName}}</strong>{{#partner}} from <span id="partner">{{partner}}</span>{{/partner}}, {{environment}}, asks you to pay <strong id="total">{{currency}} {{total}}</strong> in <span id="count">{{count}}</span> payment(s):</p>
            {{#stepUp}}<p id="step-up" class="notice">Our checks ask you to confirm this payment once more. If you did not ask for it, choose Cancel.</p>{{/stepUp}}
            <table id="payees">
            <tr><th>To</th><th>Their account</th><th>Reference</th><th>Amount</th></tr>
            {{#payees}}<tr class="payee"><td class="creditor">{{name}}</td><td class="creditor-account">{{account}}</td><td class="reference">{{reference}}</td><td class="amount">{{currency}} {{amount}}</td></tr>{{/payees}}
            </table>
            <form method="post" action="{{action}}">
            <input type="hidden" name="interaction" value="{{interaction}}">
            <input type="hidden" name="form_token" value="{{formToken}}">
            <fieldset id="accounts">
            <legend>Pay from</legend>
            {{#accounts}}<label class="account"><input type="radio" name="account" value="{{id}}" required> {{name}} · {{number}} · {{currency}}</label>{{/accounts}}
            {{#noAccounts}}<p>You have no account this payment can be made from.</p>{{/noAccounts}}
            </fieldset>
            <p class="hint">Consent {{consentID}}. The payments are made once, when the app sends them.</p>
            <button type="submit" name="decision" value="approve">Pay</button>
            <button type="submit" name="decision" value="deny" class="secondary">Cancel</button>
            </form>
            {{/body}}{{/layout}}
            """
        ),
        (
            "consents",
            """
            {{<layout}}{{$body}}
            <p>You are signed in as <strong id="customer">{{customer}}</strong>. These are the apps you have answered about sharing your account information.</p>
            {{#none}}<p id="no-consents">You have not shared your account information with any app.</p>{{/none}}
            {{#consents}}
            <section class="consent" id="{{id}}" data-status="{{status}}">
            <h2>{{app}}{{#partner}} <span class="partner">from {{partner}}</span>{{/partner}}{{#environment}} <span class="hint">({{environment}})</span>{{/environment}}</h2>
            <p class="status">{{status}}</p>
            <ul class="permissions">
            {{#permissions}}<li data-permission="{{code}}">{{meaning}}</li>{{/permissions}}
            </ul>
            <p class="accounts">Accounts: {{#accounts}}<span class="account">{{.}}</span> {{/accounts}}</p>
            <p class="dates">{{#granted}}Granted {{granted}}. {{/granted}}Until {{expires}}.{{#window}} Transactions {{window}}.{{/window}} Last used: <span class="last-used">{{lastUsed}}</span>.</p>
            {{#withdraw}}<form method="post" action="{{withdraw}}">
            <input type="hidden" name="form_token" value="{{formToken}}">
            <button type="submit" class="secondary">Withdraw consent</button>
            </form>{{/withdraw}}
            <p class="hint">Consent {{id}}</p>
            </section>
            {{/consents}}
            <form method="post" action="{{signOut}}">
            <input type="hidden" name="form_token" value="{{formToken}}">
            <button type="submit" class="secondary" id="sign-out">Sign out</button>
            </form>
            {{/body}}{{/layout}}
            """
        ),
        (
            "error",
            """
            {{<layout}}{{$body}}
            <p id="error" data-error="{{error}}">{{description}}</p>
            <p class="hint">Nothing was shared. Go back to the app you came from and try again.</p>
            {{/body}}{{/layout}}
            """
        ),
    ]
}
