import Logging
import NIOCore

/// Matches replies to commands on one connection: commands are written in order, each gets a
/// slot in a FIFO queue, and every reply decoded by the ``RedisReplyReader`` completes the
/// oldest slot.
///
/// A command whose reply does not come within the command timeout fails with
/// ``RedisError/timeout`` but keeps its slot, so its late reply is read and dropped without
/// shifting anyone else's. All commands share one timeout, so deadlines grow along the queue
/// and the timed-out slots are always a prefix of it: one timer, armed for the oldest live
/// slot, is enough.
///
/// Redis answers in order, so when the oldest command is still unanswered ``staleness`` after
/// its deadline, nothing behind it has been answered either: the connection is taken for dead
/// (a host gone without a reset, a half-open socket) and closed, so the client reconnects
/// instead of timing out on it until TCP gives up. Everything here runs on the channel's event
/// loop.
final class RedisChannelHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private struct Slot {
        let promise: EventLoopPromise<RedisValue>
        let deadline: NIODeadline
    }

    private let commandTimeout: TimeAmount
    /// How long after its deadline an unanswered command makes the connection count as dead:
    /// four command timeouts, so the connection dies five timeouts after the command was written.
    private var staleness: TimeAmount { commandTimeout * 4 }
    private let logger: Logger
    private var context: ChannelHandlerContext?
    private var reader: RedisReplyReader?
    private var slots = CircularBuffer<Slot>()
    /// How many slots at the front already failed with a timeout and await only their reply.
    private var expiredCount = 0
    private var timer: (task: Scheduled<Void>, deadline: NIODeadline)?
    private var flushScheduled = false
    /// Set once the connection is unusable; later commands fail with it at once.
    private var failure: RedisError?

    init(commandTimeout: TimeAmount, logger: Logger) {
        self.commandTimeout = commandTimeout
        self.logger = logger
    }

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
        reader = RedisReplyReader()
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        shutDown(.connectionLost("the Redis handler was removed"))
        self.context = nil
    }

    func channelInactive(context: ChannelHandlerContext) {
        if failure == nil {
            logger.warning("Redis connection lost", metadata: ["waiting": "\(slots.count - expiredCount)"])
        }
        shutDown(.connectionLost("the server closed the connection"))
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        shutDown(.connectionLost("\(error)"))
        context.close(promise: nil)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard let reader else { return }
        let bytes = unwrapInboundIn(data)
        do throws(RedisError) {
            try bytes.withUnsafeReadableBytes { bytes throws(RedisError) in try reader.feed(bytes) }
            while let value = try reader.next() {
                try deliver(value)
            }
        } catch {
            logger.error("closing the Redis connection", metadata: ["error": "\(error)"])
            shutDown(error)
            context.close(promise: nil)
        }
    }

    /// Writes `command` and completes `promise` with its reply, a timeout or the connection's
    /// failure.
    func submit(_ command: ByteBuffer, promise: EventLoopPromise<RedisValue>) {
        guard failure == nil, let context else {
            promise.fail(failure ?? .connectionLost("the connection is not open"))
            return
        }
        slots.append(Slot(promise: promise, deadline: context.eventLoop.now + commandTimeout))
        context.write(wrapOutboundOut(command), promise: nil)
        armTimer()
        // Commands submitted in the same event-loop turn share one flush.
        if !flushScheduled {
            flushScheduled = true
            context.eventLoop.assumeIsolated().execute {
                self.flushScheduled = false
                self.context?.flush()
            }
        }
    }

    /// Fails waiting commands with ``RedisError/closed`` and closes the channel.
    func close() {
        shutDown(.closed)
        context?.close(promise: nil)
    }

    private func deliver(_ value: RedisValue) throws(RedisError) {
        guard let slot = slots.popFirst() else {
            throw .protocolError("a reply arrived with no command waiting: \(value)")
        }
        if expiredCount > 0 {
            expiredCount -= 1
        } else {
            slot.promise.succeed(value)
        }
    }

    /// Schedules the timer for the next thing to check: the oldest live slot's deadline, or the
    /// moment the oldest slot makes the connection stale.
    private func armTimer() {
        guard let context, let oldest = slots.first else { return }
        var next = oldest.deadline + staleness
        if expiredCount < slots.count {
            next = min(next, slots[slots.index(slots.startIndex, offsetBy: expiredCount)].deadline)
        }
        if let timer {
            guard next < timer.deadline else { return }
            timer.task.cancel()
        }
        let task = context.eventLoop.assumeIsolated().scheduleTask(deadline: next) {
            self.timer = nil
            self.timerFired()
        }
        timer = (task, next)
    }

    private func timerFired() {
        guard let context, let oldest = slots.first else { return }
        let now = context.eventLoop.now
        if expiredCount > 0, oldest.deadline + staleness <= now {
            let silence = Duration.nanoseconds((commandTimeout + staleness).nanoseconds)
            logger.warning("no reply from Redis; closing the connection", metadata: ["silence": "\(silence)"])
            shutDown(.connectionLost("no reply within \(silence)"))
            context.close(promise: nil)
            return
        }
        var index = slots.index(slots.startIndex, offsetBy: expiredCount)
        while index != slots.endIndex, slots[index].deadline <= now {
            slots[index].promise.fail(RedisError.timeout)
            expiredCount += 1
            index = slots.index(after: index)
        }
        armTimer()
    }

    private func shutDown(_ error: RedisError) {
        if failure == nil { failure = error }
        reader = nil
        timer?.task.cancel()
        timer = nil
        while let slot = slots.popFirst() {
            if expiredCount > 0 {
                expiredCount -= 1
            } else {
                slot.promise.fail(failure ?? error)
            }
        }
    }
}
