namespace CallControl.Sdk.Redis;

/// <summary>
/// The gate's store in Redis: one hash per token owner holding <c>s</c> (the state the SDK computed, as text),
/// <c>v</c> (its version), <c>n</c> (the success count) and <c>f</c> (the first success, ms since the Unix epoch).
/// These scripts only keep it: the pacing algorithm runs in the SDK. Instants come from Redis's clock (<c>TIME</c>),
/// so processes whose clocks disagree still agree on every instant.
/// </summary>
internal static class GateScripts
{
    /// <summary>Returns {v, s, n, f, now in µs since the Unix epoch}; a missing field is nil.</summary>
    internal const string Read = """
        local t = redis.call('TIME')
        local h = redis.call('HMGET', KEYS[1], 'v', 's', 'n', 'f')
        return {h[1], h[2], h[3], h[4], tonumber(t[1]) * 1000000 + tonumber(t[2])}
        """;

    /// <summary>ARGV: the version read, the new state, key TTL (ms). Writes only over that version; returns 1 when written, else 0.</summary>
    internal const string Write = """
        local v = tonumber(redis.call('HGET', KEYS[1], 'v')) or 0
        if v ~= tonumber(ARGV[1]) then
          return 0
        end
        redis.call('HSET', KEYS[1], 'v', v + 1, 's', ARGV[2])
        redis.call('PEXPIRE', KEYS[1], ARGV[3])
        return 1
        """;

    /// <summary>ARGV: key TTL (ms). Counts a success; the first one's instant is kept.</summary>
    internal const string Success = """
        local t = redis.call('TIME')
        redis.call('HINCRBY', KEYS[1], 'n', 1)
        redis.call('HSETNX', KEYS[1], 'f', string.format('%d', tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)))
        redis.call('PEXPIRE', KEYS[1], ARGV[1])
        return 1
        """;
}
