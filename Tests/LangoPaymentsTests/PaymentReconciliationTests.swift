import Foundation
import LangoJSON
import LangoPayments
import Testing

/// The bank's reconciliation of a payment the core never confirmed: only one left in process,
/// only once no node can still be booking it, and never twice.
@Suite struct PaymentReconciliationTests {
    static let bookingStarted = PaymentExecutorTests.now
    static var afterTheLease: Date { bookingStarted.addingTimeInterval(PaymentExecutor.lease.timeInterval) }

    static func inProcess() throws -> DomesticPayment {
        try PaymentExecutorTests.payment(amount: "10.00").startingSettlement(at: bookingStarted)
    }

    static func refusal(_ body: () throws(PaymentReconciliationError) -> DomesticPayment) -> PaymentReconciliationError? {
        do {
            _ = try body()
            return nil
        } catch {
            return error
        }
    }

    @Test func aBookedPaymentIsCompletedWithTheTransaction() throws {
        let payment = try Self.inProcess()
        let booked = try payment.reconciled(.booked(transactionID: "tx-77"), at: Self.afterTheLease)
        #expect(booked.status == .acceptedSettlementCompleted)
        #expect(booked.transactionID == "tx-77")
        #expect(booked.reconciledAt == Self.afterTheLease && booked.statusUpdatedAt == Self.afterTheLease)
        #expect(booked.version == payment.version + 1)
        #expect(payment.reconciledAt == nil)
    }

    @Test func aPaymentNotBookedIsRejectedWithTheReason() throws {
        let rejected = try Self.inProcess().reconciled(.notBooked(reason: "no debit in the core's ledger"), at: Self.afterTheLease)
        #expect(rejected.status == .rejected)
        #expect(rejected.rejectionReason == "no debit in the core's ledger")
        #expect(rejected.transactionID == nil)
        #expect(rejected.reconciledAt == Self.afterTheLease)
    }

    @Test func onlyAPaymentLeftInProcessAfterItsLease() throws {
        let payment = try Self.inProcess()
        let early = Self.refusal { () throws(PaymentReconciliationError) in
            try payment.reconciled(.booked(transactionID: "tx-1"), at: Self.afterTheLease.addingTimeInterval(-1))
        }
        #expect(early == .stillBooking(until: Self.afterTheLease))
        #expect(early?.category == .conflict)

        let pending = try PaymentExecutorTests.payment(amount: "10.00")
        #expect(Self.refusal { () throws(PaymentReconciliationError) in try pending.reconciled(.booked(transactionID: "tx-1"), at: Self.afterTheLease) }
            == .notInProcess(.pending))
        let done = try payment.reconciled(.booked(transactionID: "tx-1"), at: Self.afterTheLease)
        let again = Self.refusal { () throws(PaymentReconciliationError) in
            try done.reconciled(.notBooked(reason: "changed my mind"), at: Self.afterTheLease.addingTimeInterval(60))
        }
        #expect(again == .notInProcess(.acceptedSettlementCompleted))
        #expect(again?.description == "the payment is AcceptedSettlementCompleted; only a payment left AcceptedSettlementInProcess is reconciled")
    }

    @Test(arguments: [
        PaymentReconciliation.booked(transactionID: ""), .booked(transactionID: "   "), .notBooked(reason: ""),
        .notBooked(reason: String(repeating: "x", count: 501)), .booked(transactionID: String(repeating: "7", count: 211)),
        .booked(transactionID: "tx\n1"),
    ])
    func refusesAnEmptyOverlongOrControlText(reconciliation: PaymentReconciliation) throws {
        let payment = try Self.inProcess()
        let refusal = Self.refusal { () throws(PaymentReconciliationError) in try payment.reconciled(reconciliation, at: Self.afterTheLease) }
        #expect(refusal?.category == .invalid, "\(reconciliation)")
    }
}
