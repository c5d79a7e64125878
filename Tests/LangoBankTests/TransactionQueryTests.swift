import Foundation
import LangoBank
import Testing

struct TransactionQueryTests {
    private let noon = Date(timeIntervalSince1970: 1_772_366_400)

    @Test func windowIsInclusiveAtBothEnds() {
        let query = TransactionQuery(from: noon, to: noon.addingTimeInterval(60), limit: 10)
        #expect(query.contains(noon))
        #expect(query.contains(noon.addingTimeInterval(60)))
        #expect(!query.contains(noon.addingTimeInterval(-0.001)))
        #expect(!query.contains(noon.addingTimeInterval(60.001)))
        #expect(TransactionQuery(limit: 1).contains(.distantPast))
        #expect(TransactionQuery(from: noon, limit: 1).contains(.distantFuture))
        #expect(!TransactionQuery(to: noon, limit: 1).contains(.distantFuture))
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
