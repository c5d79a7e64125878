import LangoCrypto
import Testing

@Suite struct SignatureTests {
    static let message = Array("eyJhbGciOiJFUzI1NiJ9.eyJpc3MiOiJsYW5nbyJ9".utf8)

    @Test(arguments: SignatureAlgorithm.allCases)
    func signsAndVerifies(algorithm: SignatureAlgorithm) throws {
        let key = try SigningKey.generate(algorithm)
        let signature = try key.sign(Self.message)
        #expect(key.publicKey.isValidSignature(signature, for: Self.message))
        #expect(!key.publicKey.isValidSignature(signature, for: Self.message + [0x2E]))
        #expect(!key.publicKey.isValidSignature(try SigningKey.generate(algorithm).sign(Self.message), for: Self.message))
        var flipped = signature
        flipped[flipped.count / 2] ^= 0x01
        #expect(!key.publicKey.isValidSignature(flipped, for: Self.message))
    }

    @Test func es256SignaturesAreRawAndFixedWidth() throws {
        let key = try SigningKey.generate(.es256)
        for _ in 0..<20 {
            #expect(try key.sign(Self.message).count == 64)
        }
        // A DER-encoded signature (what OpenSSL itself produces) is not a JOSE signature.
        let raw = try key.sign(Self.message)
        #expect(!key.publicKey.isValidSignature([0x30, 0x44, 0x02, 0x20] + raw.prefix(32) + [0x02, 0x20] + raw.suffix(32), for: Self.message))
        #expect(!key.publicKey.isValidSignature(Array(raw.prefix(63)), for: Self.message))
        #expect(!key.publicKey.isValidSignature([], for: Self.message))
    }

    @Test func ps256SignaturesAreNotDeterministic() throws {
        let key = try SigningKey.generate(.ps256)
        #expect(try key.sign(Self.message) != key.sign(Self.message))
        #expect(try key.sign(Self.message).count == 384)
    }

    @Test(arguments: SignatureAlgorithm.allCases)
    func pemRoundTrips(algorithm: SignatureAlgorithm) throws {
        let key = try SigningKey.generate(algorithm)
        let pem = try key.pem
        #expect(pem.hasPrefix("-----BEGIN PRIVATE KEY-----\n"))
        let reread = try SigningKey(pem: pem, algorithm: algorithm)
        #expect(try reread.pem == pem)
        #expect(key.publicKey.isValidSignature(try reread.sign(Self.message), for: Self.message))
    }

    @Test func pemOfTheWrongKindIsRefused() throws {
        let ec = try SigningKey.generate(.es256).pem
        #expect(throws: CryptoError.wrongKeyType(expected: "an RSA key for PS256")) { try SigningKey(pem: ec, algorithm: .ps256) }
        for garbage in ["", "hello", "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n"] {
            #expect(throws: CryptoError.invalidKey("not an unencrypted private key in PEM")) {
                try SigningKey(pem: garbage, algorithm: .es256)
            }
        }
    }

    /// A P-256 key encrypted with the password "secret" (made with `openssl genpkey -aes256`).
    static let encryptedPEM = """
        -----BEGIN ENCRYPTED PRIVATE KEY-----
        MIHsMFcGCSqGSIb3DQEFDTBKMCkGCSqGSIb3DQEFDDAcBAj8TCHKzOaHvgICCAAw
        DAYIKoZIhvcNAgkFADAdBglghkgBZQMEASoEEJ+t3yx9uCWoZsKfJWsM/0sEgZAo
        HRJRXbnWBVvt24MKVP3GOOKfcAwM1AcvI4IB5cJZOJRr6VUbCEi/A0YnBcEPM12f
        5PXopkEeKV2YvsudKzUAHkv0FLD2U5n0DoLzux52K8EOCgtIYrbPG3wTs+DObxpC
        jHw/blUCFZBVhWPokN6i2ZHP3994X5pKyUH3db04dOXvnljw1hIaS+P3elc9kfY=
        -----END ENCRYPTED PRIVATE KEY-----
        """

    @Test func anEncryptedKeyIsRefusedWithoutAskingForAPassword() {
        #expect(throws: CryptoError.invalidKey("not an unencrypted private key in PEM")) {
            try SigningKey(pem: Self.encryptedPEM, algorithm: .es256)
        }
    }

    @Test(arguments: SignatureAlgorithm.allCases)
    func publicKeysRoundTripThroughTheirComponents(algorithm: SignatureAlgorithm) throws {
        let key = try SigningKey.generate(algorithm)
        let components = try key.publicKey.components
        let rebuilt = try PublicKey(components, algorithm: algorithm)
        #expect(try rebuilt.components == components)
        #expect(rebuilt.isValidSignature(try key.sign(Self.message), for: Self.message))
        if case .rsa(let modulus, let exponent) = components {
            #expect(modulus.count == 384)
            #expect(exponent == [0x01, 0x00, 0x01])
        }
    }

    @Test func badPublicComponentsAreRefused() throws {
        let point = try SigningKey.generate(.es256).publicKey.components
        guard case .p256(let x, var y) = point else { Issue.record("not a P-256 key"); return }
        y[31] ^= 0x01
        #expect(throws: CryptoError.invalidKey("not a point on P-256")) { try PublicKey(.p256(x: x, y: y), algorithm: .es256) }
        #expect(throws: CryptoError.invalidKey("P-256 coordinates must be 32 bytes each")) {
            try PublicKey(.p256(x: Array(x.prefix(31)), y: y), algorithm: .es256)
        }
        #expect(throws: CryptoError.wrongKeyType(expected: "an RSA key for PS256")) { try PublicKey(point, algorithm: .ps256) }

        let rsa = try SigningKey.generate(.ps256).publicKey.components
        guard case .rsa(let modulus, _) = rsa else { Issue.record("not an RSA key"); return }
        #expect(throws: CryptoError.invalidKey("an RSA key for PS256 needs at least 2048 bits, this one has 1024")) {
            try PublicKey(.rsa(modulus: Array(modulus.prefix(128)), exponent: [1, 0, 1]), algorithm: .ps256)
        }
        for exponent: [UInt8] in [[1], [2], [1, 0, 0], [0, 1, 0, 1]] {
            #expect(throws: CryptoError.self) { try PublicKey(.rsa(modulus: modulus, exponent: exponent), algorithm: .ps256) }
        }
        #expect(throws: CryptoError.wrongKeyType(expected: "an EC key on P-256 for ES256")) { try PublicKey(rsa, algorithm: .es256) }
    }

    // Interoperability with an implementation that is not ours: Python's `cryptography`.

    @Test(arguments: SignatureAlgorithm.allCases)
    func pythonVerifiesOurSignatures(algorithm: SignatureAlgorithm) async throws {
        let key = try SigningKey.generate(algorithm)
        let signature = try key.sign(Self.message)
        await #expect(try PythonCrypto.verifies(signature, of: Self.message, with: key.publicKey))
        await #expect(try !PythonCrypto.verifies(signature, of: Self.message + [0x41], with: key.publicKey))
    }

    @Test(arguments: SignatureAlgorithm.allCases)
    func weVerifyPythonsSignatures(algorithm: SignatureAlgorithm) async throws {
        let (key, signature) = try await PythonCrypto.sign(Self.message, algorithm)
        #expect(key.isValidSignature(signature, for: Self.message))
        #expect(!key.isValidSignature(signature, for: Self.message + [0x41]))
    }
}
