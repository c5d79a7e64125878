import Foundation
import LangoBank

/// The small hand-written dataset the contract's exact checks run on. Every optional field is
/// both present and absent somewhere, accounts are listed out of id order, and two
/// transactions of `K0001-KES-1` share a booking second with ids in the opposite order to
/// their booking order.
enum SandboxLedgerContractFixture {
    static let anchor = utc(2026, 3, 1)

    static let amina = Party(
        id: "PTY-K0001", customerID: "K0001", name: "Amina Wafula", fullLegalName: "Amina Nekesa Wafula",
        partyType: "Sole", emailAddress: "amina.wafula@example.co.ke", phone: "+254-202000001", mobile: "+254-700000001",
        address: PostalAddress(addressLine: ["Flat 2, Ngong Court", "Ngong Road"], townName: "Nairobi",
                               countrySubDivision: "Nairobi City", postCode: "00100", country: "KE"))
    static let juma = Party(
        id: "PTY-K0002", customerID: "K0002", name: "Juma Mutua", fullLegalName: "Juma Kioko Mutua", partyType: "Sole",
        emailAddress: "juma.mutua@example.co.ke", mobile: "+254-700000002",
        address: PostalAddress(addressLine: ["Plot 9, Section 58"], townName: "Nakuru", country: "KE"))
    /// A customer with no accounts.
    static let zawadi = Party(
        id: "PTY-K0003", customerID: "K0003", name: "Zawadi Achieng", fullLegalName: "Zawadi Achieng", partyType: "Sole",
        emailAddress: "zawadi@example.co.ke", mobile: "+254-700000003",
        address: PostalAddress(addressLine: [], townName: "Kisumu", country: "KE"))

    static let current = account("K0001-KES-1", "K0001", "KES", "CurrentAccount", "Main", "Current account", "1000000000001")
    static let savings = account("K0001-KES-2", "K0001", "KES", "Savings", "Rainy Day", nil, "1000000000002")
    static let dollars = account("K0001-USD-1", "K0001", "USD", "CurrentAccount", "Dollars", "USD account", "1000000000003")
    static let jumaCurrent = account("K0002-KES-1", "K0002", "KES", "CurrentAccount", "Juma Main", nil, "2000000000001")

    // K0001-KES-1, opening 10,000.00, in booking order.
    static let salary = transaction("TX-K1-0001", current, at: utc(2026, 2, 1, 8), 5_000_00, .credit, after: 15_000_00,
                                    "SALARY FEB 2026", reference: "SAL-202602", code: received)
    static let groceries = transaction("TX-K1-0003", current, at: utc(2026, 2, 10, 12, 30), 1_250_50, .debit,
                                       after: 13_749_50, "POS NAIVAS", valueAt: utc(2026, 2, 10, 11, 45),
                                       merchant: ("Naivas", "5411"), code: card)
    /// Booked in the same second as `groceries`, after it, but with the smaller id.
    static let mobileMoney = transaction("TX-K1-0002", current, at: utc(2026, 2, 10, 12, 30), 249_50, .debit,
                                         after: 13_500_00, "M-PESA TRANSFER", reference: "QAB1234567", code: issued)
    static let lateNight = transaction("TX-K1-0004", current, at: utc(2026, 2, 20, 23, 59, 59), 500_00, .debit,
                                       after: 13_000_00, "ATM WITHDRAWAL")
    static let interest = transaction("TX-K1-0005", current, at: utc(2026, 2, 28), 1, .credit, after: 13_000_01,
                                      "INTEREST")
    // K0001-USD-1, opening 50.00.
    static let netflix = transaction("TX-U1-0001", dollars, at: utc(2026, 2, 5, 10), 9_99, .debit, after: 40_01,
                                     "CARD NETFLIX", merchant: ("Netflix", "4899"), code: card)
    static let remittance = transaction("TX-U1-0002", dollars, at: utc(2026, 2, 15, 10), 100_00, .credit, after: 140_01,
                                        "REMITTANCE", reference: "WR-77")
    // K0002-KES-1, opening 1,000.00; booked in the same second as `groceries` on another account.
    static let jumaRent = transaction("TX-K2-0001", jumaCurrent, at: utc(2026, 2, 10, 12, 30), 200_00, .debit,
                                      after: 800_00, "RENT")

    static let dataset = SandboxDataset(
        parties: [amina, juma, zawadi],
        accounts: [dollars, savings, current, jumaCurrent],
        openingBalances: [
            current.id: kes(10_000_00), savings.id: kes(0), dollars.id: usd(50_00), jumaCurrent.id: kes(1_000_00),
        ],
        transactions: [salary, netflix, groceries, jumaRent, mobileMoney, remittance, lateNight, interest],
        anchor: anchor
    )

    /// `K0001-KES-1`'s whole history, newest first.
    static let currentNewestFirst = [interest, lateNight, groceries, mobileMoney, salary]

    static func kes(_ minorUnits: Int64) -> Money { Money(minorUnits: minorUnits, currency: "KES") }
    static func usd(_ minorUnits: Int64) -> Money { Money(minorUnits: minorUnits, currency: "USD") }

    static func utc(_ year: Int, _ month: Int, _ day: Int, _ hour: Int = 0, _ minute: Int = 0, _ second: Int = 0) -> Date {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = .gmt
        let components = DateComponents(year: year, month: month, day: day, hour: hour, minute: minute, second: second)
        return calendar.date(from: components) ?? .distantPast
    }

    private static let received = BankTransactionCode(code: "ReceivedCreditTransfer", subCode: "DomesticCreditTransfer")
    private static let issued = BankTransactionCode(code: "IssuedCreditTransfer", subCode: "DomesticCreditTransfer")
    private static let card = BankTransactionCode(code: "CustomerCardTransactions", subCode: "PointOfSale")

    private static func account(_ id: String, _ customerID: String, _ currency: String, _ subType: String,
                                _ nickname: String, _ description: String?, _ number: String) -> Account {
        Account(id: id, customerID: customerID, currency: currency, accountType: "Personal", accountSubType: subType,
                nickname: nickname, description: description, openingDate: utc(2020, 1, 15), status: "Enabled",
                schemeName: "KE.WEKEZA.AccountNumber", identification: number, holderName: "Holder of \(id)")
    }

    private static func transaction(_ id: String, _ account: Account, at bookedAt: Date, _ minorUnits: Int64,
                                    _ creditDebit: CreditDebit, after balance: Int64, _ information: String,
                                    valueAt: Date? = nil, reference: String? = nil,
                                    merchant: (name: String, code: String)? = nil, code: BankTransactionCode? = nil)
        -> Transaction
    {
        Transaction(
            id: id, accountID: account.id, reference: reference, bookedAt: bookedAt, valueAt: valueAt ?? bookedAt,
            amount: Money(minorUnits: minorUnits, currency: account.currency), creditDebit: creditDebit,
            status: "Booked", information: information, merchantName: merchant?.name,
            merchantCategoryCode: merchant?.code, bankTransactionCode: code,
            balanceAfter: Money(minorUnits: balance, currency: account.currency), balanceAfterCreditDebit: .credit
        )
    }
}
