/// Idempotent replay for an allow rule: requests must carry `x-idempotency-key`, and a repeat of
/// the key within the window gets the stored response (an ``Obligation/idempotency`` obligation).
public struct IdempotencyRequirement: Sendable, Hashable {
    /// How long a key is remembered, 1...168 hours.
    public let ttlHours: Int
}
