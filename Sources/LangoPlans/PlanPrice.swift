/// How a plan is priced.
public enum PlanPrice: Sendable, Hashable {
    /// Negotiated per customer (`"price": "custom"`): the plan itself charges nothing computable.
    case custom
    /// A published price list.
    case listed(PriceList)
}
