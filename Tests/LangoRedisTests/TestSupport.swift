import LangoRedis
import LangoRedisTesting
import Logging

/// A logger that keeps expected connection failures out of the test output.
let quietLogger: Logger = {
    var logger = Logger(label: "lango.redis.tests")
    logger.logLevel = .critical
    return logger
}()

/// A client for `server`'s database `database`, with the test server's short timeouts unless changed by `adjust`.
func makeClient(
    for server: RedisTestServer, database: Int = 0, adjust: (inout RedisConfiguration) -> Void = { _ in }
) throws -> RedisClient {
    var configuration = try server.configuration(database: database)
    adjust(&configuration)
    return RedisClient(configuration: configuration, logger: quietLogger)
}

/// The error `body` throws, which must be a ``RedisError``; `nil` when it does not throw.
func redisError(_ body: () async throws -> some Any) async -> RedisError? {
    do {
        _ = try await body()
        return nil
    } catch let error as RedisError {
        return error
    } catch {
        return .protocolError("not a RedisError: \(error)")
    }
}

/// The value of `field` in an `INFO` reply, e.g. `blocked_clients`.
func infoField(_ field: String, in reply: RedisValue) -> String? {
    reply.stringValue?.split(whereSeparator: \.isNewline)
        .first { $0.hasPrefix(field + ":") }
        .map { String($0.dropFirst(field.count + 1)) }
}

/// A client (with a long command timeout) whose command `BLPOP never 0` is waiting on the
/// server, and the task that gets its error; returns once the server counts it as blocked.
func blockedCommand(on server: RedisTestServer) async throws -> (RedisClient, Task<RedisError?, Never>) {
    let client = try makeClient(for: server) { $0.commandTimeout = .seconds(60) }
    let observer = try makeClient(for: server)
    let blocked = Task { await redisError { try await client.send(["BLPOP", "never", "0"]) } }
    while try await infoField("blocked_clients", in: observer.send(["INFO", "clients"])) != "1" {
        try await Task.sleep(for: .milliseconds(10))
    }
    await observer.close()
    return (client, blocked)
}
