/// The 21 OBIE v3.1 account-access permission codes a consent can grant.
public enum AccountPermission: String, Sendable, Hashable, CaseIterable, Codable {
    /// Account list without identifiers.
    case readAccountsBasic = "ReadAccountsBasic"
    /// Accounts with scheme identifiers.
    case readAccountsDetail = "ReadAccountsDetail"
    /// Balances.
    case readBalances = "ReadBalances"
    /// Beneficiaries without identifiers.
    case readBeneficiariesBasic = "ReadBeneficiariesBasic"
    /// Beneficiaries with identifiers.
    case readBeneficiariesDetail = "ReadBeneficiariesDetail"
    /// Direct debits.
    case readDirectDebits = "ReadDirectDebits"
    /// Offers.
    case readOffers = "ReadOffers"
    /// Unmasked card numbers.
    case readPAN = "ReadPAN"
    /// The account holder party.
    case readParty = "ReadParty"
    /// The consenting customer (PSU) party.
    case readPartyPSU = "ReadPartyPSU"
    /// Product information.
    case readProducts = "ReadProducts"
    /// Scheduled payments without creditor details.
    case readScheduledPaymentsBasic = "ReadScheduledPaymentsBasic"
    /// Scheduled payments with creditor details.
    case readScheduledPaymentsDetail = "ReadScheduledPaymentsDetail"
    /// Standing orders without creditor details.
    case readStandingOrdersBasic = "ReadStandingOrdersBasic"
    /// Standing orders with creditor details.
    case readStandingOrdersDetail = "ReadStandingOrdersDetail"
    /// Basic statement details.
    case readStatementsBasic = "ReadStatementsBasic"
    /// Full statement details, including amounts.
    case readStatementsDetail = "ReadStatementsDetail"
    /// Transactions without counterparty details.
    case readTransactionsBasic = "ReadTransactionsBasic"
    /// Credit transactions only.
    case readTransactionsCredits = "ReadTransactionsCredits"
    /// Debit transactions only.
    case readTransactionsDebits = "ReadTransactionsDebits"
    /// Transactions with counterparty details.
    case readTransactionsDetail = "ReadTransactionsDetail"
}

extension AccountPermission {
    /// The `…Detail` permission that includes this `…Basic` one; `nil` for the others.
    ///
    /// OBIE: a Detail permission shows everything its Basic one does, so a consent granting
    /// `ReadTransactionsDetail` also serves a route that needs `ReadTransactionsBasic`.
    public var detailedCounterpart: AccountPermission? {
        switch self {
        case .readAccountsBasic: .readAccountsDetail
        case .readBeneficiariesBasic: .readBeneficiariesDetail
        case .readScheduledPaymentsBasic: .readScheduledPaymentsDetail
        case .readStandingOrdersBasic: .readStandingOrdersDetail
        case .readStatementsBasic: .readStatementsDetail
        case .readTransactionsBasic: .readTransactionsDetail
        default: nil
        }
    }

    /// Whether a consent granting `granted` covers this permission, directly or through its Detail counterpart.
    public func isGranted(by granted: Set<AccountPermission>) -> Bool {
        granted.contains(self) || detailedCounterpart.map(granted.contains) == true
    }
}
