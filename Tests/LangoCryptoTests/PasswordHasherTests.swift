import Foundation
import LangoCrypto
import Testing

@Suite struct PasswordHasherTests {
    /// Cheap work factors: the tests check behaviour, not cost.
    static let hasher = PasswordHasher(cost: PasswordHasher.Cost(logN: 10, r: 8, p: 1))

    @Test func aHashVerifiesItsPasswordOnly() {
        let stored = Self.hasher.hash("correct horse battery staple")
        #expect(stored.hasPrefix("$scrypt$ln=10,r=8,p=1$"))
        #expect(PasswordHasher.verify("correct horse battery staple", against: stored))
        #expect(!PasswordHasher.verify("correct horse battery stapl", against: stored))
        #expect(!PasswordHasher.verify("", against: stored))
    }

    @Test func hashesAreSalted() {
        #expect(Self.hasher.hash("same") != Self.hasher.hash("same"))
    }

    /// RFC 7914 §12's second test vector, written as a stored hash.
    @Test func matchesTheRFC7914Vector() {
        let salt = Data("NaCl".utf8).base64EncodedString().replacingOccurrences(of: "=", with: "")
        let derived = [UInt8](
            hex: "fdbabe1c9d3472007856e7190d01e9fe7c6ad7cbc8237830e77376634b373162"
                + "2eaf30d92e22a3886ff109279d9830dac727afb94a83ee6d8360cbdfa2cc0640")
        let hash = Data(derived).base64EncodedString().replacingOccurrences(of: "=", with: "")
        let stored = "$scrypt$ln=10,r=8,p=16$\(salt)$\(hash)"
        #expect(PasswordHasher.verify("password", against: stored))
        #expect(!PasswordHasher.verify("Password", against: stored))
    }

    @Test func malformedOrExcessiveHashesMatchNothing() {
        let good = Self.hasher.hash("pw")
        let parts = good.split(separator: "$", omittingEmptySubsequences: false)
        let (salt, hash) = (parts[3], parts[4])
        for stored in [
            "", "pw", "$scrypt$", "$argon2id$ln=10,r=8,p=1$\(salt)$\(hash)", "$scrypt$ln=10,r=8$\(salt)$\(hash)",
            "$scrypt$ln=10,r=8,p=1,p=1$\(salt)$\(hash)", "$scrypt$ln=30,r=8,p=1$\(salt)$\(hash)",
            "$scrypt$ln=10,r=800,p=1$\(salt)$\(hash)", "$scrypt$ln=16,r=1,p=1$\(salt)$\(hash)",
            "$scrypt$ln=20,r=32,p=16$\(salt)$\(hash)", "$scrypt$ln=17,r=8,p=1$\(salt)$\(hash)", "$scrypt$ln=10,r=8,p=1$\(salt)$", "$scrypt$ln=10,r=8,p=1$$\(hash)",
            "$scrypt$ln=10,r=8,p=1$\(salt)$\(hash)=", "$scrypt$ln=x,r=8,p=1$\(salt)$\(hash)", good + "$",
        ] {
            #expect(!PasswordHasher.verify("pw", against: stored), "\(stored)")
        }
        #expect(PasswordHasher.verify("pw", against: good))
    }

    @Test func oldCostsNeedRehashing() {
        let stored = Self.hasher.hash("pw")
        #expect(!Self.hasher.needsRehash(stored))
        #expect(PasswordHasher(cost: PasswordHasher.Cost(logN: 11, r: 8, p: 1)).needsRehash(stored))
        #expect(Self.hasher.needsRehash("garbage"))
    }

    @Test func theStandardCostWorks() {
        let hasher = PasswordHasher()
        #expect(hasher.cost == PasswordHasher.Cost(logN: 15, r: 8, p: 1))
        #expect(PasswordHasher.verify("pw", against: hasher.hash("pw")))
    }
}

extension [UInt8] {
    init(hex: String) {
        self = Hex.decode(hex) ?? []
    }
}
