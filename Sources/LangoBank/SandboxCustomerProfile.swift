/// A seeded sandbox customer: who they are, which accounts they hold and how they bank.
struct SandboxCustomerProfile {
    /// One of the customer's accounts, before the generator numbers and dates it.
    struct AccountProfile {
        /// `KES-1`, `KES-2`, `USD-1`: the account id is `<customer>-<suffix>`.
        var suffix: String
        var currency: String
        var subType: String
        var nickname: String
        var description: String? = nil
        /// Opening balance range in whole currency units.
        var openingBalance: ClosedRange<Int64>
    }

    var party: Party
    /// The three-digit branch code account numbers start with.
    var branch: String
    var accounts: [AccountProfile]
    var habits: [SandboxHabit]
}
