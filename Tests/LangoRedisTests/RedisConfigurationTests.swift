import LangoRedis
import Testing

@Suite struct RedisConfigurationTests {
    @Test func defaultsPortAndDatabase() throws {
        let configuration = try RedisConfiguration(url: "redis://cache.internal")
        #expect(configuration.host == "cache.internal")
        #expect(configuration.port == 6379)
        #expect(configuration.database == 0)
        #expect(configuration.password == nil)
        #expect(configuration.username == nil)
    }

    @Test func readsPasswordPortAndDatabase() throws {
        let configuration = try RedisConfiguration(url: "redis://:s%40cret:x@10.0.0.5:6380/4")
        #expect(configuration.host == "10.0.0.5")
        #expect(configuration.port == 6380)
        #expect(configuration.database == 4)
        #expect(configuration.password == "s@cret:x")
        #expect(configuration.username == nil)
    }

    @Test func readsAnACLUser() throws {
        let configuration = try RedisConfiguration(url: "REDIS://gateway:pw@localhost/1")
        #expect(configuration.username == "gateway")
        #expect(configuration.password == "pw")
        #expect(configuration.database == 1)
    }

    @Test func readsBracketedIPv6Hosts() throws {
        let configuration = try RedisConfiguration(url: "redis://[::1]:7000/")
        #expect(configuration.host == "::1")
        #expect(configuration.port == 7000)
        #expect(try RedisConfiguration(url: "redis://[fe80::1]").port == 6379)
    }

    @Test(arguments: [
        ("http://localhost", "invalid Redis configuration: http://localhost is not a redis:// URL"),
        ("rediss://localhost", "invalid Redis configuration: rediss://localhost is not a redis:// URL"),
        ("localhost:6379", "invalid Redis configuration: localhost:6379 is not a redis:// URL"),
        ("redis://", "invalid Redis configuration: missing host in redis://"),
        ("redis://:pw@:6379", "invalid Redis configuration: missing host in redis://***@:6379"),
        ("redis://host:0", "invalid Redis configuration: port \"0\" is not a number from 1 to 65535"),
        ("redis://host:99999", "invalid Redis configuration: port \"99999\" is not a number from 1 to 65535"),
        ("redis://host:", "invalid Redis configuration: port \"\" is not a number from 1 to 65535"),
        ("redis://host/x", "invalid Redis configuration: database \"x\" is not a number"),
        ("redis://host/-1", "invalid Redis configuration: database \"-1\" is not a number"),
        ("redis://host/1?timeout=3", "invalid Redis configuration: database \"1?timeout=3\" is not a number"),
        (
            "redis://secret@host",
            "invalid Redis configuration: write the password after a colon: redis://:password@host"
        ),
        ("redis://[::1", "invalid Redis configuration: unterminated IPv6 address in redis://[::1"),
        ("redis://[::1]x", "invalid Redis configuration: unexpected text after the IPv6 address in redis://[::1]x"),
        ("redis://:%zz@host", "invalid Redis configuration: the password is not valid percent-encoding"),
    ])
    func rejectsMalformedURLs(url: String, message: String) {
        #expect {
            _ = try RedisConfiguration(url: url)
        } throws: { error in
            "\(error)" == message
        }
    }

    @Test func describesItselfWithThePasswordMasked() throws {
        #expect(try RedisConfiguration(url: "redis://:hunter2@cache:6380/2").description == "redis://:***@cache:6380/2")
        #expect(try RedisConfiguration(url: "redis://ops:hunter2@[::1]").description == "redis://ops:***@[::1]:6379/0")
        #expect(try RedisConfiguration(url: "redis://cache").description == "redis://cache:6379/0")
    }

    @Test func neverRepeatsThePasswordInErrors() {
        #expect {
            _ = try RedisConfiguration(url: "redis://:hunter2@[::1")
        } throws: { error in
            !"\(error)".contains("hunter2")
        }
    }
}
