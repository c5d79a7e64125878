import LangoBank
import LangoJSON

/// What a fraud hook is told about a request: who asks, for which customer and consent, the
/// payment when the body carries one, and what the client says about the customer's device.
///
/// ``json`` is the body an HTTP hook receives (see docs/fraud.md); facts the gateway does not
/// know are left out of it.
public struct FraudFacts: Sendable, Hashable {
    /// The creditor of a payment (OBIE `CreditorAccount`).
    public struct Creditor: Sendable, Hashable {
        /// Such as `UK.OBIE.SortCodeAccountNumber`.
        public var schemeName: String?
        /// The account identification in that scheme.
        public var identification: String?
        /// The creditor's name.
        public var name: String?

        /// A creditor; any part may be unknown.
        public init(schemeName: String? = nil, identification: String? = nil, name: String? = nil) {
            self.schemeName = schemeName
            self.identification = identification
            self.name = name
        }
    }

    /// The payment an OBIE body asks for (`Data.Initiation`), as far as it can be read.
    public struct Payment: Sendable, Hashable {
        /// `InstructedAmount`, when its `Amount` and `Currency` are a valid amount.
        public var amount: Money?
        public var creditor: Creditor?
        /// `DebtorAccount.Identification`, when the client names the account to pay from.
        public var debtorAccount: String?
        /// For a bulk, how many payments it holds (`amount` is then their total, and the
        /// creditors are several, so `creditor` is left out).
        public var count: Int?

        /// A payment; any part may be unknown.
        public init(amount: Money? = nil, creditor: Creditor? = nil, debtorAccount: String? = nil, count: Int? = nil) {
            self.amount = amount
            self.creditor = creditor
            self.debtorAccount = debtorAccount
            self.count = count
        }

        /// The payment of an OBIE payment or payment-consent body, read leniently: what is there
        /// and well-formed is taken, the rest left out (checking the body is the resource's job).
        /// `nil` when the body is not JSON or has no `Data.Initiation` object.
        public init?(obieBody body: some Collection<UInt8>) {
            guard let document = try? JSONValue.parse(body), let initiation = document["Data"]?["Initiation"]?.objectValue else {
                return nil
            }
            let instructed = initiation["InstructedAmount"]
            amount = instructed?["Amount"]?.stringValue.flatMap { amount in
                instructed?["Currency"]?.stringValue.flatMap { Money(decimal: amount, currency: $0) }
            }
            creditor = initiation["CreditorAccount"]?.objectValue.map {
                Creditor(
                    schemeName: $0["SchemeName"]?.stringValue, identification: $0["Identification"]?.stringValue,
                    name: $0["Name"]?.stringValue)
            }
            debtorAccount = initiation["DebtorAccount"]?["Identification"]?.stringValue
        }
    }

    /// `x-fapi-interaction-id`: the request's id, the same in the gateway's logs and answer.
    public var interactionID: String
    /// The rule that allowed the request.
    public var ruleID: String
    /// The request method.
    public var method: String
    /// The request path, without the query.
    public var path: String
    /// The OAuth client of a bearer token.
    public var clientID: String?
    /// The app whose credential authenticated.
    public var appID: String?
    /// The customer the request acts for.
    public var customerID: String?
    /// The consent the access token is bound to.
    public var consentID: String?
    /// The payment, when the body carries one.
    public var payment: Payment?
    /// `x-fapi-customer-ip-address`: present when the customer takes part in the request.
    public var customerIPAddress: String?
    /// `x-customer-user-agent`: the customer's device, as the client reports it.
    public var customerUserAgent: String?
    /// The environment of the app: `sandbox` or `production`.
    public var appEnvironment: String?

    /// The facts of one request; what the gateway does not know stays `nil`.
    public init(
        interactionID: String, ruleID: String, method: String, path: String, clientID: String? = nil, appID: String? = nil,
        customerID: String? = nil, consentID: String? = nil, payment: Payment? = nil, customerIPAddress: String? = nil,
        customerUserAgent: String? = nil, appEnvironment: String? = nil
    ) {
        self.interactionID = interactionID
        self.ruleID = ruleID
        self.method = method
        self.path = path
        self.clientID = clientID
        self.appID = appID
        self.customerID = customerID
        self.consentID = consentID
        self.payment = payment
        self.customerIPAddress = customerIPAddress
        self.customerUserAgent = customerUserAgent
        self.appEnvironment = appEnvironment
    }

    /// The facts as the HTTP hook's request body; unknown facts are left out.
    public var json: JSONValue {
        var object: JSONObject = [
            "interaction_id": .string(interactionID),
            "rule": .string(ruleID),
            "request": ["method": .string(method), "path": .string(path)],
        ]
        object["client_id"] = clientID.map(JSONValue.string)
        object["app_id"] = appID.map(JSONValue.string)
        object["app_environment"] = appEnvironment.map(JSONValue.string)
        object["customer_id"] = customerID.map(JSONValue.string)
        object["consent_id"] = consentID.map(JSONValue.string)
        if let payment {
            var details = JSONObject()
            if let amount = payment.amount {
                details["amount"] = ["amount": .string(amount.decimalString), "currency": .string(amount.currency)]
            }
            if let creditor = payment.creditor {
                var account = JSONObject()
                account["scheme_name"] = creditor.schemeName.map(JSONValue.string)
                account["identification"] = creditor.identification.map(JSONValue.string)
                account["name"] = creditor.name.map(JSONValue.string)
                details["creditor"] = .object(account)
            }
            details["debtor_account"] = payment.debtorAccount.map(JSONValue.string)
            details["count"] = payment.count.map { .integer(Int64($0)) }
            object["payment"] = .object(details)
        }
        object["customer_ip_address"] = customerIPAddress.map(JSONValue.string)
        object["customer_user_agent"] = customerUserAgent.map(JSONValue.string)
        return .object(object)
    }
}
