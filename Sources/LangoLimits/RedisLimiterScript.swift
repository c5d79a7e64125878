import LangoRedis

/// The Lua script behind ``RedisLimiter``: one atomic check-and-consume of a subject's rate,
/// quota windows and rolling window, with the semantics of ``Limiter``, returning the whole
/// decision.
///
/// - `KEYS[1]`: the subject's TAT (µs since 1970); `KEYS[1 + i]`: quota window `i`'s used count;
///   with a rolling window, the last key: a sorted set of its counted units, scored by time.
/// - `ARGV`: `now` (µs), `cost`, `1`/`0` for whether there is a rate, `T` (µs), `B`, `1`/`0` for
///   whether there is a rolling window, its `limit` and `length` (µs), then per quota window its
///   `limit` and its `end` (µs).
/// - Reply, all integers: allowed (1/0); the reported limit (0 none, 1 rate, 2 quota, 3 rolling
///   window) and its quota index (1-based); limit; remaining; reset (µs); retry-after (µs, −1 for
///   none); the exceeded limit (same kinds) and its quota index.
///
/// Every figure is an integer below 2^53, which Lua's doubles hold exactly; values are stored
/// with `%.0f` so keys hold plain integers. A window that has already ended counts as empty and
/// is not written, like the in-process limiter's dropped counters.
enum RedisLimiterScript {
    static let script = RedisScript(
        #"""
        local now = tonumber(ARGV[1])
        local cost = tonumber(ARGV[2])
        local hasRate = ARGV[3] == '1'
        local interval = tonumber(ARGV[4])
        local burst = tonumber(ARGV[5])
        local capacity = burst * interval
        local hasRolling = ARGV[6] == '1'
        local rollingLimit = tonumber(ARGV[7])
        local rollingLength = tonumber(ARGV[8])
        local rollingKey = KEYS[#KEYS]
        local quotaCount = #KEYS - 1
        if hasRolling then quotaCount = quotaCount - 1 end
        local DAY_MS = 86400000
        local NEVER = math.huge

        local function integer(number)
          return string.format('%.0f', number)
        end

        -- Check everything first: the rate...
        local allowed = true
        local tat0, nextTat
        if hasRate then
          tat0 = math.max(tonumber(redis.call('GET', KEYS[1]) or now), now)
          nextTat = tat0 + cost * interval
          if cost > 0 and nextTat - now > capacity then allowed = false end
        end
        -- ...and every quota window.
        local limits, ends, used = {}, {}, {}
        for i = 1, quotaCount do
          limits[i] = tonumber(ARGV[7 + 2 * i])
          ends[i] = tonumber(ARGV[8 + 2 * i])
          used[i] = 0
          if ends[i] > now then used[i] = tonumber(redis.call('GET', KEYS[1 + i]) or 0) end
          if cost > 0 and used[i] + cost > limits[i] then allowed = false end
        end
        -- ...and the rolling window, once the units that left it are forgotten.
        local counted = 0
        if hasRolling then
          redis.call('ZREMRANGEBYSCORE', rollingKey, '-inf', integer(now - rollingLength))
          counted = redis.call('ZCARD', rollingKey)
          if cost > 0 and counted + cost > rollingLimit then allowed = false end
        end

        -- Consume only when all of them admit the request.
        if allowed and cost > 0 then
          if hasRate then
            -- Whole again at nextTat; kept B*T longer, plus a minute for clocks that differ.
            local ttl = math.ceil((nextTat - now + capacity) / 1000) + 60000
            redis.call('SET', KEYS[1], integer(nextTat), 'PX', integer(ttl))
          end
          for i = 1, quotaCount do
            if ends[i] > now then
              -- A window's key is new when it now holds just this cost: its end never moves,
              -- so it gets its expiry once.
              if redis.call('INCRBY', KEYS[1 + i], integer(cost)) == cost then
                redis.call('PEXPIRE', KEYS[1 + i], integer(math.ceil((ends[i] - now) / 1000) + DAY_MS))
              end
            end
          end
          if hasRolling then
            -- One member per unit; time and position keep members of one instant apart.
            for j = 1, cost do
              redis.call('ZADD', rollingKey, integer(now), integer(now) .. ':' .. integer(counted + j))
            end
            redis.call('PEXPIRE', rollingKey, integer(math.ceil(rollingLength / 1000) + 60000))
          end
        end

        -- The reported limit: the least remaining, the rate first, then quotas in order.
        local reportedKind, reportedIndex, limit, remaining, reset = 0, 0, 0, 0, 0
        if hasRate then
          local tatAfter = tat0
          if allowed then tatAfter = nextTat end
          reportedKind, limit = 1, burst
          remaining = math.max(0, math.floor((capacity - (tatAfter - now)) / interval))
          reset = tatAfter - now
        end
        for i = 1, quotaCount do
          local usedAfter = used[i]
          if allowed then usedAfter = usedAfter + cost end
          local left = math.max(0, limits[i] - usedAfter)
          if reportedKind == 0 or left < remaining then
            reportedKind, reportedIndex, limit, remaining, reset = 2, i, limits[i], left, ends[i] - now
          end
        end
        if hasRolling then
          local countedAfter = counted
          if allowed then countedAfter = counted + cost end
          local left = math.max(0, rollingLimit - countedAfter)
          if reportedKind == 0 or left < remaining then
            local oldest = redis.call('ZRANGE', rollingKey, 0, 0, 'WITHSCORES')
            local untilWhole = 0
            if oldest[2] then untilWhole = tonumber(oldest[2]) + rollingLength - now end
            reportedKind, reportedIndex, limit, remaining, reset = 3, 0, rollingLimit, left, untilWhole
          end
        end

        -- When denied: the failing limit with the longest wait; on a tie quotas, the rolling
        -- window, then the rate.
        local retryAfter, exceededKind, exceededIndex = -1, 0, 0
        if not allowed then
          local longest = nil
          for i = 1, quotaCount do
            if used[i] + cost > limits[i] then
              local wait = ends[i] - now
              if cost > limits[i] then wait = NEVER end
              if longest == nil or wait > longest then longest, exceededKind, exceededIndex = wait, 2, i end
            end
          end
          if hasRolling and counted + cost > rollingLimit then
            local wait = NEVER
            if cost <= rollingLimit then
              local position = counted + cost - rollingLimit - 1
              wait = tonumber(redis.call('ZRANGE', rollingKey, position, position, 'WITHSCORES')[2]) + rollingLength - now
            end
            if longest == nil or wait > longest then longest, exceededKind, exceededIndex = wait, 3, 0 end
          end
          if hasRate and nextTat - now > capacity then
            local wait = nextTat - now - capacity
            if cost > burst then wait = NEVER end
            if longest == nil or wait > longest then longest, exceededKind, exceededIndex = wait, 1, 0 end
          end
          if longest ~= NEVER then retryAfter = longest end
        end

        return {allowed and 1 or 0, reportedKind, reportedIndex, limit, remaining, reset, retryAfter, exceededKind, exceededIndex}
        """#
    )
}
