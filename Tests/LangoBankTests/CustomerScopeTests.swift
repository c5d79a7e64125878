import Foundation
import LangoBank
import Testing

struct CustomerScopeTests {
    private func account(_ id: String, of customerID: String) -> Account {
        Account(id: id, customerID: customerID, currency: "KES", accountType: "Personal", accountSubType: "Savings",
                nickname: "n", openingDate: Date(timeIntervalSince1970: 0), status: "Enabled", schemeName: "s",
                identification: "1", holderName: "h")
    }

    @Test func includesAllOfTheCustomersAccountsWithoutAList() {
        let scope = CustomerScope(customerID: "C0001")
        #expect(scope.includes(account("C0001-KES-1", of: "C0001")))
        #expect(scope.includes(account("C0001-USD-1", of: "C0001")))
        #expect(!scope.includes(account("C0002-KES-1", of: "C0002")))
    }

    @Test func aListNarrowsButNeverWidens() {
        let scope = CustomerScope(customerID: "C0001", accounts: ["C0001-KES-1", "C0002-KES-1"])
        #expect(scope.includes(account("C0001-KES-1", of: "C0001")))
        #expect(!scope.includes(account("C0001-KES-2", of: "C0001")))
        #expect(!scope.includes(account("C0002-KES-1", of: "C0002")))
        #expect(!CustomerScope(customerID: "C0001", accounts: []).includes(account("C0001-KES-1", of: "C0001")))
    }
}
