import LangoBank
import LangoBankTesting
import Testing

struct InMemorySandboxLedgerTests {
    @Test func meetsTheSandboxLedgerContract() async throws {
        try await SandboxLedgerContract.verify { InMemorySandboxLedger() }
    }
}
