/// How much of a transaction a consent lets a third party see (`ReadTransactionsBasic` or `…Detail`).
public enum TransactionVisibility: Sendable, Hashable {
    /// Amounts, dates, status, references and bank codes, but no narrative, running balance or
    /// merchant.
    case basic
    /// Everything, including `TransactionInformation`, `Balance` and `MerchantDetails`.
    case detail
}
