using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using StackExchange.Redis;

namespace CallControl.Sdk.Redis;

/// <summary>
/// A rate-limit gate that processes using the same Webex token share through Redis: the instant the gate opens
/// after a 429 (the latest any process saw, on Redis's clock) and the learned pace (one token bucket). Set it as
/// <see cref="CallControlClientOptions.RateLimitGate"/>, or register it with
/// <c>AddCallControlClient(...).AddRedisRateLimitGate()</c>.
/// </summary>
/// <remarks>
/// <para>
/// Each call costs one Redis round trip before it is sent (a script that reads the gate and, while pacing, takes a
/// turn); a success is counted without waiting for Redis (fire and forget).
/// </para>
/// <para>
/// Redis never fails or slows a call: a round trip that errs or takes longer than
/// <see cref="RedisRateLimitGateOptions.OperationBudget"/> is answered from an in-process gate that sees every 429
/// too, and the gate keeps to it, logging one warning, until a background check finds Redis answering again
/// (every <see cref="RedisRateLimitGateOptions.RetryInterval"/>). A key lost to eviction or a flush costs at most one
/// more 429 per process, which closes the gate again.
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

    /// <inheritdoc/>
    public override async ValueTask<RateLimitGateTurn> RequestTurnAsync(TimeSpan maxWait, CancellationToken cancellationToken)
    {
        var a = Attached;
        if (UseRedis(a))
        {
            var reply = await TryAsync(a, GateScripts.RequestTurn,
                [Millis(maxWait), a.Pacing.Enabled ? 1 : 0, a.Pacing.MinSuccessesToLearn, a.Pacing.SafetyFactor, a.Pacing.BackOffFactor, a.Pacing.RateBackOffFactor, Millis(a.Pacing.Lifetime), a.KeyLifetime, a.Pacing.RateIncreasePerSecond],
                cancellationToken).ConfigureAwait(false);
            if (reply is { Resp2Type: ResultType.Array, Length: 3 } answer && answer[0].Resp2Type == ResultType.Integer && answer[1].Resp2Type == ResultType.Integer && answer[2].Resp2Type == ResultType.Integer)
            {
                var turn = new RateLimitGateTurn(Micros((long)answer[0]), (long)answer[1] == 1, Micros((long)answer[2]));
                if (turn.Closed && await a.Local.GetClosedForAsync(cancellationToken).ConfigureAwait(false) < turn.Wait)
                {
                    // The in-process copy keeps the last closing Redis named, so a fallback (a slow answer, an
                    // outage) still waits for it instead of sending into the limit another process ran into.
                    await a.Local.OnRateLimitedAsync(turn.Wait, turn.Wait, cancellationToken).ConfigureAwait(false);
                }

                return turn;
            }
        }

        return await a.Local.RequestTurnAsync(maxWait, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public override async ValueTask<TimeSpan> GetClosedForAsync(CancellationToken cancellationToken)
    {
        var a = Attached;
        if (UseRedis(a) && await TryAsync(a, GateScripts.ClosedFor, [], cancellationToken).ConfigureAwait(false) is { Resp2Type: ResultType.Integer } reply)
        {
            return Micros((long)reply);
        }

        return await a.Local.GetClosedForAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public override async ValueTask OnRateLimitedAsync(TimeSpan retryAfter, TimeSpan maxClosed, CancellationToken cancellationToken)
    {
        var a = Attached;

        // The in-process copy learns every 429 too, so a fallback starts from what this process saw.
        await a.Local.OnRateLimitedAsync(retryAfter, maxClosed, cancellationToken).ConfigureAwait(false);
        if (UseRedis(a))
        {
            await TryAsync(a, GateScripts.RateLimited, [Millis(retryAfter), Millis(maxClosed), a.Pacing.Enabled ? 1 : 0, a.KeyLifetime], cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc/>
    public override void OnSuccess()
    {
        var a = Attached;
        a.Local.OnSuccess();
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
            _attached = new Attachment(key, _redis.GetDatabase(_options.Database), CreateInProcess(context.TimeProvider, context.Pacing), context.Pacing, lifetime, logger, context.TimeProvider);
        }

        // Connects and warms the path (a read-only script) before the first call needs it within its budget.
        _ = WarmUpAsync(_attached);
    }

    /// <summary>A background check is on no call's path, so it may wait longer than a call would: a loaded machine answering in 80 ms is back.</summary>
    private TimeSpan RecoveryBudget => _options.OperationBudget * 10;

    private Attachment Attached => _attached ?? throw new InvalidOperationException("No CallControlClient has attached to this gate: set it as CallControlClientOptions.RateLimitGate.");

    /// <summary>True while Redis is trusted; otherwise starts a background check when one is due and answers false.</summary>
    private bool UseRedis(Attachment a)
    {
        if (_healthy)
        {
            return true;
        }

        if (NowMs(a) >= Volatile.Read(ref _retryAt))
        {
            StartRecovery(a);
        }

        return false;
    }

    /// <summary>Runs a script within the budget; null (and the gate falls back) when Redis errs or is slow.</summary>
    private async ValueTask<RedisResult?> TryAsync(Attachment a, string script, RedisValue[] values, CancellationToken cancellationToken)
    {
        var pending = a.Database.ScriptEvaluateAsync(script, [a.Key], values);
        try
        {
            return await pending.WaitAsync(_options.OperationBudget, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex)
        {
            Fault(a, ex);
            if (ex is TimeoutException)
            {
                // Slow is not down: when the late answer does arrive, Redis is checked again at once. A late failure is
                // observed here, so it never surfaces as an unobserved task exception.
                _ = pending.ContinueWith(
                    static (late, state) =>
                    {
                        if (late.IsCompletedSuccessfully)
                        {
                            ((RedisRateLimitGate)state!).StartRecovery(null);
                        }
                        else
                        {
                            _ = late.Exception;
                        }
                    },
                    this,
                    CancellationToken.None,
                    TaskContinuationOptions.ExecuteSynchronously,
                    TaskScheduler.Default);
            }

            return null;
        }
    }

    private void Fault(Attachment a, Exception ex)
    {
        Volatile.Write(ref _retryAt, NowMs(a) + (long)_options.RetryInterval.TotalMilliseconds);
        if (_healthy)
        {
            Volatile.Write(ref _outageAt, NowMs(a));
            _healthy = false;
            LogOutage(a.Logger, a.Key, ex is TimeoutException ? $"no answer within {_options.OperationBudget.TotalMilliseconds:0} ms" : ex.GetType().Name);
        }
    }

    /// <summary>Checks in the background (one check at a time) whether Redis answers again; never on a call's path.</summary>
    private void StartRecovery(Attachment? attachment)
    {
        if (!_healthy && (attachment ?? _attached) is { } a && Interlocked.CompareExchange(ref _recovering, 1, 0) == 0)
        {
            _ = RecoverAsync(a);
        }
    }

    private static async Task WarmUpAsync(Attachment a)
    {
        try
        {
            await a.Database.ScriptEvaluateAsync(GateScripts.ClosedFor, [a.Key]).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException or ObjectDisposedException)
        {
            // Not fatal: the first call finds out and falls back.
        }
    }

    private async Task RecoverAsync(Attachment a)
    {
        try
        {
            // After a real outage the processes kept to their own gates and drained the server's bucket, and the others
            // find Redis back within about RetryInterval: windows that begin in the next three RetryIntervals would
            // teach too slow a pace, so they teach none (GateScripts.Cold). A blip shorter than RetryInterval changed
            // nothing worth that.
            var outage = NowMs(a) - Volatile.Read(ref _outageAt);
            var script = outage >= _options.RetryInterval.TotalMilliseconds ? GateScripts.Cold : GateScripts.ClosedFor;
            await a.Database.ScriptEvaluateAsync(script, [a.Key], script == GateScripts.Cold ? [a.KeyLifetime, Millis(_options.RetryInterval * 3)] : []).WaitAsync(RecoveryBudget).ConfigureAwait(false);

            // What this process learned while Redis was away is not lost: a gate it closed meanwhile closes the shared one.
            var closedFor = await a.Local.GetClosedForAsync(CancellationToken.None).ConfigureAwait(false);
            if (closedFor > TimeSpan.Zero)
            {
                await a.Database.ScriptEvaluateAsync(GateScripts.RateLimited, [a.Key], [Millis(closedFor), Millis(closedFor), 0, a.KeyLifetime]).WaitAsync(RecoveryBudget).ConfigureAwait(false);
            }

            _healthy = true;
            LogBack(a.Logger, a.Key);
        }
        catch (Exception)
        {
            Volatile.Write(ref _retryAt, NowMs(a) + (long)_options.RetryInterval.TotalMilliseconds);
        }
        finally
        {
            Volatile.Write(ref _recovering, 0);
        }
    }

    private static double Millis(TimeSpan value) => Math.Round(value.TotalMilliseconds, 3);

    private static TimeSpan Micros(long value) => value > 0 ? TimeSpan.FromTicks(value * 10) : TimeSpan.Zero;

    [LoggerMessage(EventId = 1, Level = LogLevel.Warning, Message = "The shared rate-limit gate {Key} is unavailable in Redis ({Reason}); this process keeps to its own gate until Redis answers again.")]
    private static partial void LogOutage(ILogger logger, string key, string reason);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "The shared rate-limit gate {Key} answers in Redis again; this process shares it again.")]
    private static partial void LogBack(ILogger logger, string key);

    /// <summary>The client's clock in milliseconds: when to look at Redis again after a fault, and how long an outage lasted.</summary>
    private static long NowMs(Attachment a) => (long)(a.Time.GetTimestamp() * (1000.0 / a.Time.TimestampFrequency));

    private sealed record Attachment(string Key, IDatabase Database, CallControlRateLimitGate Local, RateLimitPacingOptions Pacing, double KeyLifetime, ILogger Logger, TimeProvider Time);
}
