import Foundation
import LangoBank
import Testing

struct LedgerEntryTests {
    private let account = Account(
        id: "C0001-KES-1", customerID: "C0001", currency: "KES", accountType: "Personal",
        accountSubType: "CurrentAccount", nickname: "Main", openingDate: Date(timeIntervalSince1970: 0), status: "Enabled",
        schemeName: "KE.WEKEZA.AccountNumber", identification: "1010000000001", holderName: "Wanjiru Kamau")

    private func entry(_ minorUnits: Int64, _ creditDebit: CreditDebit, currency: String = "KES",
                       information: String = "DEPOSIT", reference: String? = nil) -> LedgerEntry {
        LedgerEntry(id: "TX-1", accountID: "C0001-KES-1", amount: Money(minorUnits: minorUnits, currency: currency),
                    creditDebit: creditDebit, bookedAt: Date(timeIntervalSince1970: 1_772_366_400), information: information,
                    reference: reference)
    }

    private func kes(_ minorUnits: Int64) -> Money { Money(minorUnits: minorUnits, currency: "KES") }

    @Test func validateAcceptsAPositiveAmountInTheAccountsCurrency() throws {
        try entry(1, .debit).validate(against: account)
        try entry(1, .credit, reference: "R").validate(against: account)
    }

    @Test func validateNamesWhatIsWrong() {
        var elsewhere = entry(100, .credit)
        elsewhere.accountID = "C0001-KES-2"
        let cases: [(LedgerEntry, CoreBankError)] = [
            (entry(100, .credit, currency: "USD"), .currencyMismatch(expected: "KES", got: "USD")),
            (entry(0, .credit), .invalidRequest("the amount must be positive")),
            (entry(-5, .debit), .invalidRequest("the amount must be positive")),
            (entry(100, .credit, information: ""), .invalidRequest("the transaction information must not be empty")),
            (entry(100, .credit, reference: ""), .invalidRequest("the reference must not be empty when given")),
            (elsewhere, .notFound(resource: "account", id: "C0001-KES-2")),
        ]
        for (entry, expected) in cases {
            #expect(throws: expected) { try entry.validate(against: account) }
        }
    }

    @Test func creditsAndDebitsMoveTheBalance() throws {
        let credited = try entry(2_50, .credit).balance(after: (kes(10_00), .credit))
        #expect(credited.amount == kes(12_50) && credited.creditDebit == .credit)
        let debited = try entry(2_50, .debit).balance(after: (kes(10_00), .credit))
        #expect(debited.amount == kes(7_50) && debited.creditDebit == .credit)
        let emptied = try entry(10_00, .debit).balance(after: (kes(10_00), .credit))
        #expect(emptied.amount == kes(0) && emptied.creditDebit == .credit)
        let repaid = try entry(3_00, .credit).balance(after: (kes(5_00), .debit))
        #expect(repaid.amount == kes(2_00) && repaid.creditDebit == .debit)
    }

    @Test func aDebitBelowZeroIsInsufficientFunds() {
        #expect(throws: CoreBankError.insufficientFunds(accountID: "C0001-KES-1")) {
            try entry(10_01, .debit).balance(after: (kes(10_00), .credit))
        }
        #expect(throws: CoreBankError.insufficientFunds(accountID: "C0001-KES-1")) {
            try entry(1, .debit).balance(after: (kes(5_00), .debit))
        }
    }

    @Test func overflowIsRefused() {
        #expect(throws: CoreBankError.invalidRequest("the amount is too large")) {
            try entry(1, .credit).balance(after: (kes(.max), .credit))
        }
    }

    @Test func becomesABookedTransaction() {
        var card = entry(4_00, .debit, reference: "R-9")
        card.merchantName = "Naivas"
        card.merchantCategoryCode = "5411"
        card.bankTransactionCode = BankTransactionCode(code: "CustomerCardTransactions", subCode: "PointOfSale")
        let transaction = card.transaction(balanceAfter: (kes(6_00), .credit))
        #expect(transaction == Transaction(
            id: "TX-1", accountID: "C0001-KES-1", reference: "R-9", bookedAt: card.bookedAt, valueAt: card.bookedAt,
            amount: kes(4_00), creditDebit: .debit, status: "Booked", information: "DEPOSIT", merchantName: "Naivas",
            merchantCategoryCode: "5411", bankTransactionCode: card.bankTransactionCode, balanceAfter: kes(6_00),
            balanceAfterCreditDebit: .credit))
    }
}
