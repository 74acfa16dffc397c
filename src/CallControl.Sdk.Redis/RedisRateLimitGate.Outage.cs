using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace CallControl.Sdk.Redis;

/// <content>When Redis errs or is slow: the fallback to the local copy, the background check, and the way back.</content>
public sealed partial class RedisRateLimitGate
{
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

    private async Task RecoverAsync(Attachment a)
    {
        try
        {
            // After a real outage the processes kept to their own gates and drained the server's bucket, and the others
            // find Redis back within about RetryInterval: windows that begin in the next three RetryIntervals would
            // teach too slow a pace, so they teach none. A blip shorter than RetryInterval changed nothing worth that.
            // What this process learned while Redis was away is not lost: a gate it closed meanwhile closes the shared one.
            var outage = NowMs(a) - Volatile.Read(ref _outageAt);
            var coldFor = outage >= _options.RetryInterval.TotalMilliseconds ? _options.RetryInterval * 3 : TimeSpan.Zero;
            var local = a.Local.Read();
            for (var attempt = 0; attempt < 4; attempt++)
            {
                var reply = await a.Database.ScriptEvaluateAsync(GateScripts.Read, [a.Key]).WaitAsync(RecoveryBudget).ConfigureAwait(false);
                var shared = ToSnapshot(reply) ?? throw new FormatException("The gate's hash in Redis holds something this gate did not write.");
                if (coldFor == TimeSpan.Zero && !(local.State?.ClosedUntil > local.Now))
                {
                    a.Local.Mirror(shared);
                    break;
                }

                var merged = MergeAfterOutage(shared, local, coldFor);
                var written = await a.Database.ScriptEvaluateAsync(GateScripts.Write, [a.Key], [shared.Version, merged.ToString(), a.KeyLifetime]).WaitAsync(RecoveryBudget).ConfigureAwait(false);
                if ((long)written == 1)
                {
                    a.Local.Mirror(merged, shared.Version + 1);
                    break;
                }
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

    [LoggerMessage(EventId = 1, Level = LogLevel.Warning, Message = "The shared rate-limit gate {Key} is unavailable in Redis ({Reason}); this process keeps to its own gate until Redis answers again.")]
    private static partial void LogOutage(ILogger logger, string key, string reason);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "The shared rate-limit gate {Key} answers in Redis again; this process shares it again.")]
    private static partial void LogBack(ILogger logger, string key);
}
