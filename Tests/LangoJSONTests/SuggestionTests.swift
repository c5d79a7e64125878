import LangoJSON
import Testing

@Suite struct SuggestionTests {
    @Test func suggestsCloseNames() {
        #expect(Suggestion.nearest(to: "scope", among: ["scopes", "upstream"]) == "scopes")
        #expect(Suggestion.nearest(to: "UPSTREM", among: ["scopes", "upstream"]) == "upstream")
        #expect(Suggestion.nearest(to: "zzz", among: ["scopes", "upstream"]) == nil)
        #expect(Suggestion.nearest(to: "prot", among: ["port", "host"]) == "port")
        #expect(Suggestion.nearest(to: "rulse", among: ["rules", "policy"]) == "rules")
    }

    @Test func hintListsChoicesWhenNothingIsClose() {
        #expect(Suggestion.hint(for: "cor", among: ["core"], noun: "adapters") == #"did you mean "core"?"#)
        #expect(Suggestion.hint(for: "xyz", among: ["b", "a"], noun: "adapters") == "known adapters: a, b")
        #expect(Suggestion.hint(for: "xyz", among: [String](), noun: "adapters") == nil)
    }
}
