import LangoJSON
import LangoLimits
import LangoPolicy

/// Checks one plan file and builds its ``Plan``, reporting every problem to the file's
/// ``DiagnosticCollector``.
struct PlanParser {
    static let fields = ["plan", "version", "name", "description", "rate", "quotas", "products", "price", "revenue_share"]

    let knownProducts: Set<String>
    let unknownProducts: PolicyDiagnostic.Severity
    let diagnostics: DiagnosticCollector

    func parse(_ source: PolicySource) -> PlanDraft {
        guard let value = diagnostics.parseJSON(source),
            let reader = ObjectReader(value, at: .root, fields: Self.fields, diagnostics: diagnostics)
        else { return PlanDraft(file: source.name, id: nil, plan: nil) }

        let id = reader.string("plan", required: true).flatMap { id -> String? in
            guard PolicyIdentifier.isValidProduct(id) else {
                diagnostics.error("invalid plan id \"\(id)\"", at: reader.path("plan"), hint: PolicyIdentifier.productHint)
                return nil
            }
            return id
        }
        let version = reader.integer("version", in: 1...Int.max, required: true)
        let name = reader.string("name", required: true).flatMap { name -> String? in
            guard !name.allSatisfy(\.isWhitespace) else {
                diagnostics.error(
                    "\"name\" cannot be empty", at: reader.path("name"),
                    hint: "the name is what developers see, such as \"Startup\"")
                return nil
            }
            return name
        }
        let description = reader.string("description")
        let rate = reader.object("rate", fields: ["requests", "per", "burst"], required: true).flatMap(rateLimit)
        let quotas = quotas(reader)
        let products = products(reader)
        let price = price(reader)
        let revenueShares = revenueShares(reader, products: products)
        if let quotas { warnAboutContradictions(quotas: quotas, price: price) }
        guard diagnostics.errorCount == 0, let id, let version, let name, let rate, let quotas, let products, let price,
            let revenueShares
        else { return PlanDraft(file: source.name, id: id, plan: nil) }
        return PlanDraft(
            file: source.name, id: id,
            plan: Plan(
                id: id, version: version, name: name, description: description, file: source.name, rateLimit: rate,
                quotas: quotas, products: products, price: price, revenueShares: revenueShares))
    }

    /// `rate`: `requests` per `per`, with `burst` defaulting to a tenth of the requests (rounded up).
    private func rateLimit(_ reader: ObjectReader) -> RateLimit? {
        let requests = reader.integer("requests", in: 1...Int.max, required: true)
        let period: RatePeriod? = reader.choice("per", required: true)
        let burst =
            reader.value("burst") == nil
            ? requests.map { $0 / 10 + ($0 % 10 == 0 ? 0 : 1) }
            : reader.integer(
                "burst", in: 1...(requests ?? .max),
                hint: "the burst is how many requests may arrive at once: from 1 up to the rate's requests")
        guard let requests, let period, let burst else { return nil }
        return RateLimit(limit: requests, period: period.duration, burst: burst)
    }

    /// `quotas`: `"unlimited"` (no quotas) or a non-empty list with at most one quota per period.
    private func quotas(_ reader: ObjectReader) -> [Quota]? {
        let path = reader.path("quotas")
        switch reader.present("quotas", required: true) {
        case nil:
            return nil
        case .string("unlimited"):
            return []
        case .string(let text):
            let hint = Suggestion.nearest(to: text, among: ["unlimited"]).map { "did you mean \"\($0)\"?" }
            diagnostics.error("invalid quotas \"\(text)\"", at: path, hint: hint ?? "write a list of quotas, or \"unlimited\"")
            return nil
        case .array(let elements):
            guard !elements.isEmpty else {
                diagnostics.error(
                    "\"quotas\" must list at least one quota", at: path, hint: "write \"unlimited\" for a plan without quotas")
                return nil
            }
            var quotas: [Quota] = []
            var firstIndex: [QuotaPeriod: Int] = [:]
            let errors = diagnostics.errorCount
            for (index, element) in elements.enumerated() {
                guard
                    let quota = ObjectReader(
                        element, at: path.appending(index: index), fields: ["requests", "per"], diagnostics: diagnostics)
                else { continue }
                let requests = quota.integer("requests", in: 1...Int.max, required: true)
                guard let period: QuotaPeriod = quota.choice("per", required: true), let requests else { continue }
                if let first = firstIndex[period] {
                    diagnostics.error(
                        "a second \"\(period.rawValue)\" quota", at: quota.path("per"),
                        hint: "each period has at most one quota; the first is $.quotas[\(first)]")
                    continue
                }
                firstIndex[period] = index
                quotas.append(Quota(period: period, limit: requests))
            }
            return diagnostics.errorCount == errors ? quotas : nil
        case let value?:
            diagnostics.error("expected an array of quotas or \"unlimited\", found \(value.typeName)", at: path)
            return nil
        }
    }

    /// `products`: a non-empty list of distinct products the policies declare.
    private func products(_ reader: ObjectReader) -> Set<String>? {
        guard let elements = reader.array("products", required: true) else { return nil }
        let path = reader.path("products")
        guard !elements.isEmpty else {
            diagnostics.error("\"products\" must list at least one API product", at: path)
            return nil
        }
        var products: Set<String> = []
        let errors = diagnostics.errorCount
        for (index, element) in elements.enumerated() {
            let elementPath = path.appending(index: index)
            guard case .string(let product) = element else {
                diagnostics.error("expected string, found \(element.typeName)", at: elementPath)
                continue
            }
            if !PolicyIdentifier.isValidProduct(product) {
                diagnostics.error("invalid product name \"\(product)\"", at: elementPath, hint: PolicyIdentifier.productHint)
            } else if !products.insert(product).inserted {
                diagnostics.error("\"\(product)\" is listed more than once", at: elementPath)
            } else if !knownProducts.contains(product) {
                let hint =
                    Suggestion.hint(for: product, among: knownProducts, noun: "products")
                    ?? "the policies declare no API products: rules name theirs with \"product\""
                switch unknownProducts {
                case .error: diagnostics.error("unknown API product \"\(product)\"", at: elementPath, hint: hint)
                case .warning: diagnostics.warning("unknown API product \"\(product)\"", at: elementPath, hint: hint)
                }
            }
        }
        return diagnostics.errorCount == errors ? products : nil
    }

    /// Warnings about plans that check but cannot mean what they say (`price` is `nil` when it
    /// has errors).
    private func warnAboutContradictions(quotas: [Quota], price: PlanPrice?) {
        let path = JSONPath.root.appending(key: "quotas")
        let day = quotas.firstIndex { $0.period == .day }
        let month = quotas.firstIndex { $0.period == .month }
        if let day, let month, quotas[day].limit >= quotas[month].limit {
            diagnostics.warning(
                "the daily quota (\(quotas[day].limit)) is not below the monthly quota (\(quotas[month].limit)), so it never limits anything the monthly quota does not",
                at: path.appending(index: day), hint: "lower the daily quota, or remove it")
        }
        guard case .listed(let priceList)? = price, !priceList.overage.isEmpty, !quotas.isEmpty else { return }
        let monthlyCap = min(
            month.map { quotas[$0].limit } ?? .max,
            day.map { quotas[$0].limit.multipliedReportingOverflow(by: 31) }.map { $0.overflow ? .max : $0.partialValue } ?? .max)
        if monthlyCap <= priceList.includedCalls {
            diagnostics.warning(
                "the overage bands are never charged: the quotas admit at most \(monthlyCap) calls a month, and \(priceList.includedCalls) are included",
                at: JSONPath.root.appending(key: "price").appending(key: "overage"),
                hint: "raise the quotas, lower included_calls, or remove the bands")
        }
    }
}
