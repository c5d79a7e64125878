import LangoJSON
import LangoPolicy
import Testing

@Suite struct PolicySetTests {
    private typealias T = TestSupport

    private let first = T.source(T.policy("one", rules: [T.allow("a", "GET", "/a")]), name: "policies/one.json")
    private let second = T.source(T.policy("two", rules: [T.allow("b", "GET", "/b")]), name: "policies/two.json")

    @Test func revisionIsSixteenHexDigitsAndStable() throws {
        let set = try PolicySet.compile([first, second], vocabulary: T.vocabulary)
        #expect(set.revision.count == 16)
        #expect(set.revision.allSatisfy { $0.isHexDigit && !$0.isUppercase })
        let again = try PolicySet.compile([first, second], vocabulary: T.vocabulary)
        #expect(again.revision == set.revision)
        let reordered = try PolicySet.compile([second, first], vocabulary: T.vocabulary)
        #expect(reordered.revision == set.revision)
    }

    @Test func servedPermissionsAreWhatConsentRulesNameWithDirectionsOnlyForTransactions() throws {
        func served(_ permissions: String) throws -> Set<AccountPermission> {
            let rule =
                #"{"id":"r","match":{"method":"GET","path":"/a"},"auth":{"type":"bearer","grant":"authorization_code","scopes":["accounts"],"customer":"required"},"consent":{"kind":"account-access","permissions":\#(permissions)},"upstream":{"adapter":"core","operation":"accounts"}}"#
            return try PolicySet.compile(
                [PolicySource(name: "p.json", text: #"{"policy":"p","version":1,"rules":[\#(rule)]}"#)], vocabulary: .standard
            ).servedAccountPermissions
        }
        #expect(try served(#"["ReadBalances"]"#) == [.readBalances])
        #expect(
            try served(#"["ReadTransactionsBasic"]"#) == [.readTransactionsBasic, .readTransactionsCredits, .readTransactionsDebits])
        #expect(try PolicySet.compile([first, second], vocabulary: T.vocabulary).servedAccountPermissions.isEmpty)
    }

    @Test func revisionIsAKnownFNV1aDigest() throws {
        let set = try PolicySet.compile(
            [
                PolicySource(
                    name: "p.json",
                    text:
                        #"{"policy":"p","version":1,"rules":[{"id":"r","match":{"method":"GET","path":"/"},"auth":{"type":"none"},"upstream":{"adapter":"core","operation":"party"}}]}"#
                )
            ],
            vocabulary: .standard
        )
        #expect(
            set.revision
                == Self.fnv1a(
                    name: "p.json",
                    contents:
                        #"{"policy":"p","version":1,"rules":[{"id":"r","match":{"method":"GET","path":"/"},"auth":{"type":"none"},"upstream":{"adapter":"core","operation":"party"}}]}"#
                ))
    }

    /// An independent computation of the documented digest for one source.
    private static func fnv1a(name: String, contents: String) -> String {
        var bytes = Array(name.utf8) + [0]
        var length = UInt64(contents.utf8.count)
        for _ in 0..<8 {
            bytes.append(UInt8(length & 0xFF))
            length >>= 8
        }
        bytes += Array(contents.utf8)
        var hash: UInt64 = 14_695_981_039_346_656_037
        for byte in bytes {
            hash = (hash ^ UInt64(byte)) &* 1_099_511_628_211
        }
        let hex = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }

    @Test func revisionChangesWithContentsOrNames() throws {
        let base = try PolicySet.compile([first], vocabulary: T.vocabulary).revision
        let renamed = try PolicySet.compile(
            [PolicySource(name: "policies/renamed.json", contents: first.contents)], vocabulary: T.vocabulary
        ).revision
        var edited = first
        edited.contents += Array("\n".utf8)
        let changed = try PolicySet.compile([edited], vocabulary: T.vocabulary).revision
        #expect(Set([base, renamed, changed]).count == 3)
    }

    @Test func listsPoliciesRulesAndFindsRulesById() throws {
        let set = try PolicySet.compile(
            [
                T.source(
                    T.policy("one", rules: [T.allow("a", "GET", "/a"), T.deny("d", "GET", "/a")]), name: "policies/one.json"),
                second,
            ],
            vocabulary: T.vocabulary
        )
        #expect(set.policies.map(\.id) == ["one", "two"])
        #expect(set.policies.map(\.ruleCount) == [2, 1])
        #expect(set.policies.map(\.file) == ["policies/one.json", "policies/two.json"])
        #expect(set.rules.map(\.id) == ["a", "d", "b"])
        #expect(set.rules.map(\.policyID) == ["one", "one", "two"])
        #expect(set.rule(id: "d")?.effect == .deny)
        #expect(set.rule(id: "nope") == nil)
        #expect(set.warnings.isEmpty)
    }

    @Test func describesThePolicyWhenGiven() throws {
        var document = T.policy("described", rules: [T.allow("a", "GET", "/a")]).objectValue ?? [:]
        document["description"] = "What it is for."
        let set = try PolicySet.compile([T.source(.object(document))], vocabulary: T.vocabulary)
        #expect(set.policies.first?.description == "What it is for.")
    }

    @Test func isSharedSafelyAcrossTasks() async throws {
        let set = try PolicySet.compile([first, second], vocabulary: T.vocabulary)
        let decisions = await withTaskGroup(of: String?.self) { group in
            for index in 0..<20 {
                group.addTask {
                    set.decide(method: "GET", path: index.isMultiple(of: 2) ? "/a" : "/b", facts: RequestFacts(credential: .none))
                        .rule?.id
                }
            }
            var ids: [String?] = []
            for await id in group { ids.append(id) }
            return ids
        }
        #expect(decisions.filter { $0 == "a" }.count == 10)
        #expect(decisions.filter { $0 == "b" }.count == 10)
    }
}
