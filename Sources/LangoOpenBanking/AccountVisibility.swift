/// How much of an account a consent lets a third party see (`ReadAccountsBasic` or `…Detail`).
public enum AccountVisibility: Sendable, Hashable {
    /// Type, currency, nickname and dates, but no scheme, account number or holder name.
    case basic
    /// Everything, including the `Account` identification block.
    case detail
}
