import LangoBank
import LangoJSON
import LangoPolicy

extension PlanParser {
    /// `price`: `"custom"`, or a price list whose amounts are exact decimal strings.
    func price(_ reader: ObjectReader) -> PlanPrice? {
        let path = reader.path("price")
        switch reader.present("price", required: true) {
        case nil:
            return nil
        case .string("custom"):
            return .custom
        case .string(let text):
            let hint = Suggestion.nearest(to: text, among: ["custom"]).map { "did you mean \"\($0)\"?" }
            diagnostics.error(
                "invalid price \"\(text)\"", at: path, hint: hint ?? "write a price object, or \"custom\" for a negotiated price")
            return nil
        case let value? where value.objectValue != nil:
            guard
                let list = ObjectReader(
                    value, at: path, fields: ["currency", "monthly_fee", "included_calls", "overage"], diagnostics: diagnostics)
            else { return nil }
            let currency = list.string("currency", required: true).flatMap { code -> String? in
                guard Money.isCurrencyCode(code) else {
                    diagnostics.error(
                        "invalid currency \"\(code)\"", at: list.path("currency"),
                        hint: "an ISO 4217 code in capitals, such as \"KES\" or \"USD\"")
                    return nil
                }
                return code
            }
            let monthlyFee = amount(list, "monthly_fee", example: "2500.00")
            let includedCalls = list.integer("included_calls", in: 0...Int.max, required: true)
            let bands = overage(list)
            guard let currency, let monthlyFee, let includedCalls, let bands else { return nil }
            return .listed(
                PriceList(
                    currency: currency, monthlyFee: Money(minorUnits: monthlyFee, currency: currency),
                    includedCalls: includedCalls,
                    overage: bands.map {
                        OverageBand(upTo: $0.upTo, per1000: Money(minorUnits: $0.per1000, currency: currency))
                    }))
        case let value?:
            diagnostics.error("expected a price object or \"custom\", found \(value.typeName)", at: path)
            return nil
        }
    }

    /// `overage`: bands with ascending `up_to`, the last one open-ended; none when left out.
    private func overage(_ list: ObjectReader) -> [(upTo: Int?, per1000: Int64)]? {
        guard list.value("overage") != nil else { return [] }
        guard let elements = list.array("overage") else { return nil }
        let path = list.path("overage")
        var bands: [(upTo: Int?, per1000: Int64)] = []
        let errors = diagnostics.errorCount
        for (index, element) in elements.enumerated() {
            guard
                let band = ObjectReader(
                    element, at: path.appending(index: index), fields: ["up_to", "per_1000"], diagnostics: diagnostics)
            else { continue }
            let upTo = band.integer("up_to", in: 1...Int.max)
            let per1000 = amount(band, "per_1000", example: "40.00")
            guard band.value("up_to") == nil || upTo != nil, let per1000 else { continue }
            if let previous = bands.last {
                guard let previousUpTo = previous.upTo else {
                    diagnostics.error(
                        "a band after the open-ended band", at: band.path,
                        hint: "only the last band may leave out \"up_to\" (or set it to null)")
                    continue
                }
                if let upTo, upTo <= previousUpTo {
                    diagnostics.error(
                        "\"up_to\" must be above the previous band's \(previousUpTo), found \(upTo)", at: band.path("up_to"),
                        hint: "bands go in ascending order of up_to")
                    continue
                }
            }
            bands.append((upTo, per1000))
        }
        guard diagnostics.errorCount == errors else { return nil }
        if let last = bands.last, let upTo = last.upTo {
            diagnostics.error(
                "the last band must be open-ended", at: path.appending(index: bands.count - 1).appending(key: "up_to"),
                hint: "set \"up_to\": null on the last band, so that calls beyond \(upTo) have a price")
            return nil
        }
        return bands
    }

    /// A required decimal amount (`"2500.00"`), in minor units.
    private func amount(_ reader: ObjectReader, _ key: String, example: String) -> Int64? {
        guard let value = reader.present(key, required: true) else { return nil }
        guard case .string(let text) = value else {
            diagnostics.error(
                "expected a decimal string such as \"\(example)\", found \(value.typeName)", at: reader.path(key),
                hint: "write amounts as strings, so they stay exact")
            return nil
        }
        guard let minorUnits = Money.minorUnits(decimal: text) else {
            diagnostics.error(
                "\"\(key)\" must be an amount of at least 0 with at most 2 decimals, such as \"\(example)\", found \"\(text)\"",
                at: reader.path(key))
            return nil
        }
        return minorUnits
    }

    /// `revenue_share`: shares on products the plan includes, at most one per product; none
    /// when left out. `products` is `nil` when they had errors (membership is then not checked).
    func revenueShares(_ reader: ObjectReader, products: Set<String>?) -> [RevenueShare]? {
        guard reader.value("revenue_share") != nil else { return [] }
        guard let elements = reader.array("revenue_share") else { return nil }
        let path = reader.path("revenue_share")
        var shares: [RevenueShare] = []
        let errors = diagnostics.errorCount
        for (index, element) in elements.enumerated() {
            guard
                let share = ObjectReader(
                    element, at: path.appending(index: index), fields: ["product", "percent"], diagnostics: diagnostics)
            else { continue }
            let product = share.string("product", required: true)
            let basisPoints = percent(share)
            guard let product, let basisPoints else { continue }
            if let products, !products.contains(product) {
                let hint =
                    Suggestion.nearest(to: product, among: products).map { "did you mean \"\($0)\"?" }
                    ?? "add it to \"products\" first"
                diagnostics.error(
                    "revenue share on \"\(product)\", which the plan does not include", at: share.path("product"), hint: hint)
            } else if shares.contains(where: { $0.product == product }) {
                diagnostics.error(
                    "a second revenue share on \"\(product)\"", at: share.path("product"), hint: "give each product one share")
            } else {
                shares.append(RevenueShare(product: product, basisPoints: basisPoints))
            }
        }
        return diagnostics.errorCount == errors ? shares : nil
    }

    /// `percent`: 0…100, a whole number or one with at most 2 decimals, in basis points.
    private func percent(_ share: ObjectReader) -> Int? {
        guard let value = share.present("percent", required: true) else { return nil }
        let basisPoints: Int?
        let written: String
        switch value {
        case .integer(let number):
            basisPoints = (0...100).contains(number) ? Int(number) * 100 : nil
            written = "\(number)"
        case .number(let number):
            let scaled = (number * 100).rounded()
            basisPoints = (0...10_000).contains(scaled) && abs(number * 100 - scaled) < 1e-6 ? Int(scaled) : nil
            written = "\(number)"
        default:
            diagnostics.error("expected number, found \(value.typeName)", at: share.path("percent"))
            return nil
        }
        guard let basisPoints else {
            diagnostics.error(
                "\"percent\" must be between 0 and 100 with at most 2 decimals, found \(written)",
                at: share.path("percent"))
            return nil
        }
        return basisPoints
    }
}
