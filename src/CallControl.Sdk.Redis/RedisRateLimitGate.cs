using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using StackExchange.Redis;

namespace CallControl.Sdk.Redis;

/// <summary>
/// A rate-limit gate that processes using the same Webex token share through Redis: the gate's state (until when it is
/// closed after a 429, on Redis's clock, and the learned pace) in one hash, which every process reads and writes. Set
/// it as <see cref="CallControlClientOptions.RateLimitGate"/>, or register it with
/// <c>AddCallControlClient(...).AddRedisRateLimitGate()</c>.
/// </summary>
/// <remarks>
/// <para>
/// The SDK computes every change; Redis keeps the state, its version and a success count (three small scripts: read,
/// compare-and-set, count). A call costs one Redis round trip before it is sent, two while a pace is kept (a turn is
/// written); a success is counted without waiting for Redis (fire and forget).
/// </para>
/// <para>
/// Redis never fails or slows a call: a round trip that errs or takes longer than
/// <see cref="RedisRateLimitGateOptions.OperationBudget"/> is answered from a local copy of the last state this process
/// saw, and the gate keeps to it, logging one warning, until a background check finds Redis answering again (every
/// <see cref="RedisRateLimitGateOptions.RetryInterval"/>). A key lost to eviction or a flush costs at most one more 429
/// per process, which closes the gate again.
/// </para>
/// <para>One instance serves one token owner; a client with another token that attaches to it is refused.</para>
/// </remarks>
public sealed partial class RedisRateLimitGate : CallControlRateLimitGate
{
    private static readonly TimeSpan KeySlack = TimeSpan.FromDays(1);
    private readonly IConnectionMultiplexer _redis;
    private readonly RedisRateLimitGateOptions _options;
    private readonly object _attachLock = new();
    private Attachment? _attached;
    private volatile bool _healthy = true;
    private long _retryAt;
    private long _outageAt;
    private int _recovering;

    /// <summary>Creates a gate over a Redis connection.</summary>
    /// <param name="redis">The connection (shared with the rest of the app, as StackExchange.Redis intends).</param>
    /// <param name="options">The settings; <see langword="null"/> for the defaults (the key derived from the client's token).</param>
    /// <exception cref="ArgumentNullException"><paramref name="redis"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">An option is invalid; the message names each one.</exception>
    public RedisRateLimitGate(IConnectionMultiplexer redis, RedisRateLimitGateOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(redis);
        _redis = redis;
        _options = (options ?? new RedisRateLimitGateOptions()).Clone();
        _options.Validate();
    }

    /// <summary>Gets the Redis key of the gate's state, once a client has attached (for operators; it never contains the token).</summary>
    /// <value><see langword="null"/> until a client attaches.</value>
    public string? Key => _attached?.Key;

    /// <summary>Gets whether the gate is using Redis (<see langword="false"/> while it keeps to its in-process copy after a fault).</summary>
    public bool IsShared => _healthy;

    /// <summary>Gets <see cref="RateLimitGateMode.Shared"/> while Redis answers, <see cref="RateLimitGateMode.Fallback"/> while the gate keeps to its in-process copy.</summary>
    public override RateLimitGateMode Mode => _healthy ? RateLimitGateMode.Shared : RateLimitGateMode.Fallback;

    /// <inheritdoc/>
    protected override async ValueTask<RateLimitGateSnapshot> ReadAsync(CancellationToken cancellationToken)
    {
        var a = Attached;
        if (UseRedis(a) && await TryAsync(a, GateScripts.Read, [], cancellationToken).ConfigureAwait(false) is { } reply)
        {
            if (ToSnapshot(reply) is { } snapshot)
            {
                // The local copy follows Redis, so a fallback (a slow answer, an outage) starts from the last shared
                // state, closings other processes saw included.
                a.Local.Mirror(snapshot);
                return snapshot;
            }

            Fault(a, new FormatException("The gate's hash in Redis holds something this gate did not write."));
        }

        return a.Local.Read();
    }

    /// <inheritdoc/>
    protected override async ValueTask<bool> TryWriteAsync(RateLimitGateSnapshot read, RateLimitGateState state, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(state);
        var a = Attached;
        if (UseRedis(a) && await TryAsync(a, GateScripts.Write, [read.Version, state.ToString(), a.KeyLifetime], cancellationToken).ConfigureAwait(false) is { Resp2Type: ResultType.Integer } reply)
        {
            var written = (long)reply == 1;
            if (written)
            {
                a.Local.Mirror(state, read.Version + 1);
            }

            return written;
        }

        return a.Local.TryWrite(read, state);
    }

    /// <inheritdoc/>
    protected override void CountSuccess()
    {
        var a = Attached;
        a.Local.CountSuccess();
        if (!_healthy && !_redis.IsConnected)
        {
            return;
        }

        try
        {
            // Counted without waiting: a success is evidence for the next pace, never a reason to hold a call.
            _ = a.Database.ScriptEvaluateAsync(GateScripts.Success, [a.Key], [a.KeyLifetime], CommandFlags.FireAndForget);
        }
        catch (Exception ex) when (ex is RedisException or ObjectDisposedException or InvalidOperationException)
        {
            Fault(a, ex);
        }
    }

    /// <inheritdoc/>
    protected override void OnAttached(CallControlRateLimitGateContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var key = _options.Partition is { } name
            ? _options.KeyPrefix + "name:" + name
            : context.TokenOwnerId is { } owner
                ? _options.KeyPrefix + "token:" + owner[..32]
                : throw new ArgumentException("RedisRateLimitGateOptions.Partition must name the token owner for a client whose tokens come from a TokenProvider (its tokens change, so the gate cannot tell whose they are).", nameof(context));
        lock (_attachLock)
        {
            if (_attached is { } existing)
            {
                if (existing.Key != key)
                {
                    throw new InvalidOperationException("This RedisRateLimitGate already limits another token owner; give each token its own gate (two tokens must never share a rate limit).");
                }

                return;
            }

            var logger = (_options.LoggerFactory ?? context.LoggerFactory)?.CreateLogger("CallControl.Sdk.Redis") ?? NullLogger.Instance;
            var lifetime = Millis(context.Pacing.Lifetime + context.Pacing.Lifetime + KeySlack);
            _attached = new Attachment(key, _redis.GetDatabase(_options.Database), new LocalCopy(context.TimeProvider), lifetime, logger, context.TimeProvider);
        }

        // Connects and warms the path (a read-only script) before the first call needs it within its budget.
        _ = WarmUpAsync(_attached);
    }

    private static async Task WarmUpAsync(Attachment a)
    {
        try
        {
            await a.Database.ScriptEvaluateAsync(GateScripts.Read, [a.Key]).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException or ObjectDisposedException)
        {
            // Not fatal: the first call finds out and falls back.
        }
    }

    private static double Millis(TimeSpan value) => Math.Round(value.TotalMilliseconds, 3);

    /// <summary>The client's clock in milliseconds: when to look at Redis again after a fault, and how long an outage lasted.</summary>
    private static long NowMs(Attachment a) => (long)(a.Time.GetTimestamp() * (1000.0 / a.Time.TimestampFrequency));

    /// <summary>The gate's state as one snapshot, or null when the hash holds something unexpected.</summary>
    private static RateLimitGateSnapshot? ToSnapshot(RedisResult reply)
    {
        if (reply is not { Resp2Type: ResultType.Array, Length: 5 } fields || fields[4].Resp2Type != ResultType.Integer
            || !TryLong(fields[0], out var version) || !TryLong(fields[2], out var successes) || !TryLong(fields[3], out var firstMs))
        {
            return null;
        }

        var state = fields[1].IsNull ? null : RateLimitGateState.Parse((string?)fields[1]);
        var first = firstMs > 0 ? DateTimeOffset.FromUnixTimeMilliseconds(firstMs) : (DateTimeOffset?)null;
        return new RateLimitGateSnapshot(state, version, successes, first, DateTimeOffset.UnixEpoch.AddTicks((long)fields[4] * 10));

        static bool TryLong(RedisResult field, out long value)
        {
            value = 0;
            return field.IsNull || long.TryParse((string?)field, NumberStyles.Integer, CultureInfo.InvariantCulture, out value);
        }
    }

    private sealed record Attachment(string Key, IDatabase Database, LocalCopy Local, double KeyLifetime, ILogger Logger, TimeProvider Time);
}
