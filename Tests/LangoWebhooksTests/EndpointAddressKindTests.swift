import LangoWebhooks
import Testing

struct EndpointAddressKindTests {
    @Test(arguments: [
        ("8.8.8.8", EndpointAddressKind.public), ("203.0.114.9", .public), ("2a00:1450:4001:82a::200e", .public),
        ("127.0.0.1", .loopback), ("127.8.9.10", .loopback), ("::1", .loopback), ("[::1]", .loopback), ("::ffff:127.0.0.1", .loopback),
        ("10.1.2.3", .private), ("172.16.0.1", .private), ("172.31.255.255", .private), ("192.168.1.1", .private),
        ("100.64.0.1", .private), ("fd12:3456::1", .private), ("fc00::1", .private), ("::ffff:10.0.0.1", .private),
        ("169.254.1.1", .linkLocal), ("fe80::1", .linkLocal),
        ("169.254.169.254", .metadata), ("fd00:ec2::254", .metadata), ("::ffff:169.254.169.254", .metadata),
        ("0.0.0.0", .unroutable), ("::", .unroutable), ("224.0.0.1", .unroutable), ("255.255.255.255", .unroutable),
        ("192.0.2.1", .unroutable), ("ff02::1", .unroutable), ("2001:db8::1", .unroutable),
        ("172.32.0.1", .public), ("172.15.255.255", .public), ("100.128.0.1", .public),
    ])
    func classifies(address: String, kind: EndpointAddressKind) {
        #expect(EndpointAddressKind.of(address) == kind)
        #expect(kind.isAllowedInProduction == (kind == .public))
    }

    @Test(arguments: ["", "localhost", "1.2.3", "1.2.3.4.5", "256.1.1.1", "01.2.3.4", "1.2.3.-4", "::1::", "1:2:3:4:5:6:7:8:9", "fe80::1%eth0", "g::1", "12345::1"])
    func refusesWhatIsNotAnAddress(text: String) {
        #expect(EndpointAddressKind.of(text) == nil)
    }
}
