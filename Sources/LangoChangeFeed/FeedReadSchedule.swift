import Foundation
import LangoJSON

/// When a node reads a shared change feed again, and whether what it last read is recent
/// enough to answer from.
///
/// A state machine as a value: the holder keeps it under its lock, asks ``shouldRead(at:)``
/// on each lookup, reads the feed outside the lock when told to, and reports with
/// ``finished(at:succeeded:)``. One read runs at a time; other lookups meanwhile answer from
/// what is known. Whenever what is known is too old to answer from — before the first
/// successful read, or on a node that was idle longer than `staleAfter` intervals — every
/// lookup reads, since none can answer without a read of its own; lookups fail only when their
/// read fails too.
public struct FeedReadSchedule: Sendable {
    /// How long a read stays current.
    public let interval: TimeInterval
    /// How many intervals without a successful read are tolerated.
    public let staleAfter: Double
    /// When the last successful read started.
    public private(set) var lastRead: Date?
    private var reading = false

    /// A schedule reading every `interval`, untrusted after `staleAfter` intervals without a read.
    public init(interval: Duration, staleAfter: Double = 5) {
        self.interval = interval.timeInterval
        self.staleAfter = staleAfter
    }

    /// Whether this lookup should read the feed now; if so, it must report with ``finished(at:succeeded:)``.
    public mutating func shouldRead(at now: Date) -> Bool {
        let due = lastRead.map { now.timeIntervalSince($0) >= interval } ?? true
        guard !isTrusted(at: now) || (due && !reading) else { return false }
        reading = true
        return true
    }

    /// Records the end of a read that started at `startedAt`.
    public mutating func finished(at startedAt: Date, succeeded: Bool) {
        reading = false
        if succeeded { lastRead = startedAt }
    }

    /// Whether what was read is recent enough to answer from at `now`.
    public func isTrusted(at now: Date) -> Bool {
        lastRead.map { now.timeIntervalSince($0) < staleAfter * interval } ?? false
    }
}
