import ArgumentParser
import Foundation
import LangoGateway
import LangoJSON
import LangoLimits
import LangoMetering
import LangoStore

struct UsageCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "usage",
        abstract: "Print metered usage per app, API product and status class.",
        discussion: """
            Usage records are written by the gateway in batches (every second by default), counted \
            per UTC hour; --from and --to select the hours that start in between. Days are taken \
            in the gateway's quota_timezone, as quotas and bills count them. Cost is what the calls \
            were charged against the plan (0 for calls refused before reaching the bank).
            """
    )

    @OptionGroup var common: CommonOptions

    @Option(help: "Only this app.")
    var app: String?

    @Option(help: "First day or instant to include, e.g. 2026-11-01 (default: the first of this month).")
    var from: String?

    @Option(help: "Day or instant to stop before, e.g. 2026-12-01 (default: now).")
    var to: String?

    func run() async throws {
        try await reporting {
            let now = Date()
            let timeZone = try common.configuration().quotaTimeZone
            // The configuration has checked the zone's name.
            let days = QuotaCalendar(timeZone: TimeZone(identifier: timeZone)!)
            let start = try from.map { try instant($0, option: "--from", days) } ?? days.interval(of: .month, containing: now).start
            // Hours are counted from their start: include the hour in progress.
            let end = try to.map { try instant($0, option: "--to", days) } ?? now.addingTimeInterval(3_600)
            try await common.administer { admin in
                let totals = try await admin.store.usage.totals(appID: app, from: start, to: end)
                print("usage from \(ISO8601.format(start)) to \(ISO8601.format(end)) (days in \(timeZone))")
                print(Table.render(
                    header: ["APP", "PRODUCT", "STATUS", "REQUESTS", "COST"],
                    rows: totals.map { [$0.appID, $0.product, $0.statusClass, String($0.counts.requests), String($0.counts.cost)] }
                        + [["total", "", "", String(totals.reduce(0) { $0 + $1.counts.requests }), String(totals.reduce(0) { $0 + $1.counts.cost })]]))
            }
        }
    }

    /// An RFC 3339 instant, or the start of a day (`2026-11-01`) in `days`' time zone.
    private func instant(_ text: String, option: String, _ days: QuotaCalendar) throws -> Date {
        guard let date = ISO8601.parse(text) else {
            throw CommandFailure.cannotRun("\(option) must be a date such as 2026-11-01 or an RFC 3339 instant")
        }
        guard text.utf8.count == 10 else { return date }
        // The UTC midnight parsed, moved to the same calendar day's midnight in the zone.
        var utc = Calendar(identifier: .gregorian)
        utc.timeZone = TimeZone(identifier: "UTC")!
        var local = utc
        local.timeZone = days.timeZone
        return local.date(from: utc.dateComponents([.year, .month, .day], from: date)) ?? date
    }
}
