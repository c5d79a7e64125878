/// Which way money moves on an account, or which side of zero a balance is on.
///
/// The raw values are OBIE's `CreditDebitIndicator` codes.
public enum CreditDebit: String, Sendable, Hashable, Codable, CaseIterable {
    case credit = "Credit"
    case debit = "Debit"
}
