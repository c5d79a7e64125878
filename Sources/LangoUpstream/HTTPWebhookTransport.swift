import AsyncHTTPClient
import Foundation
import LangoWebhooks
import NIOCore
import NIOHTTP1
import NIOPosix

#if canImport(Glibc)
import Glibc
#endif

/// Posts webhook requests with AsyncHTTPClient: redirects not followed, a deadline per
/// attempt, and, for production apps, `https` only and a host that resolves to public addresses
/// only (``EndpointAddressKind``).
///
/// The host is resolved once per attempt, and the attempt connects only to the addresses it
/// checked, in the resolver's order with IPv4 first: the client is given one address for the
/// host at a time, so it never resolves the name again, and a name whose answer changes after
/// the check (DNS rebinding) cannot redirect the request. When an address fails, the next is
/// tried, within the one deadline. TLS still names and verifies the host. Each address has its
/// own client and connection, since the connection belongs to the address checked for it.
public struct HTTPWebhookTransport: WebhookTransport {
    private let configuration: HTTPClient.Configuration
    private let eventLoopGroup: any EventLoopGroup
    private let timeout: Duration
    private let resolve: @Sendable (String) async throws -> [String]

    /// Attempts use clients built from `configuration` (redirects are never followed, whatever
    /// it says) on `eventLoopGroup`; `resolve` turns a host name into its addresses (the system
    /// resolver by default).
    public init(
        configuration: HTTPClient.Configuration = HTTPClient.Configuration(),
        eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton, timeout: Duration = .seconds(15),
        resolve: @escaping @Sendable (String) async throws -> [String] = HTTPWebhookTransport.systemAddresses
    ) {
        var configuration = configuration
        configuration.redirectConfiguration = .disallow
        self.configuration = configuration
        self.eventLoopGroup = eventLoopGroup
        self.timeout = timeout
        self.resolve = resolve
    }

    public func post(_ request: WebhookRequest) async -> DeliveryAttemptResult {
        let host: String
        do {
            host = try WebhookRegistry.check(url: request.url, production: request.production)
        } catch {
            return .failed(error.description)
        }
        let addresses: [String]
        switch await self.addresses(of: host, production: request.production) {
        case .success(let checked): addresses = checked
        case .failure(let refusal): return .failed(refusal.reason)
        }
        let deadline = NIODeadline.now() + TimeAmount(timeout)
        var failures: [String] = []
        for address in addresses {
            var pinned = configuration
            // A refused connection moves on to the next address at once.
            pinned.connectionPool.retryConnectionEstablishment = false
            if address != host { pinned.dnsOverride = [host: address] }
            let client = HTTPClient(eventLoopGroup: eventLoopGroup, configuration: pinned)
            let result = await post(request, with: client, deadline: deadline)
            try? await client.shutdown()
            guard case .failed(let reason) = result else { return result }
            failures.append(addresses.count == 1 ? reason : "\(address): \(reason)")
            if NIODeadline.now() >= deadline { break }
        }
        return .failed(failures.joined(separator: "; "))
    }

    private func post(_ request: WebhookRequest, with client: HTTPClient, deadline: NIODeadline) async -> DeliveryAttemptResult {
        var outgoing = HTTPClientRequest(url: request.url)
        outgoing.method = .POST
        for header in request.headers where header.count == 2 { outgoing.headers.add(name: header[0], value: header[1]) }
        outgoing.body = .bytes(ByteBuffer(bytes: request.body))
        do {
            let response = try await client.execute(outgoing, deadline: deadline)
            // The body is not needed: read and dropped, up to a little, before the connection closes.
            _ = try? await response.body.collect(upTo: 64 * 1024)
            return .answered(status: Int(response.status.code), retryAfter: response.headers.first(name: "retry-after"))
        } catch {
            return .failed("\(error)")
        }
    }

    /// Why an attempt may not go to a host.
    private struct Refusal: Error {
        let reason: String
    }

    /// The addresses to connect to for `host`, IPv4 first, each once; for production apps,
    /// refused unless every address the host has is public.
    private func addresses(of host: String, production: Bool) async -> Result<[String], Refusal> {
        let addresses: [String]
        if EndpointAddressKind.of(host) != nil {
            addresses = [host]
        } else {
            do {
                addresses = try await resolve(host)
            } catch {
                return .failure(Refusal(reason: "\(host) cannot be resolved: \(error)"))
            }
        }
        var seen: Set<String> = []
        let ordered = (addresses.filter { !$0.contains(":") } + addresses.filter { $0.contains(":") }).filter { seen.insert($0).inserted }
        guard !ordered.isEmpty else { return .failure(Refusal(reason: "\(host) has no address")) }
        if production {
            for address in addresses {
                let kind = EndpointAddressKind.of(address) ?? .unroutable
                if !kind.isAllowedInProduction {
                    return .failure(Refusal(reason: "refused: \(host) resolves to \(address), a \(kind.rawValue) address"))
                }
            }
        }
        return .success(ordered)
    }

    /// The host's IPv4 and IPv6 addresses from the system resolver, in its order, looked up on
    /// NIO's thread pool.
    public static let systemAddresses: @Sendable (String) async throws -> [String] = { host in
        try await NIOThreadPool.singleton.runIfActive {
            var hints = addrinfo()
            hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
            var results: UnsafeMutablePointer<addrinfo>?
            let status = getaddrinfo(host, nil, &hints, &results)
            guard status == 0, let first = results else { throw WebhookResolutionError(host: host, code: status) }
            defer { freeaddrinfo(first) }
            var addresses: [String] = []
            var cursor: UnsafeMutablePointer<addrinfo>? = first
            while let entry = cursor {
                var buffer = [CChar](repeating: 0, count: Int(NI_MAXHOST))
                if getnameinfo(entry.pointee.ai_addr, entry.pointee.ai_addrlen, &buffer, socklen_t(buffer.count), nil, 0, NI_NUMERICHOST) == 0 {
                    addresses.append(String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self))
                }
                cursor = entry.pointee.ai_next
            }
            return addresses
        }
    }
}

/// The system resolver could not look a host up.
struct WebhookResolutionError: Error, CustomStringConvertible {
    let host: String
    let code: Int32
    var description: String { "the name lookup failed (getaddrinfo \(code))" }
}
