/// One recurring pattern in a sandbox customer's banking (salary, rent, groceries, …) that the
/// dataset generator turns into transactions month by month.
struct SandboxHabit {
    /// When in a month the habit produces transactions.
    enum Schedule {
        /// On this day of every month (clamped to the month's length); on a weekday when asked,
        /// moving a weekend day back to the Friday, as payroll does.
        case monthly(day: Int, weekdaysOnly: Bool)
        /// A random number of times in the range, on random days of the month.
        case timesPerMonth(ClosedRange<Int>)
        /// On this day of the listed months only (school terms, harvests).
        case inMonths([Int], day: Int)
        /// On the month's last day (interest).
        case monthEnd
    }

    /// How the transaction's reference is made.
    enum Reference {
        case none
        /// `PREFIX-202503`: one per month.
        case monthly(String)
        /// A ten-character mobile-money receipt code such as `SGH4K2LQ9P`.
        case mobileMoney
    }

    /// A narrative with its merchant, one of which is picked per transaction. `{month}` in the
    /// information becomes the month, like `MAR 2025`.
    struct Narrative {
        var information: String
        var merchantName: String? = nil
        var merchantCategoryCode: String? = nil
    }

    /// The other leg of a transfer between the customer's own accounts.
    struct Transfer {
        /// The receiving account's suffix, such as `KES-2`.
        var account: String
        var information: String
        /// Units of the receiving currency per unit of the sending one, in hundredths (100 = same currency).
        var rate: Int64 = 100
        var code: BankTransactionCode? = .received
    }

    /// The account's suffix, such as `KES-1`.
    var account: String
    var creditDebit: CreditDebit
    var schedule: Schedule
    /// Amount range in minor units; drawn amounts are multiples of `step` above its lower bound.
    var amount: ClosedRange<Int64>
    var step: Int64 = 100
    /// Hours of the day (UTC) the transactions happen in.
    var hours: ClosedRange<Int>
    var narratives: [Narrative]
    var code: BankTransactionCode? = nil
    var reference: Reference = .none
    var transfer: Transfer? = nil
}

extension BankTransactionCode {
    static let received = BankTransactionCode(code: "ReceivedCreditTransfer", subCode: "DomesticCreditTransfer")
    static let receivedCrossBorder = BankTransactionCode(code: "ReceivedCreditTransfer", subCode: "CrossBorderCreditTransfer")
    static let issued = BankTransactionCode(code: "IssuedCreditTransfer", subCode: "DomesticCreditTransfer")
    static let standingOrder = BankTransactionCode(code: "IssuedCreditTransfer", subCode: "StandingOrder")
    static let cardPurchase = BankTransactionCode(code: "CustomerCardTransactions", subCode: "PointOfSale")
    static let cashWithdrawal = BankTransactionCode(code: "CustomerCardTransactions", subCode: "CashWithdrawal")

    /// Card transactions book a while after they are made.
    var isCard: Bool { code == "CustomerCardTransactions" }
}

/// Amounts in the catalog are written in whole currency units; these turn them into minor units.
private func units(_ range: ClosedRange<Int64>) -> ClosedRange<Int64> { (range.lowerBound * 100)...(range.upperBound * 100) }

extension SandboxHabit {
    static func salary(_ employer: String, _ amount: Int64, day: Int) -> Self {
        Self(account: "KES-1", creditDebit: .credit, schedule: .monthly(day: day, weekdaysOnly: true),
             amount: units(amount...amount), hours: 5...7, narratives: [Narrative(information: "SALARY \(employer) {month}")],
             code: .received, reference: .monthly("SAL"))
    }

    static func income(account: String = "KES-1", _ schedule: Schedule, _ amount: ClosedRange<Int64>, step: Int64 = 100,
                       _ narratives: [Narrative], code: BankTransactionCode? = .received, reference: Reference = .none) -> Self {
        Self(account: account, creditDebit: .credit, schedule: schedule, amount: units(amount), step: step, hours: 8...19,
             narratives: narratives, code: code, reference: reference)
    }

    static func rent(_ amount: Int64, _ information: String, day: Int = 1) -> Self {
        Self(account: "KES-1", creditDebit: .debit, schedule: .monthly(day: day, weekdaysOnly: false),
             amount: units(amount...amount), hours: 6...8, narratives: [Narrative(information: information)],
             code: .standingOrder, reference: .monthly("RENT"))
    }

    static func electricity(_ meter: String, times: ClosedRange<Int>) -> Self {
        Self(account: "KES-1", creditDebit: .debit, schedule: .timesPerMonth(times), amount: units(500...3500), step: 5000,
             hours: 7...21,
             narratives: [Narrative(information: "KPLC PREPAID TOKEN METER \(meter)", merchantName: "Kenya Power",
                                    merchantCategoryCode: "4900")],
             code: .issued)
    }

    static func airtime(times: ClosedRange<Int>) -> Self {
        Self(account: "KES-1", creditDebit: .debit, schedule: .timesPerMonth(times), amount: units(50...1000), step: 5000,
             hours: 7...22,
             narratives: [Narrative(information: "SAFARICOM AIRTIME TOP-UP", merchantName: "Safaricom",
                                    merchantCategoryCode: "4814")],
             code: .issued)
    }

    static func mobileMoneyOut(_ recipients: [String], times: ClosedRange<Int>, _ amount: ClosedRange<Int64>) -> Self {
        Self(account: "KES-1", creditDebit: .debit, schedule: .timesPerMonth(times), amount: units(amount), step: 5000,
             hours: 7...21, narratives: recipients.map { Narrative(information: "M-PESA TRANSFER TO \($0)") },
             code: .issued, reference: .mobileMoney)
    }

    static func mobileMoneyIn(_ senders: [String], times: ClosedRange<Int>, _ amount: ClosedRange<Int64>) -> Self {
        Self(account: "KES-1", creditDebit: .credit, schedule: .timesPerMonth(times), amount: units(amount), step: 5000,
             hours: 7...21, narratives: senders.map { Narrative(information: "M-PESA TRANSFER FROM \($0)") },
             code: .received, reference: .mobileMoney)
    }

    /// Card payments at `merchants` (with their MCC), narrated `POS <MERCHANT>`.
    static func card(account: String = "KES-1", _ merchants: [String], mcc: String, times: ClosedRange<Int>,
                     _ amount: ClosedRange<Int64>, step: Int64 = 1, hours: ClosedRange<Int> = 8...20) -> Self {
        Self(account: account, creditDebit: .debit, schedule: .timesPerMonth(times), amount: units(amount), step: step,
             hours: hours,
             narratives: merchants.map {
                 Narrative(information: "POS \($0.uppercased())", merchantName: $0, merchantCategoryCode: mcc)
             },
             code: .cardPurchase)
    }

    static func groceries(_ shops: [String], times: ClosedRange<Int>, _ amount: ClosedRange<Int64> = 600...9000) -> Self {
        card(shops, mcc: "5411", times: times, amount)
    }

    static func fuel(_ stations: [String], times: ClosedRange<Int>) -> Self {
        card(stations, mcc: "5541", times: times, 2000...7000, step: 10000, hours: 7...19)
    }

    static func coffee(_ branches: [String], times: ClosedRange<Int>) -> Self {
        card(branches, mcc: "5814", times: times, 450...2400, step: 1000)
    }

    static func cash(_ atm: String, times: ClosedRange<Int>) -> Self {
        Self(account: "KES-1", creditDebit: .debit, schedule: .timesPerMonth(times), amount: units(1000...10000),
             step: 100_000, hours: 9...20,
             narratives: [Narrative(information: "ATM WITHDRAWAL \(atm.uppercased())", merchantName: atm,
                                    merchantCategoryCode: "6011")],
             code: .cashWithdrawal)
    }

    static func schoolFees(_ school: String, _ amount: ClosedRange<Int64>) -> Self {
        Self(account: "KES-1", creditDebit: .debit, schedule: .inMonths([1, 5, 9], day: 6), amount: units(amount),
             step: 50_000, hours: 9...15, narratives: [Narrative(information: "SCHOOL FEES \(school) {month}")],
             code: .issued, reference: .monthly("FEES"))
    }

    static func accountFee(account: String = "KES-1") -> Self {
        Self(account: account, creditDebit: .debit, schedule: .monthly(day: 1, weekdaysOnly: false),
             amount: units(175...175), hours: 0...0, narratives: [Narrative(information: "MONTHLY ACCOUNT FEE {month}")])
    }

    static func interest(_ account: String, _ amount: ClosedRange<Int64>) -> Self {
        Self(account: account, creditDebit: .credit, schedule: .monthEnd, amount: units(amount), step: 1, hours: 23...23,
             narratives: [Narrative(information: "INTEREST CREDIT {month}")])
    }

    /// A transfer between the customer's own accounts, `from` debited and `to` credited.
    static func transfer(from: String, to: String, _ schedule: Schedule, _ amount: ClosedRange<Int64>, step: Int64 = 100_000,
                         _ information: String, _ counterInformation: String, rate: Int64 = 100) -> Self {
        Self(account: from, creditDebit: .debit, schedule: schedule, amount: units(amount), step: step, hours: 8...18,
             narratives: [Narrative(information: information)], code: .issued,
             transfer: Transfer(account: to, information: counterInformation, rate: rate))
    }

    /// A card subscription in USD, charged on the same day each month; `amount` is in cents.
    static func subscription(_ merchant: String, cents: Int64, mcc: String, day: Int) -> Self {
        Self(account: "USD-1", creditDebit: .debit, schedule: .monthly(day: day, weekdaysOnly: false),
             amount: cents...cents, step: 1, hours: 2...5,
             narratives: [Narrative(information: "CARD \(merchant.uppercased()) SUBSCRIPTION", merchantName: merchant,
                                    merchantCategoryCode: mcc)],
             code: .cardPurchase)
    }
}
