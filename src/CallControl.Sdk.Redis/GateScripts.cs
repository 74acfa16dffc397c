namespace CallControl.Sdk.Redis;

/// <summary>
/// The gate's state lives in one Redis hash per token owner and changes only inside these scripts, which Redis runs
/// one at a time: the same algorithm as the in-process gate (<see cref="CallControlRateLimitGate.CreateInProcess"/>,
/// see <see cref="RateLimitPacingOptions"/>), on Redis's clock (<c>TIME</c>), so processes whose clocks disagree
/// still agree on every instant. Instants and durations are milliseconds (fractions kept); waits return as microseconds.
/// </summary>
/// <remarks>
/// Fields: <c>open</c> (closed until), <c>asked</c> (the latest instant a server asked for, uncapped), <c>succ</c>
/// (successes since the window began), <c>wstart</c> (window start), <c>storm</c> = 1 while a 429's lesson waits
/// to be learned (with <c>ssucc</c>, <c>sat</c>, <c>sra</c>, <c>wp</c>: its successes, instant, Retry-After and
/// whether it came while pacing), <c>cold</c> (windows that begin before this instant, just after an outage, teach no pace), and the pace's bucket <c>rate</c>, <c>cap</c>, <c>tok</c>, <c>refill</c>, <c>until</c>, <c>raised</c>.
/// </remarks>
internal static class GateScripts
{
    private const string Now = """
        local t = redis.call('TIME')
        local now = tonumber(t[1]) * 1000 + tonumber(t[2]) / 1000
        local k = KEYS[1]
        """;

    /// <summary>ARGV: max wait (ms), pacing enabled (1/0), min successes, safety, back-off, rate back-off, lifetime (ms), key TTL (ms), rate increase per second. Returns {wait µs, closed 0/1, asked µs}.</summary>
    internal const string RequestTurn = Now + """

        local h = redis.call('HMGET', k, 'open', 'asked', 'storm', 'rate', 'cap', 'tok', 'refill', 'until', 'raised')
        local open = tonumber(h[1]) or 0
        if open > now then
          return {math.ceil((open - now) * 1000), 1, math.ceil(math.max((tonumber(h[2]) or 0) - now, 0) * 1000)}
        end
        local rate = tonumber(h[4]) or 0
        local cap = tonumber(h[5]) or 0
        local tok = tonumber(h[6]) or 0
        local refill = tonumber(h[7]) or 0
        local untilv = tonumber(h[8]) or 0
        local raised = tonumber(h[9]) or 0
        if h[3] == '1' then
          local f = redis.call('HMGET', k, 'succ', 'ssucc', 'sat', 'sra', 'wstart', 'wp', 'cold')
          local successes = (tonumber(f[2]) or 0) + (tonumber(f[1]) or 0)
          local sat = tonumber(f[3]) or open
          local sra = tonumber(f[4]) or 0
          local wstart = tonumber(f[5]) or sat
          if (tonumber(f[7]) or 0) > wstart then
            rate = 0
            cap = 0
          elseif f[6] == '1' then
            rate = rate * tonumber(ARGV[6])
            cap = math.max(1, math.min(cap, math.floor(rate * sra / 1000 * tonumber(ARGV[5]))))
          elseif ARGV[2] == '1' and successes >= tonumber(ARGV[3]) and sra > 0 then
            local before = math.min(math.max(sat - wstart, 0), sra)
            rate = tonumber(ARGV[4]) * successes / ((sra + before) / 1000)
            cap = math.floor(successes * tonumber(ARGV[5]))
          else
            rate = 0
            cap = 0
          end
          tok = cap
          refill = open
          untilv = open + tonumber(ARGV[7])
          raised = open
          redis.call('HSET', k, 'succ', 0, 'storm', 0, 'wstart', open, 'rate', rate, 'cap', cap, 'tok', tok, 'refill', refill, 'until', untilv, 'raised', raised)
          redis.call('PEXPIRE', k, ARGV[8])
        end
        if rate <= 0 or now >= untilv then
          return {0, 0, 0}
        end
        if tonumber(ARGV[9]) > 0 and now - raised >= 1000 then
          rate = rate * (1 + tonumber(ARGV[9]))
          redis.call('HSET', k, 'rate', rate, 'raised', now)
        end
        if now > refill then
          tok = math.min(cap, tok + (now - refill) / 1000 * rate)
          refill = now
        end
        local wait = 0
        if tok < 1 then
          wait = (1 - tok) / rate * 1000
        end
        if wait <= tonumber(ARGV[1]) then
          tok = tok - 1
        end
        redis.call('HSET', k, 'tok', tok, 'refill', refill)
        return {math.ceil(wait * 1000), 0, 0}
        """;

    /// <summary>ARGV: Retry-After (ms), the longest closing (ms), pacing enabled (1/0), key TTL (ms).</summary>
    internal const string RateLimited = Now + """

        local h = redis.call('HMGET', k, 'open', 'asked', 'rate', 'until', 'succ')
        local open = tonumber(h[1]) or 0
        local retryAfter = tonumber(ARGV[1])
        local closedFor = math.min(retryAfter, tonumber(ARGV[2]))
        redis.call('HSET', k, 'open', math.max(open, now + closedFor), 'asked', math.max(tonumber(h[2]) or 0, now + retryAfter))
        if open <= now and ARGV[3] == '1' then
          local rate = tonumber(h[3]) or 0
          local wp = 0
          if rate > 0 and now < (tonumber(h[4]) or 0) then
            wp = 1
          end
          redis.call('HSET', k, 'storm', 1, 'ssucc', tonumber(h[5]) or 0, 'succ', 0, 'sat', now, 'sra', retryAfter, 'wp', wp)
        end
        redis.call('PEXPIRE', k, ARGV[4])
        return 1
        """;

    /// <summary>ARGV: key TTL (ms). Counts a success; the first of a window starts it.</summary>
    internal const string Success = Now + """

        redis.call('HINCRBY', k, 'succ', 1)
        redis.call('HSETNX', k, 'wstart', now)
        redis.call('PEXPIRE', k, ARGV[1])
        return 1
        """;

    /// <summary>
    /// ARGV: key TTL (ms), how long the cold spell lasts (ms). A process that finds Redis back after an outage marks
    /// the windows that begin in the next while cold: they begin while other processes may still keep to their own
    /// gates and drain the server's bucket, so a 429 ending one teaches no pace (it only closes the gate); the first
    /// window that begins after the cold spell, at an opening, teaches the next pace.
    /// </summary>
    internal const string Cold = Now + """

        local cold = math.max(tonumber(redis.call('HGET', k, 'cold')) or 0, now + tonumber(ARGV[2]))
        redis.call('HSET', k, 'cold', cold)
        redis.call('HSETNX', k, 'wstart', now)
        redis.call('PEXPIRE', k, ARGV[1])
        return 1
        """;

    /// <summary>Returns how long the gate stays closed, in µs.</summary>
    internal const string ClosedFor = Now + """

        local open = tonumber(redis.call('HGET', k, 'open')) or 0
        return math.ceil(math.max(open - now, 0) * 1000)
        """;
}
