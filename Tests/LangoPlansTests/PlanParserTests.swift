import Foundation
import LangoBank
import LangoJSON
import LangoLimits
import LangoPlans
import LangoPolicy
import Testing

/// Every check of a plan file, through ``PlanCatalog/compile(_:products:)``: the exact
/// diagnostics, with file, JSON path (or line:column) and hint.
@Suite struct PlanParserTests {
    private typealias T = TestSupport

    @Test func theExamplePlanCompiles() throws {
        let plan = try T.plan(T.startup)
        #expect(plan.id == "startup")
        #expect(plan.version == 2)
        #expect(plan.name == "Startup")
        #expect(plan.description == "For growing fintechs")
        #expect(plan.file == "plans/test.json")
        #expect(plan.products == ["accounts", "payments", "sandbox"])
        #expect(plan.revenueShares == [RevenueShare(product: "payments", basisPoints: 1500)])
    }

    @Test func syntaxErrorsHaveLineAndColumn() {
        let broken = T.failure([PolicySource(name: "plans/broken.json", text: "{\n  \"plan\": \"free\",\n  \"version\": }")])
        #expect(broken.count == 1)
        #expect(broken.first?.hasPrefix("plans/broken.json:3:14: error: invalid JSON: ") == true)
        #expect(
            T.failure([PolicySource(name: "plans/twice.json", text: #"{"plan": "free", "plan": "paid"}"#)]).map {
                $0.replacingOccurrences(of: #"\d+:\d+"#, with: "L:C", options: .regularExpression)
            } == [
                #"plans/twice.json:L:C: error: invalid JSON: duplicate object key near '"plan"' (hint: each key may appear only once in an object)"#
            ])
        #expect(
            T.failure([PolicySource(name: "plans/list.json", text: "[]")]) == [
                "plans/list.json:$: error: expected object, found array"
            ])
    }

    @Test func everyMissingFieldIsReported() {
        #expect(
            T.failure([PolicySource(name: "plans/empty.json", text: "{}")]) == [
                #"plans/empty.json:$.plan: error: missing required field "plan""#,
                #"plans/empty.json:$.version: error: missing required field "version""#,
                #"plans/empty.json:$.name: error: missing required field "name""#,
                #"plans/empty.json:$.rate: error: missing required field "rate""#,
                #"plans/empty.json:$.quotas: error: missing required field "quotas""#,
                #"plans/empty.json:$.products: error: missing required field "products""#,
                #"plans/empty.json:$.price: error: missing required field "price""#,
            ])
        #expect(
            T.errors { $0["rate"] = ["per": "minute"] } == [
                #"plans/test.json:$.rate.requests: error: missing required field "requests""#
            ])
    }

    @Test func unknownFieldsGetAHint() {
        #expect(
            T.errors {
                $0["pirce"] = $0["price"]
                $0["price"] = nil
            } == [
                #"plans/test.json:$.pirce: error: unknown field "pirce" (hint: did you mean "price"?)"#,
                #"plans/test.json:$.price: error: missing required field "price""#,
            ])
        #expect(
            T.errors { $0["rate"] = ["requests": 10, "per": "second", "brust": 2] } == [
                #"plans/test.json:$.rate.brust: error: unknown field "brust" (hint: did you mean "burst"?)"#
            ])
        #expect(
            T.errors { $0["tier"] = "gold" } == [
                #"plans/test.json:$.tier: error: unknown field "tier" (hint: known fields: description, name, plan, price, products, quotas, rate, revenue_share, version)"#
            ])
    }

    @Test func idVersionAndName() {
        #expect(
            T.errors { $0["plan"] = "Startup_2" } == [
                #"plans/test.json:$.plan: error: invalid plan id "Startup_2" (hint: use lowercase letters, digits and "-", starting with a letter or digit)"#
            ])
        #expect(T.errors { $0["plan"] = "-startup" }.count == 1)
        #expect(T.errors { $0["version"] = 0 } == [#"plans/test.json:$.version: error: "version" must be at least 1, found 0"#])
        #expect(T.errors { $0["version"] = 1.0 } == ["plans/test.json:$.version: error: expected integer, found number"])
        #expect(T.errors { $0["version"] = "2" } == ["plans/test.json:$.version: error: expected integer, found string"])
        #expect(
            T.errors { $0["name"] = "  " } == [
                #"plans/test.json:$.name: error: "name" cannot be empty (hint: the name is what developers see, such as "Startup")"#
            ])
        #expect(T.errors { $0["description"] = 3 } == ["plans/test.json:$.description: error: expected string, found integer"])
    }

    @Test func rateFields() {
        #expect(T.errors { $0["rate"] = 1000 } == ["plans/test.json:$.rate: error: expected object, found integer"])
        #expect(
            T.errors { $0["rate"] = ["requests": 0, "per": "hour"] } == [
                #"plans/test.json:$.rate.requests: error: "requests" must be at least 1, found 0"#,
                #"plans/test.json:$.rate.per: error: invalid per "hour" (hint: expected one of: second, minute)"#,
            ])
        #expect(
            T.errors { $0["rate"] = ["requests": 1000, "per": "minut"] } == [
                #"plans/test.json:$.rate.per: error: invalid per "minut" (hint: did you mean "minute"?)"#
            ])
        let burstHint = "(hint: the burst is how many requests may arrive at once: from 1 up to the rate's requests)"
        #expect(
            T.errors { $0["rate"] = ["requests": 1000, "per": "minute", "burst": 1001] } == [
                #"plans/test.json:$.rate.burst: error: "burst" must be between 1 and 1000, found 1001 "# + burstHint
            ])
        #expect(
            T.errors { $0["rate"] = ["requests": 1000, "per": "minute", "burst": 0] } == [
                #"plans/test.json:$.rate.burst: error: "burst" must be between 1 and 1000, found 0 "# + burstHint
            ])
    }

    @Test(arguments: [(1000, 100), (15, 2), (10, 1), (1, 1), (9, 1), (11, 2)])
    func burstDefaultsToATenthRoundedUp(requests: Int, burst: Int) throws {
        let plan = try T.plan(T.startup { $0["rate"] = ["requests": .integer(Int64(requests)), "per": "second", "burst": nil] })
        #expect(plan.rateLimit.burst == burst)
        #expect(plan.rateLimit.limit == requests)
        #expect(plan.rateLimit.period == .seconds(1))
    }

    @Test func quotaFields() {
        #expect(
            T.errors { $0["quotas"] = "unlimted" } == [
                #"plans/test.json:$.quotas: error: invalid quotas "unlimted" (hint: did you mean "unlimited"?)"#
            ])
        #expect(
            T.errors { $0["quotas"] = "none" } == [
                #"plans/test.json:$.quotas: error: invalid quotas "none" (hint: write a list of quotas, or "unlimited")"#
            ])
        #expect(
            T.errors { $0["quotas"] = [] } == [
                #"plans/test.json:$.quotas: error: "quotas" must list at least one quota (hint: write "unlimited" for a plan without quotas)"#
            ])
        #expect(
            T.errors { $0["quotas"] = ["per": "day"] } == [
                #"plans/test.json:$.quotas: error: expected an array of quotas or "unlimited", found object"#
            ])
        #expect(
            T.errors {
                $0["quotas"] = [
                    "daily", ["requests": 0, "per": "week"], ["requests": 5, "per": "day", "every": 1],
                    ["requests": 6, "per": "day"],
                ]
            } == [
                "plans/test.json:$.quotas[0]: error: expected object, found string",
                #"plans/test.json:$.quotas[1].requests: error: "requests" must be at least 1, found 0"#,
                #"plans/test.json:$.quotas[1].per: error: invalid per "week" (hint: expected one of: day, month)"#,
                #"plans/test.json:$.quotas[2].every: error: unknown field "every" (hint: known fields: per, requests)"#,
                #"plans/test.json:$.quotas[3].per: error: a second "day" quota (hint: each period has at most one quota; the first is $.quotas[2])"#,
            ])
    }

    @Test func quotasBecomeQuotas() throws {
        let plan = try T.plan(T.startup)
        #expect(plan.quotas == [Quota(period: .day, limit: 50_000), Quota(period: .month, limit: 1_200_000)])
        #expect(plan.isUnlimited == false)
        let unlimited = try T.plan(T.startup { $0["quotas"] = "unlimited" })
        #expect(unlimited.quotas.isEmpty)
        #expect(unlimited.isUnlimited)
    }

    @Test func productFields() {
        #expect(
            T.errors { $0["products"] = [] } == [
                #"plans/test.json:$.products: error: "products" must list at least one API product"#
            ])
        #expect(T.errors { $0["products"] = "accounts" } == ["plans/test.json:$.products: error: expected array, found string"])
        #expect(
            T.errors {
                $0["products"] = ["acounts", "loans", "Payments", 7, "sandbox", "sandbox"]
                $0["revenue_share"] = nil
            } == [
                #"plans/test.json:$.products[0]: error: unknown API product "acounts" (hint: did you mean "accounts"?)"#,
                #"plans/test.json:$.products[1]: error: unknown API product "loans" (hint: known products: accounts, payments, sandbox)"#,
                #"plans/test.json:$.products[2]: error: invalid product name "Payments" (hint: use lowercase letters, digits and "-", starting with a letter or digit)"#,
                "plans/test.json:$.products[3]: error: expected string, found integer",
                #"plans/test.json:$.products[5]: error: "sandbox" is listed more than once"#,
            ])
        #expect(
            T.errors(products: []) {
                $0["products"] = ["accounts"]
                $0["revenue_share"] = nil
            } == [
                #"plans/test.json:$.products[0]: error: unknown API product "accounts" (hint: the policies declare no API products: rules name theirs with "product")"#
            ])
    }

    @Test func priceFields() {
        #expect(
            T.errors { $0["price"] = "custm" } == [
                #"plans/test.json:$.price: error: invalid price "custm" (hint: did you mean "custom"?)"#
            ])
        #expect(
            T.errors { $0["price"] = "free" } == [
                #"plans/test.json:$.price: error: invalid price "free" (hint: write a price object, or "custom" for a negotiated price)"#
            ])
        #expect(
            T.errors { $0["price"] = 0 } == [
                #"plans/test.json:$.price: error: expected a price object or "custom", found integer"#
            ])
        #expect(
            T.errors { $0["price"] = ["currency": "kes", "monthly_fees": "1.00", "included_calls": -1] } == [
                #"plans/test.json:$.price.monthly_fees: error: unknown field "monthly_fees" (hint: did you mean "monthly_fee"?)"#,
                #"plans/test.json:$.price.currency: error: invalid currency "kes" (hint: an ISO 4217 code in capitals, such as "KES" or "USD")"#,
                #"plans/test.json:$.price.monthly_fee: error: missing required field "monthly_fee""#,
                #"plans/test.json:$.price.included_calls: error: "included_calls" must be at least 0, found -1"#,
            ])
        #expect(
            T.errors { $0["price"] = ["currency": "KES", "monthly_fee": 2500, "included_calls": 0] } == [
                #"plans/test.json:$.price.monthly_fee: error: expected a decimal string such as "2500.00", found integer (hint: write amounts as strings, so they stay exact)"#
            ])
        #expect(
            T.errors { $0["price"] = ["currency": "KSH1", "monthly_fee": "2,500.00", "included_calls": 0] } == [
                #"plans/test.json:$.price.currency: error: invalid currency "KSH1" (hint: an ISO 4217 code in capitals, such as "KES" or "USD")"#,
                #"plans/test.json:$.price.monthly_fee: error: "monthly_fee" must be an amount of at least 0 with at most 2 decimals, such as "2500.00", found "2,500.00""#,
            ])
    }

    @Test(arguments: ["-1.00", "1.234", "", ".50", "1.", "1e3", " 1.00", "+1", "0x10", "99999999999999999999"])
    func malformedAmountsAreRejected(amount: String) {
        #expect(
            T.errors { $0["price"] = ["currency": "KES", "monthly_fee": .string(amount), "included_calls": 0] } == [
                #"plans/test.json:$.price.monthly_fee: error: "monthly_fee" must be an amount of at least 0 with at most 2 decimals, such as "2500.00", found "\#(amount)""#
            ])
    }

    @Test func overageBands() {
        func price(_ overage: JSONValue) -> JSONValue {
            ["currency": "KES", "monthly_fee": "0", "included_calls": 0, "overage": overage]
        }
        #expect(
            T.errors { $0["price"] = price("none") } == ["plans/test.json:$.price.overage: error: expected array, found string"])
        #expect(
            T.errors { $0["price"] = price([["up_to": 0, "per_1000": "1.00"], ["upto": 5, "per_1000": 1], "x"]) } == [
                #"plans/test.json:$.price.overage[0].up_to: error: "up_to" must be at least 1, found 0"#,
                #"plans/test.json:$.price.overage[1].upto: error: unknown field "upto" (hint: did you mean "up_to"?)"#,
                #"plans/test.json:$.price.overage[1].per_1000: error: expected a decimal string such as "40.00", found integer (hint: write amounts as strings, so they stay exact)"#,
                "plans/test.json:$.price.overage[2]: error: expected object, found string",
            ])
        #expect(
            T.errors {
                $0["price"] = price([
                    ["up_to": 1000, "per_1000": "1.00"], ["up_to": 1000, "per_1000": "0.50"], ["per_1000": "0.25"],
                ])
            } == [
                #"plans/test.json:$.price.overage[1].up_to: error: "up_to" must be above the previous band's 1000, found 1000 (hint: bands go in ascending order of up_to)"#
            ])
        #expect(
            T.errors { $0["price"] = price([["per_1000": "1.00"], ["up_to": nil, "per_1000": "0.50"]]) } == [
                #"plans/test.json:$.price.overage[1]: error: a band after the open-ended band (hint: only the last band may leave out "up_to" (or set it to null))"#
            ])
        #expect(
            T.errors { $0["price"] = price([["up_to": 1000, "per_1000": "1.00"], ["up_to": 5000, "per_1000": "0.50"]]) } == [
                #"plans/test.json:$.price.overage[1].up_to: error: the last band must be open-ended (hint: set "up_to": null on the last band, so that calls beyond 5000 have a price)"#
            ])
        #expect(
            T.errors { $0["price"] = price([["up_to": 1000]]) } == [
                #"plans/test.json:$.price.overage[0].per_1000: error: missing required field "per_1000""#
            ])
    }

    @Test func pricesBecomePriceLists() throws {
        let plan = try T.plan(T.startup)
        let kes = { (minorUnits: Int64) in Money(minorUnits: minorUnits, currency: "KES") }
        #expect(
            plan.price
                == .listed(
                    PriceList(
                        currency: "KES", monthlyFee: kes(250_000), includedCalls: 100_000,
                        overage: [
                            OverageBand(upTo: 1_000_000, per1000: kes(4_000)), OverageBand(upTo: nil, per1000: kes(2_500)),
                        ])))
        let custom = try T.plan(T.startup { $0["price"] = "custom" })
        #expect(custom.price == .custom)
        let noOverage = try T.plan(T.startup { $0["price"] = ["currency": "USD", "monthly_fee": "9.5", "included_calls": 10] })
        #expect(
            noOverage.price
                == .listed(
                    PriceList(
                        currency: "USD", monthlyFee: Money(minorUnits: 950, currency: "USD"), includedCalls: 10, overage: []
                    )))
    }

    @Test func revenueShares() throws {
        #expect(
            T.errors {
                $0["revenue_share"] = [
                    ["product": "paymnts", "percent": 10], ["product": "loans", "percent": 10],
                    ["product": "payments", "percent": 101],
                    ["product": "payments", "percent": 12.345], ["product": "payments", "percent": "15"], ["percent": -1],
                    ["product": "payments", "percent": 10], ["product": "payments", "percent": 20],
                ]
            } == [
                #"plans/test.json:$.revenue_share[0].product: error: revenue share on "paymnts", which the plan does not include (hint: did you mean "payments"?)"#,
                #"plans/test.json:$.revenue_share[1].product: error: revenue share on "loans", which the plan does not include (hint: add it to "products" first)"#,
                #"plans/test.json:$.revenue_share[2].percent: error: "percent" must be between 0 and 100 with at most 2 decimals, found 101"#,
                #"plans/test.json:$.revenue_share[3].percent: error: "percent" must be between 0 and 100 with at most 2 decimals, found 12.345"#,
                "plans/test.json:$.revenue_share[4].percent: error: expected number, found string",
                #"plans/test.json:$.revenue_share[5].product: error: missing required field "product""#,
                #"plans/test.json:$.revenue_share[5].percent: error: "percent" must be between 0 and 100 with at most 2 decimals, found -1"#,
                #"plans/test.json:$.revenue_share[7].product: error: a second revenue share on "payments" (hint: give each product one share)"#,
            ])
        #expect(
            T.errors { $0["revenue_share"] = ["product": "payments"] } == [
                "plans/test.json:$.revenue_share: error: expected array, found object"
            ])
        for (percent, basisPoints): (JSONValue, Int) in [
            (0, 0), (100, 10_000), (12.5, 1_250), (0.25, 25), (99.99, 9_999), (15.0, 1_500),
        ] {
            let plan = try T.plan(T.startup { $0["revenue_share"] = [["product": "payments", "percent": percent]] })
            #expect(plan.revenueShares == [RevenueShare(product: "payments", basisPoints: basisPoints)])
        }
        #expect(try T.plan(T.startup { $0["revenue_share"] = nil }).revenueShares.isEmpty)
        #expect(try T.plan(T.startup { $0["revenue_share"] = [] }).revenueShares.isEmpty)
    }

    @Test func nullMeansLeftOut() throws {
        let plan = try T.plan(
            T.startup {
                $0["description"] = nil
                $0["revenue_share"] = .null
            })
        #expect(plan.description == nil)
        #expect(T.errors { $0["price"] = .null } == [#"plans/test.json:$.price: error: missing required field "price""#])
    }

    @Test func allOfAFilesErrorsAreReportedTogether() {
        let errors = T.errors {
            $0["plan"] = "Bad"
            $0["rate"] = ["requests": 0, "per": "minute"]
            $0["quotas"] = []
            $0["products"] = ["loans"]
            $0["price"] = "negotiated"
        }
        #expect(errors.count == 5)
        #expect(errors.allSatisfy { $0.hasPrefix("plans/test.json:$.") && $0.contains(": error: ") })
    }

    @Test func aDailyQuotaNotBelowTheMonthlyOneIsAWarning() throws {
        let catalog = try T.compile([
            T.source(T.startup { $0["quotas"] = [["requests": 1000, "per": "month"], ["requests": 1000, "per": "day"]] })
        ])
        #expect(
            catalog.warnings.map(\.description) == [
                "plans/test.json:$.quotas[1]: warning: the daily quota (1000) is not below the monthly quota (1000), so it never limits anything the monthly quota does not (hint: lower the daily quota, or remove it)",
                "plans/test.json:$.price.overage: warning: the overage bands are never charged: the quotas admit at most 1000 calls a month, and 100000 are included (hint: raise the quotas, lower included_calls, or remove the bands)",
            ])
        #expect(catalog.plans.count == 1)
    }

    @Test func overageThatTheQuotasNeverReachIsAWarning() throws {
        // 3,000 a day is at most 93,000 in a 31-day month: never beyond the 100,000 included.
        let daily = try T.compile([T.source(T.startup { $0["quotas"] = [["requests": 3000, "per": "day"]] })])
        #expect(
            daily.warnings.map(\.message) == [
                "the overage bands are never charged: the quotas admit at most 93000 calls a month, and 100000 are included"
            ])
        // 3,300 a day can reach 102,300: no warning.
        #expect(try T.compile([T.source(T.startup { $0["quotas"] = [["requests": 3300, "per": "day"]] })]).warnings.isEmpty)
        #expect(try T.compile([T.source(T.startup { $0["quotas"] = "unlimited" })]).warnings.isEmpty)
        // Without bands there is nothing to warn about.
        let flat = T.startup {
            $0["quotas"] = [["requests": 10, "per": "day"]]
            $0["price"] = ["currency": "KES", "monthly_fee": "100.00", "included_calls": 1000]
        }
        #expect(try T.compile([T.source(flat)]).warnings.isEmpty)
    }

    /// The example of `lango plans check` output in docs/plans.md.
    @Test func theDocumentedCheckOutput() {
        let text = """
            {
              "plan": "startup",
              "version": 2,
              "name": "Startup",
              "rate": { "requests": 1000, "per": "minute", "brust": 100 },
              "quotas": [ { "requests": 50000, "per": "day" }, { "requests": 40000, "per": "month" } ],
              "products": ["accounts", "sandbx"],
              "price": { "currency": "KES", "monthly_fee": 2500, "included_calls": 100000,
                         "overage": [ { "up_to": 1000000, "per_1000": "40.00" }, { "up_to": 500000, "per_1000": "25.00" } ] }
            }
            """
        do {
            _ = try T.compile(
                [PolicySource(name: "plans/startup.json", text: text)], products: ["accounts", "sandbox"])
            Issue.record("expected the plan to be rejected")
        } catch {
            #expect(
                error.description == """
                    plans/startup.json:$.rate.brust: error: unknown field "brust" (hint: did you mean "burst"?)
                    plans/startup.json:$.products[1]: error: unknown API product "sandbx" (hint: did you mean "sandbox"?)
                    plans/startup.json:$.price.monthly_fee: error: expected a decimal string such as "2500.00", found integer (hint: write amounts as strings, so they stay exact)
                    plans/startup.json:$.price.overage[1].up_to: error: "up_to" must be above the previous band's 1000000, found 500000 (hint: bands go in ascending order of up_to)
                    plans/startup.json:$.quotas[0]: warning: the daily quota (50000) is not below the monthly quota (40000), so it never limits anything the monthly quota does not (hint: lower the daily quota, or remove it)
                    4 errors, 1 warning
                    """)
        }
        #expect(
            T.failure([PolicySource(name: "plans/free.json", text: #"{"plan": "free", "version": 1, "version": 2}"#)]) == [
                #"plans/free.json:1:40: error: invalid JSON: duplicate object key near '"version"' (hint: each key may appear only once in an object)"#
            ])
    }

    @Test func warningsAreReportedAlongsideErrors() {
        #expect(
            T.errors {
                $0["version"] = 0
                $0["quotas"] = [["requests": 10, "per": "day"]]
            } == [
                #"plans/test.json:$.version: error: "version" must be at least 1, found 0"#,
                "plans/test.json:$.price.overage: warning: the overage bands are never charged: the quotas admit at most 310 calls a month, and 100000 are included (hint: raise the quotas, lower included_calls, or remove the bands)",
            ])
    }

    @Test func theExampleHasNoWarnings() throws {
        #expect(try T.compile([T.source(T.startup)]).warnings.isEmpty)
    }
}
