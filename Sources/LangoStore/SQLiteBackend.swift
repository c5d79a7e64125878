import Foundation
import Logging
import NIOCore
import NIOPosix
import SQLKit
import SQLiteKit
import Synchronization

/// SQLite through sqlite-nio, which runs every libsqlite3 call on a thread pool, never on an
/// event loop.
///
/// One writer connection, taken by one transaction at a time, and a few reader connections.
/// The file is in WAL mode, so readers never wait for the writer, and other processes (the
/// `lango` admin commands) can write to the same file safely.
public final class SQLiteBackend: SQLBackend {
    private let writer: SQLiteConnection
    private let readers: [SQLiteConnection]
    private let writerGate = AsyncGate()
    private let nextReader = Atomic<Int>(0)

    private init(writer: SQLiteConnection, readers: [SQLiteConnection]) {
        self.writer = writer
        self.readers = readers
    }

    /// Opens (creating if needed) the database file at `path`, with `readerCount` read connections.
    public static func open(path: String, readerCount: Int = 2, logger: Logger = Logger(label: "lango.store")) async throws
        -> SQLiteBackend
    {
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent()
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let eventLoop = MultiThreadedEventLoopGroup.singleton.any()
        var connections: [SQLiteConnection] = []
        do {
            for _ in 0..<(1 + max(1, readerCount)) {
                let connection = try await SQLiteConnection.open(
                    storage: .file(path: path), threadPool: .singleton, logger: logger, on: eventLoop
                ).get()
                connections.append(connection)
                _ = try await connection.query("PRAGMA foreign_keys = ON")
                // Another process (a second node sharing the file) may hold a lock for a moment:
                // wait for it rather than fail the read or write at once.
                _ = try await connection.query("PRAGMA busy_timeout = 5000")
                _ = try await connection.query("PRAGMA synchronous = NORMAL")
            }
            _ = try await connections[0].query("PRAGMA journal_mode = WAL")
        } catch {
            for connection in connections { try? await connection.close() }
            throw StoreError.unavailable("cannot open SQLite database at \(path): \(error)")
        }
        return SQLiteBackend(writer: connections[0], readers: Array(connections.dropFirst()))
    }

    public func read<T: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        let reader = readers[nextReader.wrappingAdd(1, ordering: .relaxed).oldValue % readers.count]
        return try await body(reader.sql())
    }

    public func transaction<T: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        await writerGate.enter()
        do {
            let database = writer.sql()
            // IMMEDIATE takes the write lock up front, so two processes never deadlock upgrading.
            try await database.raw("BEGIN IMMEDIATE").run()
            do {
                let result = try await body(database)
                try await database.raw("COMMIT").run()
                await writerGate.leave()
                return result
            } catch {
                try? await database.raw("ROLLBACK").run()
                throw error
            }
        } catch {
            await writerGate.leave()
            throw error
        }
    }

    public func close() async throws {
        try await writer.close()
        for reader in readers { try await reader.close() }
    }
}

/// A first-come first-served lock for async code: one holder at a time, waiters resumed in order.
actor AsyncGate {
    private var held = false
    private var waiters: [CheckedContinuation<Void, Never>] = []

    func enter() async {
        guard held else {
            held = true
            return
        }
        await withCheckedContinuation { waiters.append($0) }
    }

    func leave() {
        if waiters.isEmpty {
            held = false
        } else {
            waiters.removeFirst().resume()
        }
    }
}
