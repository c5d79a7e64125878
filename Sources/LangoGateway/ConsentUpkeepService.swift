import Foundation
import LangoConsent
import Logging
import ServiceLifecycle
import Synchronization

/// When consents served requests on this node, waiting to be written to the store.
final class ConsentUseLog: Sendable {
    private let pending = Mutex<[String: Date]>([:])

    /// Notes that consent `id` served a request at `time`.
    func note(_ id: String, at time: Date) {
        pending.withLock { $0[id] = max($0[id] ?? time, time) }
    }

    /// Everything noted since the last take.
    func take() -> [String: Date] {
        pending.withLock { pending in
            defer { pending.removeAll() }
            return pending
        }
    }

    /// Puts back uses a failed write did not store, keeping any later ones noted meanwhile.
    func restore(_ uses: [String: Date]) {
        pending.withLock { pending in
            for (id, time) in uses { pending[id] = max(pending[id] ?? time, time) }
        }
    }
}

/// Keeps the consents' records up to date off the request path, every `interval`: writes when
/// each consent was last used, and records each consent, authorised or awaiting authorisation,
/// that has passed its expiry as an `expired` audit event (its tokens stop, and its
/// authorisation is refused, at expiry whether or not this has run). A failed
/// pass is logged and the next one tries again; uses are written once more at shutdown.
struct ConsentUpkeepService: Service {
    let consents: GatewayConsents
    let interval: Duration
    let logger: Logger

    /// How many expiries one pass records at most.
    static let expiriesPerPass = 100

    func run() async throws {
        while true {
            do {
                try await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) }
            } catch {
                await writeUses()
                return
            }
            await writeUses()
            await recordExpiries()
        }
    }

    func writeUses() async {
        let uses = consents.uses.take()
        guard !uses.isEmpty else { return }
        do {
            try await consents.service.store.recordUses(uses)
        } catch {
            consents.uses.restore(uses)
            logger.error("consent last use not written; trying again later", metadata: ["error": "\(error)"])
        }
    }

    func recordExpiries() async {
        do {
            for consent in try await consents.service.store.dueExpiries(at: consents.clock(), limit: Self.expiriesPerPass) {
                do {
                    try await consents.service.recordExpiry(id: consent.id)
                } catch let error as ConsentError {
                    // Another node recorded it, or the consent changed first: nothing is due.
                    logger.debug("consent expiry not recorded", metadata: ["consent": "\(consent.id)", "reason": "\(error)"])
                }
            }
        } catch {
            logger.error("consent expiries not recorded; trying again later", metadata: ["error": "\(error)"])
        }
    }
}
