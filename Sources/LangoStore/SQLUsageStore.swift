import Foundation
import LangoMetering
import SQLKit

/// ``UsageStore`` on SQL: the `usage_records` table, one row per key, grown by upserts.
public struct SQLUsageStore: UsageStore {
    private let backend: any SQLBackend

    public init(backend: any SQLBackend) {
        self.backend = backend
    }

    public func add(_ batch: [UsageKey: UsageCounts]) async throws {
        guard !batch.isEmpty else { return }
        let rows = Array(batch)
        try await backend.transaction { database in
            // Many rows per statement; SQLite and PostgreSQL both understand this upsert.
            for start in stride(from: 0, to: rows.count, by: 100) {
                var values: [SQLQueryString] = []
                for (key, counts) in rows[start..<min(start + 100, rows.count)] {
                    values.append(
                        """
                        (\(bind: key.appID), \(bind: key.product), \(bind: key.ruleID), \(bind: key.statusClass),
                         \(bind: Milliseconds.from(key.hour)), \(bind: counts.requests), \(bind: counts.cost))
                        """
                    )
                }
                try await database.raw(
                    """
                    INSERT INTO usage_records (app_id, product, rule_id, status_class, hour, requests, cost)
                    VALUES \(values.joined(separator: ", "))
                    ON CONFLICT (app_id, product, rule_id, status_class, hour)
                    DO UPDATE SET requests = usage_records.requests + excluded.requests,
                                  cost = usage_records.cost + excluded.cost
                    """
                ).run()
            }
        }
    }

    public func totals(appID: String?, from: Date, to: Date) async throws -> [UsageTotal] {
        try await backend.read { database in
            let range: SQLQueryString = "hour >= \(bind: Milliseconds.from(clamped(from))) AND hour < \(bind: Milliseconds.from(clamped(to)))"
            let filter: SQLQueryString = appID.map { "\(range) AND app_id = \(bind: $0)" } ?? range
            let rows = try await database.raw(
                """
                SELECT app_id, product, status_class, SUM(requests) AS requests, SUM(cost) AS cost
                FROM usage_records WHERE \(filter)
                GROUP BY app_id, product, status_class ORDER BY app_id, product, status_class
                """
            ).all()
            return try rows.map { row in
                UsageTotal(
                    appID: try row.decode(column: "app_id", as: String.self),
                    product: try row.decode(column: "product", as: String.self),
                    statusClass: try row.decode(column: "status_class", as: String.self),
                    counts: UsageCounts(
                        requests: try row.decode(column: "requests", as: Int64.self),
                        cost: try row.decode(column: "cost", as: Int64.self)))
            }
        }
    }

    /// Open-ended ranges (`distantPast`, `distantFuture`) become years 1970 and 9999, which every
    /// driver stores and compares as plain integers.
    private func clamped(_ date: Date) -> Date {
        min(max(date, Date(timeIntervalSince1970: 0)), Date(timeIntervalSince1970: 253_402_300_799))
    }
}
