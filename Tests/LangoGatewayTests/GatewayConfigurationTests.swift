import Foundation
import LangoConsent
import LangoGateway
import LangoJSON
import LangoPolicy
import Testing

@Suite struct GatewayConfigurationTests {
    func load(_ text: String) throws -> GatewayConfiguration {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("lango-config-\(UUID().uuidString).json")
        try Data(text.utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        return try GatewayConfiguration.load(contentsOf: file.path)
    }

    @Test func defaultsRunOnOneMachine() {
        let configuration = GatewayConfiguration()
        #expect(configuration.host == "127.0.0.1")
        #expect(configuration.effectivePublicURL == "http://127.0.0.1:8080")
        #expect(configuration.effectiveDatabasePath.hasSuffix(".lango/lango.db"))
        #expect(configuration.adapters == ["core": .sandbox])
        #expect(configuration.fraudHooks == ["sandbox-rules": .rules, "payment-risk": .rules])
        #expect(configuration.consentRules == .psd2)
    }

    @Test func fraudHooksReplaceTheDefaultAndUseHTTPSOffThisMachine() throws {
        let configuration = try load("""
            { "fraud_hooks": { "risk": { "type": "http", "url": "https://risk.bank.internal/v1/score", "connections": 8 },
                               "local": { "type": "http", "url": "http://127.0.0.1:7070/score" },
                               "local6": { "type": "http", "url": "http://[::1]:7070/score" },
                               "dev": { "type": "http", "url": "http://localhost:7070/score" },
                               "rules": { "type": "rules" } } }
            """)
        #expect(
            configuration.fraudHooks == [
                "risk": .http(HTTPServiceConfiguration(url: "https://risk.bank.internal/v1/score", connections: 8)),
                "local": .http(HTTPServiceConfiguration(url: "http://127.0.0.1:7070/score", connections: 64)),
                "local6": .http(HTTPServiceConfiguration(url: "http://[::1]:7070/score", connections: 64)),
                "dev": .http(HTTPServiceConfiguration(url: "http://localhost:7070/score", connections: 64)),
                "rules": .rules,
            ])
        #expect(try load(#"{ "fraud_hooks": {} }"#).fraudHooks.isEmpty)
        // Policies may name exactly the configured hooks, and this gateway enforces `fraud`.
        #expect(configuration.policyVocabulary().fraudHooks == ["risk", "local", "local6", "dev", "rules"])
        #expect(configuration.policyVocabulary().enforcedObligations.contains(.fraud))
        #expect(GatewayConfiguration().policyVocabulary().fraudHooks == ["sandbox-rules", "payment-risk"])
    }

    @Test func servicesNameTheVariableHoldingTheirTokenNeverTheToken() throws {
        let configuration = try load("""
            { "adapters": { "core": { "type": "core-http", "url": "https://core.bank.internal", "token_env": "LANGO_CORE_TOKEN" },
                            "shop": { "type": "http", "url": "https://shop.internal", "token_env": "SHOP_TOKEN" },
                            "plain": { "type": "http", "url": "https://plain.internal" } },
              "fraud_hooks": { "risk": { "type": "http", "url": "https://risk.bank.internal/v1/score", "token_env": "LANGO_RISK_TOKEN" } } }
            """)
        #expect(configuration.adapters["core"] == .coreHTTP(HTTPServiceConfiguration(url: "https://core.bank.internal", connections: 64, tokenVariable: "LANGO_CORE_TOKEN")))
        #expect(configuration.adapters["shop"] == .http(HTTPServiceConfiguration(url: "https://shop.internal", connections: 64, tokenVariable: "SHOP_TOKEN")))
        #expect(configuration.adapters["plain"] == .http(HTTPServiceConfiguration(url: "https://plain.internal", connections: 64)))
        #expect(configuration.fraudHooks["risk"] == .http(HTTPServiceConfiguration(url: "https://risk.bank.internal/v1/score", connections: 64, tokenVariable: "LANGO_RISK_TOKEN")))

        // At start every named variable must hold a token; each one missing is named with its place.
        #expect {
            try ServiceCredentials.resolve(for: configuration, environment: ["SHOP_TOKEN": "s3cret", "LANGO_RISK_TOKEN": "two words"])
        } throws: { error in
            "\(error)"
                == "adapters.core.token_env: the environment variable LANGO_CORE_TOKEN must hold the service's token (visible ASCII, one line); fraud_hooks.risk.token_env: the environment variable LANGO_RISK_TOKEN must hold the service's token (visible ASCII, one line)"
        }
        _ = try ServiceCredentials.resolve(
            for: configuration, environment: ["LANGO_CORE_TOKEN": "c0re", "SHOP_TOKEN": "s3cret", "LANGO_RISK_TOKEN": "r1sk"])
        _ = try ServiceCredentials.resolve(for: GatewayConfiguration(), environment: [:])
    }

    @Test func readsEveryField() throws {
        let configuration = try load("""
            { "host": "0.0.0.0", "port": 9000, "public_url": "https://api.example.com/", "data_dir": "/var/lib/lango",
              "database": "/var/lib/lango/db.sqlite", "policies": "/etc/lango/policies", "max_body_bytes": 2048,
              "decision_log": "off", "api_key_cache_ms": 0, "transaction_page_size": 25, "scopes": ["reports:read"],
              "sandbox_anchor": "2026-01-31", "consent_accounts_adapter": "core", "consent_reauthentication_days": 90,
              "consent_unattended_accesses_per_day": 2,
              "adapters": { "core": { "type": "core-http", "url": "http://core:9090", "connections": 8 },
                            "fx": { "type": "http", "url": "http://fx:80" } } }
            """)
        #expect(configuration.port == 9000)
        #expect(configuration.effectivePublicURL == "https://api.example.com")
        #expect(configuration.effectiveDatabasePath == "/var/lib/lango/db.sqlite")
        #expect(configuration.transactionPageSize == 25)
        #expect(configuration.adapters["core"] == .coreHTTP(HTTPServiceConfiguration(url: "http://core:9090", connections: 8)))
        #expect(configuration.adapters["fx"] == .http(HTTPServiceConfiguration(url: "http://fx:80", connections: 64)))
        #expect(configuration.sandboxAnchor == ISO8601.parse("2026-01-31"))
        #expect(configuration.consentAccountsAdapter == "core")
        #expect(configuration.consentRules == ConsentRules(reauthenticationPeriod: .seconds(90 * 86_400), unattendedAccessesPerDay: 2))
        let vocabulary = configuration.policyVocabulary()
        #expect(vocabulary.scopes.contains("reports:read"))
        #expect(vocabulary.scopes.contains("accounts:read"))
        #expect(vocabulary.adapters["core"]?.operations.contains("transactions") == true)
        #expect(vocabulary.adapters["fx"]?.operations == ["forward"])
        #expect(vocabulary.adapters["fx"]?.allowsPathRewrite == true)
    }

    @Test func namesTheFieldThatIsWrong() throws {
        let cases: [(String, String)] = [
            (#"{ "prot": 1 }"#, #"$.prot: unknown field "prot" (hint: did you mean "port"?)"#),
            (#"{ "port": 70000 }"#, "$.port: port must be 0 to 65535"),
            (#"{ "adapters": { "core": { "type": "sandbx" } } }"#, #"$.adapters.core.type: unknown adapter type "sandbx" (hint: did you mean "sandbox"?)"#),
            (#"{ "adapters": { "core": { "type": "http", "url": "ftp://x" } } }"#, "$.adapters.core.url: url must be an http or https URL"),
            (#"{ "public_url": "api.example.com" }"#, "$.public_url: public_url must be an http or https URL"),
            (
                #"{ "adapters": { "fx": { "type": "http", "url": "http://fx" } }, "consent_accounts_adapter": "fx" }"#,
                "$.consent_accounts_adapter: consent_accounts_adapter must name a sandbox or core-http adapter (hint: customers choose the accounts of a consent from this bank)"
            ),
            (#"{ "consent_reauthentication_days": 0 }"#, "$.consent_reauthentication_days: consent_reauthentication_days must be 1 to 365 (hint: PSD2 allows at most 180)"),
            (#"{ "consent_unattended_accesses_per_day": -1 }"#, "$.consent_unattended_accesses_per_day: consent_unattended_accesses_per_day must be 0 to 1000 (hint: PSD2 allows at most 4)"),
            (
                #"{ "fraud_hooks": { "risk": { "type": "http", "url": "http://10.0.4.7/score" } } }"#,
                "$.fraud_hooks.risk.url: a fraud hook's url must use https unless its host is this machine (hint: the hook receives customer and payment details)"
            ),
            (#"{ "fraud_hooks": { "risk": { "type": "rulez" } } }"#, #"$.fraud_hooks.risk.type: unknown fraud hook type "rulez" (hint: did you mean "rules"?)"#),
            (#"{ "fraud_hooks": { "risk": { "type": "http", "url": "ftp://x" } } }"#, "$.fraud_hooks.risk.url: url must be an http or https URL"),
            (#"{ "fraud_hooks": { "risk": { "type": "rules", "url": "https://x" } } }"#, #"$.fraud_hooks.risk.url: unknown field "url" (hint: known fields: type)"#),
            (#"{ "fraud_hooks": { "risk": { "type": "http" } } }"#, #"$.fraud_hooks.risk.url: missing required field "url""#),
            (
                #"{ "fraud_hooks": { "risk": { "type": "http", "url": "https://r", "token_env": "Bearer abc" } } }"#,
                "$.fraud_hooks.risk.token_env: token_env must name an environment variable (letters, digits and _, not starting with a digit) (hint: the variable holds the token; the token itself never goes in the file)"
            ),
            (#"{ "adapters": { "core": { "type": "sandbox", "token_env": "X" } } }"#, #"$.adapters.core.token_env: unknown field "token_env" (hint: known fields: type)"#),
            (
                #"{ "adapters": { "core": { "type": "core-http", "url": "http://10.0.4.7", "token_env": "CORE_TOKEN" } } }"#,
                "$.adapters.core.url: a url that receives a token (token_env) must use https unless its host is this machine (hint: the token would travel in the clear)"
            ),
            (
                #"{ "adapters": { "fx": { "type": "http", "url": "http://fx", "tls": { "ca_file": "/etc/lango/ca.pem" } } } }"#,
                "$.adapters.fx.url: tls needs an https url"
            ),
            (
                #"{ "adapters": { "fx": { "type": "http", "url": "https://fx", "tls": { "certificate_file": "/etc/lango/fx.pem" } } } }"#,
                "$.adapters.fx.tls: certificate_file and key_file go together: the gateway's certificate and its private key"
            ),
            (
                #"{ "adapters": { "fx": { "type": "http", "url": "https://fx", "tls": {} } } }"#,
                "$.adapters.fx.tls: tls needs ca_file, or certificate_file and key_file, or all three (hint: without tls the system's trust roots are used and no certificate is presented)"
            ),
            (
                #"{ "fraud_hooks": { "risk": { "type": "http", "url": "https://r", "tls": { "ca_file": "ca.pem" } } } }"#,
                "$.fraud_hooks.risk.tls.ca_file: ca_file must be an absolute path (hint: a PEM file)"
            ),
            (
                #"{ "adapters": { "fx": { "type": "http", "url": "https://fx", "tls": { "cafile": "/ca.pem" } } } }"#,
                #"$.adapters.fx.tls.cafile: unknown field "cafile" (hint: did you mean "ca_file"?)"#
            ),
            (#"{ "adapters": { "core": { "type": "sandbox", "tls": {} } } }"#, #"$.adapters.core.tls: unknown field "tls" (hint: known fields: type)"#),
            (
                #"{ "tls": { "certificate_file": "/etc/lango/api.pem" } }"#,
                "$.tls: tls needs certificate_file and key_file: the listener's certificate and its private key"
            ),
            (#"{ "tls": { "certificate_file": "api.pem", "key_file": "/k.pem" } }"#, "$.tls.certificate_file: certificate_file must be an absolute path (hint: a PEM file)"),
            (
                #"{ "tls": { "certificate_file": "/a.pem", "key_file": "/k.pem", "client_certificates": "optional" } }"#,
                "$.tls.client_certificates: client_certificates needs client_ca_file: the CA they must come from"
            ),
            (
                #"{ "tls": { "certificate_file": "/a.pem", "key_file": "/k.pem", "client_ca_file": "/ca.pem", "client_certificates": "optionl" } }"#,
                #"$.tls.client_certificates: client_certificates must be "required" or "optional" (hint: did you mean "optional"?)"#
            ),
            (
                #"{ "tls": { "certificate_file": "/a.pem", "key_file": "/k.pem", "client_ca": "/ca.pem" } }"#,
                #"$.tls.client_ca: unknown field "client_ca" (hint: known fields: certificate_file, client_ca_file, client_certificates, key_file)"#
            ),
        ]
        for (text, expected) in cases {
            #expect {
                try load(text)
            } throws: { error in
                "\(error)".hasSuffix(expected)
            }
        }
    }

    @Test func readsTheTLSOfAService() throws {
        let configuration = try load("""
            { "adapters": { "core": { "type": "core-http", "url": "https://core.bank.internal", "tls": {
                "ca_file": "/etc/lango/bank-ca.pem", "certificate_file": "/etc/lango/gateway.pem", "key_file": "/etc/lango/gateway-key.pem" } } },
              "fraud_hooks": { "risk": { "type": "http", "url": "https://risk.bank.internal/score", "tls": { "ca_file": "/etc/lango/bank-ca.pem" } } } }
            """)
        #expect(
            configuration.adapters["core"]
                == .coreHTTP(
                    HTTPServiceConfiguration(
                        url: "https://core.bank.internal",
                        tls: ServiceTLSFiles(
                            caFile: "/etc/lango/bank-ca.pem", certificateFile: "/etc/lango/gateway.pem", keyFile: "/etc/lango/gateway-key.pem"))))
        #expect(
            configuration.fraudHooks["risk"]
                == .http(HTTPServiceConfiguration(url: "https://risk.bank.internal/score", tls: ServiceTLSFiles(caFile: "/etc/lango/bank-ca.pem"))))
    }

    @Test func readsTheListenersTLS() throws {
        let configuration = try load("""
            { "port": 8443, "tls": { "certificate_file": "/etc/lango/api.pem", "key_file": "/etc/lango/api-key.pem",
                                     "client_ca_file": "/etc/lango/partners-ca.pem" } }
            """)
        #expect(
            configuration.tls
                == ListenerTLSFiles(
                    certificateFile: "/etc/lango/api.pem", keyFile: "/etc/lango/api-key.pem", clientCAFile: "/etc/lango/partners-ca.pem"))
        #expect(configuration.effectivePublicURL == "https://127.0.0.1:8443", "the listener's own address is https")
        #expect(try load("{}").effectivePublicURL == "http://127.0.0.1:8080")
    }

    /// `--core-url` moves the configured core service and keeps its settings, where they fit.
    @Test func aMovedServiceKeepsItsSettingsWhereTheyFit() throws {
        let service = HTTPServiceConfiguration(
            url: "https://core.bank.internal", connections: 8, tokenVariable: "CORE_TOKEN", tls: ServiceTLSFiles(caFile: "/etc/lango/ca.pem"))
        let moved = try service.moved(to: "https://core-2.bank.internal")
        #expect(moved == HTTPServiceConfiguration(
            url: "https://core-2.bank.internal", connections: 8, tokenVariable: "CORE_TOKEN", tls: ServiceTLSFiles(caFile: "/etc/lango/ca.pem")))
        #expect(throws: ConfigurationError.self) { try service.moved(to: "http://core-2.bank.internal") }
        var tokenOnly = service
        tokenOnly.tls = nil
        #expect(try tokenOnly.moved(to: "http://127.0.0.1:9090").url == "http://127.0.0.1:9090", "a token may go to this machine")
        #expect(throws: ConfigurationError.self) { try tokenOnly.moved(to: "http://10.0.4.7:9090") }
        #expect(throws: ConfigurationError.self) { try tokenOnly.moved(to: "core:9090") }
    }

    @Test func anUnreadableFileIsReported() {
        #expect {
            try GatewayConfiguration.load(contentsOf: "/nonexistent/lango.json")
        } throws: { error in
            "\(error)".hasPrefix("cannot read configuration /nonexistent/lango.json")
        }
    }
}
