import Foundation
import LangoIdentity
import LangoStore
import SQLKit
import Testing

@Suite struct SQLiteBackendTests {
    @Test func reopeningAppliesNoMigrationTwiceAndKeepsData() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.path("lango.db")
        let first = try await Store.openSQLite(path: path)
        try await first.identity.insertApp(App(id: "app_kept", name: "Kept", environment: .sandbox, createdAt: Date()))
        try await first.close()
        let second = try await Store.openSQLite(path: path)
        #expect(try await second.identity.app(id: "app_kept")?.name == "Kept")
        let versions = try await second.backend.read { database in
            try await database.raw("SELECT version FROM lango_schema_migrations ORDER BY version").all().map {
                try $0.decode(column: "version", as: Int.self)
            }
        }
        #expect(versions == Array(1...Store.schemaVersion))
        try await second.close()
    }

    @Test func refusesADatabaseFromANewerLango() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.path("lango.db")
        let store = try await Store.openSQLite(path: path)
        try await store.backend.transaction { database in
            try await database.raw("INSERT INTO lango_schema_migrations (version, name, applied_at) VALUES (999, 'future', 0)").run()
        }
        try await store.close()
        await #expect(throws: StoreError.newerSchema(found: 999, known: Store.schemaVersion)) { try await Store.openSQLite(path: path) }
    }

    @Test func aFailedTransactionLeavesNothingBehind() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let store = try await Store.openSQLite(path: directory.path("lango.db"))
        struct Abort: Error {}
        await #expect(throws: Abort.self) {
            try await store.backend.transaction { database in
                try await database.raw("INSERT INTO apps (id, name, environment, status, created_at) VALUES ('app_gone', 'x', 'sandbox', 'active', 0)").run()
                throw Abort()
            }
        }
        #expect(try await store.identity.app(id: "app_gone") == nil)
        try await store.close()
    }

    @Test func concurrentTransactionsDoNotInterleave() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let store = try await Store.openSQLite(path: directory.path("lango.db"))
        try await store.backend.transaction { database in
            try await database.raw("CREATE TABLE counter (n BIGINT NOT NULL)").run()
            try await database.raw("INSERT INTO counter (n) VALUES (0)").run()
        }
        // Read-modify-write in each transaction: lost updates would show if two ran at once.
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<40 {
                group.addTask {
                    try await store.backend.transaction { database in
                        let n = try await database.raw("SELECT n FROM counter").first()!.decode(column: "n", as: Int.self)
                        try await database.raw("UPDATE counter SET n = \(bind: n + 1)").run()
                    }
                }
            }
            try await group.waitForAll()
        }
        let total = try await store.backend.read { database in
            try await database.raw("SELECT n FROM counter").first()!.decode(column: "n", as: Int.self)
        }
        #expect(total == 40)
        try await store.close()
    }

    @Test func twoOpenersOfOneFileSeeEachOthersCommits() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.path("shared.db")
        let gateway = try await Store.openSQLite(path: path)
        let admin = try await Store.openSQLite(path: path)
        try await admin.identity.insertApp(App(id: "app_new", name: "New", environment: .production, createdAt: Date()))
        #expect(try await gateway.identity.app(id: "app_new")?.name == "New")
        try await gateway.close()
        try await admin.close()
    }

    @Test func anUnopenablePathIsReportedClearly() async throws {
        await #expect(throws: (any Error).self) { try await Store.openSQLite(path: "/proc/lango/cannot/lango.db") }
    }
}
