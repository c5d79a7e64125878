import ArgumentParser
import Foundation
import LangoBank
import LangoConsent
import LangoJSON
import LangoPayments
import LangoStore
import Logging

struct PaymentsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "payments",
        abstract: "Read payments, what became of them and the fraud check that let them through; record reconciled ones (in the store).",
        subcommands: [Show.self, Reconcile.self]
    )

    struct Reconcile: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Record what the core's ledger shows for a payment left AcceptedSettlementInProcess.",
            discussion: """
                The execution service leaves a payment AcceptedSettlementInProcess when the core did not \
                confirm its booking. Once the bank has looked in the core's ledger, record what it found: \
                --booked with the transaction, or --not-booked with the reason the app's developers will \
                read. The app's webhooks get payment.completed or payment.failed from the running gateway.
                """)

        @OptionGroup var common: CommonOptions

        @Argument(help: "The payment id (dp-…).")
        var id: String

        @Option(help: "The core booked it: the transaction's id.")
        var booked: String?

        @Option(help: "The core booked nothing: why, for the app's developers.")
        var notBooked: String?

        func validate() throws {
            guard (booked == nil) != (notBooked == nil) else { throw ValidationError("give exactly one of --booked and --not-booked") }
        }

        func run() async throws {
            try await reporting {
                try await common.administer { admin in
                    let reconciler = PaymentReconciler(store: admin.store.payments, logger: Logger(label: "lango.admin"))
                    let reconciliation: PaymentReconciliation = booked.map { .booked(transactionID: $0) } ?? .notBooked(reason: notBooked ?? "")
                    let payment: DomesticPayment
                    do {
                        payment = try await reconciler.reconcile(paymentID: id, reconciliation, at: Date())
                    } catch let error as PaymentReconciliationError {
                        throw CommandFailure.problems("\(error)")
                    }
                    print("\(payment.id) \(payment.status.rawValue)" + (payment.transactionID.map { " as \($0)" } ?? "") + (payment.rejectionReason.map { ": \($0)" } ?? ""))
                }
            }
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show a payment (dp-…), or every payment of a bulk (bp-…).")

        @OptionGroup var common: CommonOptions

        @Argument(help: "The payment id (dp-…) or bulk payment id (bp-…).")
        var id: String

        func run() async throws {
            try await reporting {
                try await common.administer { admin in
                    let payments =
                        id.hasPrefix("bp-") ? try await admin.store.payments.payments(bulkID: id) : [try await admin.store.payments.payment(id: id)].compactMap { $0 }
                    guard let first = payments.first else { throw CommandFailure.problems("no payment \(id)") }
                    print("consent \(first.consentID) of \(first.appID) (client \(first.clientID)); customer \(first.customerID), from \(first.debtorAccountID)")
                    print(Table.render(
                        header: ["PAYMENT", "AMOUNT", "TO", "STATUS", "SINCE", "TRANSACTION", "FRAUD CHECK", "REASON"],
                        rows: payments.map { payment in
                            let check = payment.fraudCheck.map { check in
                                "\(check.hook): \(check.action)" + (check.score.map { " (score \($0))" } ?? "") + (check.failMode.map { " (fail \($0))" } ?? "")
                            }
                            return [
                                payment.id, payment.initiation.amount.description,
                                payment.initiation.creditorAccount.name ?? payment.initiation.creditorAccount.identification, payment.status.rawValue,
                                ISO8601.format(payment.statusUpdatedAt) + (payment.reconciledAt == nil ? "" : " (reconciled)"), payment.transactionID ?? "-",
                                check ?? "-", payment.rejectionReason ?? "-",
                            ]
                        }))
                }
            }
        }
    }
}
