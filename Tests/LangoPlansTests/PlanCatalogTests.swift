import LangoJSON
import LangoPlans
import LangoPolicy
import Testing

@Suite struct PlanCatalogTests {
    private typealias T = TestSupport

    /// The smallest complete plan, as literal text (so its revision can be computed by hand).
    private static func minimal(_ id: String, name: String) -> PolicySource {
        PolicySource(
            name: "plans/\(id).json",
            text:
                #"{"plan": "\#(id)", "version": 1, "name": "\#(name)", "rate": {"requests": 1, "per": "second"}, "quotas": "unlimited", "products": ["accounts"], "price": "custom"}"#
        )
    }

    @Test func plansAreInSourceOrderAndFoundByID() throws {
        let catalog = try T.compile([
            T.source(T.startup { $0["plan"] = "zeta" }, name: "plans/1.json"),
            T.source(T.startup { $0["plan"] = "alpha" }, name: "plans/2.json"),
        ])
        #expect(catalog.plans.map(\.id) == ["zeta", "alpha"])
        #expect(catalog.plans.map(\.file) == ["plans/1.json", "plans/2.json"])
        #expect(catalog.plan(id: "alpha")?.file == "plans/2.json")
        #expect(catalog.plan(id: "beta") == nil)
        #expect(catalog.warnings.isEmpty)
    }

    @Test func theRevisionIsTheFNVDigestOfTheSources() throws {
        #expect(try T.compile([Self.minimal("a", name: "A")]).revision == "0e346780c8e145f6")
        let both = try T.compile([Self.minimal("b", name: "B"), Self.minimal("a", name: "A")])
        #expect(both.revision == "4f8fc3577d069da4")
        #expect(try T.compile([Self.minimal("a", name: "A"), Self.minimal("b", name: "B")]).revision == both.revision)
        #expect(try T.compile([Self.minimal("a", name: "A"), Self.minimal("b", name: "C")]).revision != both.revision)
    }

    @Test func thereMustBeSources() {
        #expect(T.failure([]) == ["error: no plan files were given (hint: a catalog needs at least one plans/*.json file)"])
    }

    @Test func planIDsAreUniqueAcrossFiles() {
        #expect(
            T.failure([
                T.source(T.startup, name: "plans/b.json"), T.source(T.startup, name: "plans/a.json"),
                T.source(T.startup, name: "plans/c.json"),
            ]) == [
                #"plans/b.json:$.plan: error: duplicate plan id "startup": also used by plans/a.json (hint: plan ids are unique across the catalog)"#,
                #"plans/c.json:$.plan: error: duplicate plan id "startup": also used by plans/a.json (hint: plan ids are unique across the catalog)"#,
            ])
    }

    @Test func aFileGivenTwiceIsAnError() {
        #expect(
            T.failure([T.source(T.startup), T.source(T.startup { $0["plan"] = "other" })]) == [
                "plans/test.json: error: the same file name was given twice (hint: give each file once)"
            ])
    }

    @Test func errorsOfEveryFileAreReportedWithTheWarnings() {
        let failure = T.failure([
            T.source(T.startup { $0["version"] = 0 }, name: "plans/b.json"),
            T.source(
                T.startup {
                    $0["plan"] = "warned"
                    $0["quotas"] = [["requests": 10, "per": "day"]]
                }, name: "plans/a.json"),
            T.source(
                T.startup {
                    $0["plan"] = "other"
                    $0["price"] = "cheap"
                }, name: "plans/c.json"),
        ])
        #expect(
            failure.map { $0.prefix(while: { $0 != " " }) } == [
                "plans/a.json:$.price.overage:", "plans/b.json:$.version:", "plans/c.json:$.price:",
            ])
        #expect(failure.first?.contains(": warning: ") == true)
    }

    @Test func aPlanWithErrorsStillTakesItsID() {
        // The broken plan's id is known, so the duplicate is reported too.
        let failure = T.failure([
            T.source(T.startup { $0["version"] = 0 }, name: "plans/a.json"), T.source(T.startup, name: "plans/b.json"),
        ])
        #expect(failure.count == 2)
        #expect(failure.last?.hasPrefix(#"plans/b.json:$.plan: error: duplicate plan id "startup""#) == true)
    }
}
