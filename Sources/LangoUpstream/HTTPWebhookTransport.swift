import AsyncHTTPClient
import Foundation
import LangoWebhooks
import NIOCore
import NIOHTTP1
import NIOPosix

#if canImport(Glibc)
import Glibc
#endif

/// Posts webhook requests with AsyncHTTPClient: redirects not followed (the client must be
/// configured with `.disallow`), a deadline per attempt, and, for production apps, `https` only
/// and a host that resolves to public addresses only (``EndpointAddressKind``).
///
/// The host is resolved and checked just before the request; the client then resolves it
/// again to connect, so a name that changes its answer in between (DNS rebinding) is not
/// caught by this check alone.
public struct HTTPWebhookTransport: WebhookTransport {
    private let client: HTTPClient
    private let timeout: Duration
    private let resolve: @Sendable (String) async throws -> [String]

    /// `resolve` turns a host name into its addresses (the system resolver by default).
    public init(
        client: HTTPClient, timeout: Duration = .seconds(15),
        resolve: @escaping @Sendable (String) async throws -> [String] = HTTPWebhookTransport.systemAddresses
    ) {
        self.client = client
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
        if request.production, let refusal = await refusal(of: host) { return .failed(refusal) }
        var outgoing = HTTPClientRequest(url: request.url)
        outgoing.method = .POST
        for header in request.headers where header.count == 2 { outgoing.headers.add(name: header[0], value: header[1]) }
        outgoing.body = .bytes(ByteBuffer(bytes: request.body))
        do {
            let response = try await client.execute(outgoing, timeout: TimeAmount(timeout))
            // The body is not needed: read and dropped, up to a little, so the connection can be reused.
            _ = try? await response.body.collect(upTo: 64 * 1024)
            return .answered(status: Int(response.status.code), retryAfter: response.headers.first(name: "retry-after"))
        } catch {
            return .failed("\(error)")
        }
    }

    /// Why `host` may not receive a production app's webhooks; `nil` when every address it has is public.
    private func refusal(of host: String) async -> String? {
        let addresses: [String]
        if EndpointAddressKind.of(host) != nil {
            addresses = [host]
        } else {
            do {
                addresses = try await resolve(host)
            } catch {
                return "\(host) cannot be resolved: \(error)"
            }
        }
        guard !addresses.isEmpty else { return "\(host) has no address" }
        for address in addresses {
            let kind = EndpointAddressKind.of(address) ?? .unroutable
            if !kind.isAllowedInProduction { return "refused: \(host) resolves to \(address), a \(kind.rawValue) address" }
        }
        return nil
    }

    /// The host's IPv4 and IPv6 addresses from the system resolver, looked up on NIO's thread pool.
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
                    addresses.append(String(cString: buffer))
                }
                cursor = entry.pointee.ai_next
            }
            return Array(Set(addresses)).sorted()
        }
    }
}

/// The system resolver could not look a host up.
struct WebhookResolutionError: Error, CustomStringConvertible {
    let host: String
    let code: Int32
    var description: String { "the name lookup failed (getaddrinfo \(code))" }
}
