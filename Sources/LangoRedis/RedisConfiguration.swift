import Foundation

/// Where a ``RedisClient`` connects and how long it waits.
public struct RedisConfiguration: Sendable, Hashable {
    /// Host name or IP address (IPv6 without brackets).
    public var host: String
    /// TCP port, 6379 by default.
    public var port: Int
    /// ACL user for `AUTH username password` (Redis 6+); `nil` authenticates as the default user.
    public var username: String?
    /// Sent with `AUTH` right after connecting; `nil` skips `AUTH`.
    public var password: String?
    /// Selected with `SELECT` right after connecting when not 0.
    public var database: Int
    /// Limit on establishing the TCP connection.
    public var connectTimeout: Duration
    /// Limit on each command's reply, counted from when it is written to the connection
    /// (`AUTH` and `SELECT` included).
    public var commandTimeout: Duration
    /// Spacing of reconnect attempts while the server is unreachable.
    public var reconnectBackoff: RedisReconnectBackoff

    /// A configuration from its parts; the timeouts default to 1 s.
    public init(
        host: String = "127.0.0.1", port: Int = 6379, username: String? = nil, password: String? = nil,
        database: Int = 0, connectTimeout: Duration = .seconds(1), commandTimeout: Duration = .seconds(1),
        reconnectBackoff: RedisReconnectBackoff = RedisReconnectBackoff()
    ) {
        self.host = host
        self.port = port
        self.username = username
        self.password = password
        self.database = database
        self.connectTimeout = connectTimeout
        self.commandTimeout = commandTimeout
        self.reconnectBackoff = reconnectBackoff
    }

    /// Parses `redis://[[username]:password@]host[:port][/database]`.
    ///
    /// The port defaults to 6379 and the database to 0; user and password may be
    /// percent-encoded; an IPv6 host is written in brackets (`redis://[::1]:6380`). Timeouts and
    /// backoff take their defaults. Throws ``RedisError/invalidConfiguration(_:)`` for anything
    /// else (other schemes such as `rediss://`, a missing host, a bad port or database).
    public init(url: String) throws(RedisError) {
        let schemeEnd = url.firstRange(of: "://")
        guard let schemeEnd, url[..<schemeEnd.lowerBound].lowercased() == "redis" else {
            throw .invalidConfiguration("\(Self.redacted(url)) is not a redis:// URL")
        }
        let rest = url[schemeEnd.upperBound...]
        let authorityEnd = rest.firstIndex(of: "/") ?? rest.endIndex
        var authority = rest[..<authorityEnd]
        self.init()

        if let at = authority.lastIndex(of: "@") {
            let userInfo = authority[..<at]
            guard let colon = userInfo.firstIndex(of: ":") else {
                throw .invalidConfiguration("write the password after a colon: redis://:password@host")
            }
            let user = try Self.percentDecoded(userInfo[..<colon], part: "user name")
            username = user.isEmpty ? nil : user
            password = try Self.percentDecoded(userInfo[userInfo.index(after: colon)...], part: "password")
            authority = authority[authority.index(after: at)...]
        }

        let portText: Substring?
        if authority.hasPrefix("[") {
            guard let close = authority.firstIndex(of: "]") else {
                throw .invalidConfiguration("unterminated IPv6 address in \(Self.redacted(url))")
            }
            host = String(authority[authority.index(after: authority.startIndex)..<close])
            let afterHost = authority[authority.index(after: close)...]
            guard afterHost.isEmpty || afterHost.hasPrefix(":") else {
                throw .invalidConfiguration("unexpected text after the IPv6 address in \(Self.redacted(url))")
            }
            portText = afterHost.isEmpty ? nil : afterHost.dropFirst()
        } else if let colon = authority.firstIndex(of: ":") {
            host = String(authority[..<colon])
            portText = authority[authority.index(after: colon)...]
        } else {
            host = String(authority)
            portText = nil
        }
        guard !host.isEmpty else { throw .invalidConfiguration("missing host in \(Self.redacted(url))") }
        if let portText {
            guard let number = Int(portText), (1...65_535).contains(number) else {
                throw .invalidConfiguration("port \"\(portText)\" is not a number from 1 to 65535")
            }
            port = number
        }

        let path = rest[authorityEnd...].dropFirst()
        if !path.isEmpty {
            guard path.allSatisfy(\.isASCIIDigit), let number = Int(path) else {
                throw .invalidConfiguration("database \"\(path)\" is not a number")
            }
            database = number
        }
    }

    private static func percentDecoded(_ text: Substring, part: String) throws(RedisError) -> String {
        guard let decoded = String(text).removingPercentEncoding else {
            throw .invalidConfiguration("the \(part) is not valid percent-encoding")
        }
        return decoded
    }

    /// The URL with any user information replaced, so error messages never show a password.
    private static func redacted(_ url: String) -> String {
        guard let at = url.lastIndex(of: "@"), let schemeEnd = url.firstRange(of: "://"),
            schemeEnd.upperBound <= at
        else { return url }
        return url[..<schemeEnd.upperBound] + "***" + url[at...]
    }
}

extension RedisConfiguration: CustomStringConvertible {
    /// The configuration as a URL with the password masked, fit for logs.
    public var description: String {
        let credentials = password == nil ? "" : "\(username ?? ""):***@"
        let host = self.host.contains(":") ? "[\(self.host)]" : self.host
        return "redis://\(credentials)\(host):\(port)/\(database)"
    }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { isASCII && isNumber }
}
