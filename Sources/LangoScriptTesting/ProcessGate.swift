import Foundation

/// Bounds how many child processes the tests start or run at once.
///
/// Swift Testing runs every test at once, and end-to-end tests each start `lango` processes and
/// Python scripts. Unbounded, a two-core machine ran over fifty at a time (load average 25),
/// and servers inside the test process itself went unanswered for over ten seconds. Callers
/// hold a place while a child does its heavy part: the whole run of a command, or a server's
/// start-up until it listens.
public actor ProcessGate {
    /// The gate every test shares: two places per core.
    public static let shared = ProcessGate(places: 2 * max(1, ProcessInfo.processInfo.activeProcessorCount))

    private var free: Int
    private var waiting: [CheckedContinuation<Void, Never>] = []

    public init(places: Int) {
        precondition(places > 0, "a gate needs a place")
        free = places
    }

    /// Runs `body` once a place is free, and frees it after.
    public nonisolated func run<Result: Sendable>(_ body: @Sendable () async throws -> Result) async throws -> Result {
        await enter()
        do {
            let result = try await body()
            await leave()
            return result
        } catch {
            await leave()
            throw error
        }
    }

    private func enter() async {
        if free > 0 {
            free -= 1
            return
        }
        await withCheckedContinuation { waiting.append($0) }
    }

    private func leave() {
        if waiting.isEmpty {
            free += 1
        } else {
            waiting.removeFirst().resume()
        }
    }
}
