import Foundation
import LangoBank
import Testing

struct TransactionQueryTests {
    private let noon = Date(timeIntervalSince1970: 1_772_366_400)

    private func booked(_ at: Date, _ creditDebit: CreditDebit = .credit) -> Transaction {
        let money = Money(minorUnits: 100, currency: "KES")
        return Transaction(
            id: "T", accountID: "A", bookedAt: at, valueAt: at, amount: money, creditDebit: creditDebit, status: "Booked",
            information: "x", balanceAfter: money, balanceAfterCreditDebit: .credit)
    }

    @Test func windowIsInclusiveAtBothEnds() {
        let query = TransactionQuery(from: noon, to: noon.addingTimeInterval(60), limit: 10)
        #expect(query.selects(booked(noon)))
        #expect(query.selects(booked(noon.addingTimeInterval(60))))
        #expect(!query.selects(booked(noon.addingTimeInterval(-0.001))))
        #expect(!query.selects(booked(noon.addingTimeInterval(60.001))))
        #expect(TransactionQuery(limit: 1).selects(booked(.distantPast)))
        #expect(TransactionQuery(from: noon, limit: 1).selects(booked(.distantFuture)))
        #expect(!TransactionQuery(to: noon, limit: 1).selects(booked(.distantFuture)))
    }

    @Test func aDirectionSelectsOnlyCreditsOrOnlyDebits() {
        #expect(TransactionQuery(creditDebit: .credit, limit: 1).selects(booked(noon, .credit)))
        #expect(!TransactionQuery(creditDebit: .credit, limit: 1).selects(booked(noon, .debit)))
        #expect(TransactionQuery(creditDebit: .debit, limit: 1).selects(booked(noon, .debit)))
        #expect(TransactionQuery(limit: 1).selects(booked(noon, .debit)))
    }

    @Test func validateRejectsNegativesAndReversedWindows() throws {
        try TransactionQuery(from: noon, to: noon, offset: 0, limit: 0).validate()
        let invalid = [
            TransactionQuery(offset: -1, limit: 1), TransactionQuery(limit: -1),
            TransactionQuery(from: noon.addingTimeInterval(1), to: noon, limit: 1),
        ]
        for query in invalid {
            let error = #expect(throws: CoreBankError.self) { try query.validate() }
            #expect(error?.category == .invalidRequest)
        }
    }
}
