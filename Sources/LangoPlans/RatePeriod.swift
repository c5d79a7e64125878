/// The unit of a plan's rate (`rate.per`).
enum RatePeriod: String, CaseIterable {
    case second
    case minute

    var duration: Duration {
        switch self {
        case .second: .seconds(1)
        case .minute: .seconds(60)
        }
    }
}
