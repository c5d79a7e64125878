import Foundation
import LangoConsent
import LangoJSON
import LangoWebhooks

/// Turns the consent audit trail's `revoked` and `expired` events into `consent.revoked` and
/// `consent.expired` webhooks for the consent's app.
///
/// The trail is stored with each change, in the same write, and this reads it on from a cursor
/// the webhook store keeps: an event whose node stopped right after the change is still told,
/// by any node's next pass. The cursor is leased, so one node reads at a time, and moves only
/// past events whose messages are enqueued: at least once, never lost, and an event written
/// again is the same message (its id comes from the endpoint and the trail event).
public struct ConsentAnnouncer: Sendable {
    /// The cursor's name; migration 16 starts it after the events already in the trail.
    public static let cursor = "consent-events"
    public static let lease: Duration = .seconds(60)
    public static let batchSize = 100

    let consents: any ConsentStore
    let webhooks: WebhookRegistry
    let clock: @Sendable () -> Date

    public init(consents: any ConsentStore, webhooks: WebhookRegistry, clock: @escaping @Sendable () -> Date = Date.init) {
        self.consents = consents
        self.webhooks = webhooks
        self.clock = clock
    }

    /// Announces the events after the cursor (up to ``batchSize``); returns how many it read.
    @discardableResult
    public func announceDue() async throws -> Int {
        let now = clock()
        guard let cursor = try await webhooks.store.claimCursor(Self.cursor, now: now, leaseUntil: now.addingTimeInterval(Self.lease.timeInterval))
        else { return 0 }
        var position = cursor.position
        do {
            let events = try await consents.events(after: cursor.position, limit: Self.batchSize)
            for event in events {
                try await announce(event)
                position = event.sequence
            }
            _ = try await webhooks.store.advance(cursor, to: position)
            return events.count
        } catch {
            _ = try? await webhooks.store.advance(cursor, to: position)
            throw error
        }
    }

    private func announce(_ event: ConsentEvent) async throws {
        let type: WebhookEventType
        switch event.kind {
        case .revoked: type = .consentRevoked
        case .expired: type = .consentExpired
        default: return
        }
        guard let consent = try await consents.consent(id: event.consentID) else { return }
        try await webhooks.publish(
            appID: consent.appID, type: type, event: "\(event.consentID)/\(event.sequence)",
            data: [
                "ConsentId": .string(event.consentID), "Status": .string(event.statusAfter.rawValue),
                // As the consent's GET reports it: an expiry keeps the status, and its time.
                "StatusUpdateDateTime": .string(ISO8601.format(event.kind == .expired ? consent.statusUpdatedAt : event.at)),
            ],
            at: event.at)
    }
}
