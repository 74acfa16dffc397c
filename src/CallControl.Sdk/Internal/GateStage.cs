using System.Net;
using Microsoft.Extensions.Logging;

namespace CallControl.Sdk.Internal;

/// <summary>
/// The rate-limit gate around one send: before it, wait while the gate is closed after a 429 or for a turn in its
/// learned pace (or fail at once when the wait is longer than the call may wait); after it, tell the gate the answer
/// (a 429's Retry-After, or a success). <see cref="RateLimitPacing"/> computes each step over the gate's store.
/// </summary>
/// <remarks>
/// A call asks the gate at most <see cref="MaxAsks"/> times per send and waits at least <see cref="MinWait"/> between
/// asks: a gate whose answers make no progress (a store that keeps saying "closed for a moment", a clock that
/// disagrees) delays a call by a bounded, logged time and then lets it go, since the server's own 429 is the final
/// word on the limit. One line and one histogram sample per send that waited, whatever the number of asks. A store
/// that fails is logged and the call is sent without it: the gate may delay a call, never fail it.
/// </remarks>
internal sealed class GateStage(CallControlRateLimitGate gate, CallControlRetryOptions retry, TimeProvider timeProvider, Func<double> random, ILogger logger)
{
    /// <summary>The most times one send asks the gate for a turn.</summary>
    internal const int MaxAsks = 4;

    /// <summary>The least a call waits when the gate says to wait at all: a sub-millisecond answer cannot make it spin.</summary>
    internal static readonly TimeSpan MinWait = TimeSpan.FromMilliseconds(1);

    internal CallControlRateLimitGate Gate => gate;

    /// <returns>An exception when the gate would hold the call longer than it may wait; otherwise null, once it may send.</returns>
    internal ValueTask<CallControlApiException?> WaitForTurnAsync(OperationRun run, CancellationToken token)
        => gate.MayHold ? WaitAsync(run, token) : default;

    /// <summary>Tells the gate a send's answer: a 429 closes it (never longer than the client would wait), a 2xx counts for the pace.</summary>
    internal ValueTask ReportAsync(AttemptOutcome sent, CancellationToken token)
    {
        if (sent.Status == HttpStatusCode.TooManyRequests)
        {
            return sent.RetryAfter is { } retryAfter && retryAfter > TimeSpan.Zero
                ? RateLimitedAsync(sent.Run, retryAfter, token)
                : default;
        }

        if (sent.IsSuccess)
        {
            try
            {
                gate.CountSuccess();
            }
            catch (Exception ex)
            {
                Log.GateFailed(logger, sent.Run.Operation.Name, ex.GetType().Name, sent.Run.TrackingId);
            }
        }

        return default;
    }

    private async ValueTask RateLimitedAsync(OperationRun run, TimeSpan retryAfter, CancellationToken token)
    {
        try
        {
            await RateLimitPacing.RateLimitedAsync(gate, retryAfter, retry.MaxRetryAfter, retry.Pacing, token).ConfigureAwait(false);
        }
        catch (Exception ex) when (!token.IsCancellationRequested)
        {
            Log.GateFailed(logger, run.Operation.Name, ex.GetType().Name, run.TrackingId);
        }
    }

    private async ValueTask<CallControlApiException?> WaitAsync(OperationRun run, CancellationToken token)
    {
        var waited = TimeSpan.Zero;
        try
        {
            for (var ask = 1; ask <= MaxAsks; ask++)
            {
                var allowed = run.Remaining(timeProvider) is { } remaining && remaining < retry.MaxRetryAfter ? remaining : retry.MaxRetryAfter;
                var turn = await RateLimitPacing.TakeTurnAsync(gate, allowed, retry.Pacing, token).ConfigureAwait(false);
                if (turn.Wait <= TimeSpan.Zero)
                {
                    return null;
                }

                // While closed, the server's own instant decides: a call that may not wait that long fails without
                // sending, also when the gate itself (capped at Retry.MaxRetryAfter) opens sooner.
                var asked = turn.Closed ? turn.ServerAskedFor : turn.Wait;
                if (turn.Wait > allowed || asked > allowed)
                {
                    return ErrorMapper.GateClosed(run.Operation, run.TrackingId, asked > turn.Wait ? asked : turn.Wait, run.Attempts);
                }

                // A closed gate releases every call it held at one instant: jitter spreads them. A retry's own 429 was
                // waited out (and jittered) by the retry's delay; a turn in the pace is spread already.
                var wait = turn.Closed && run.Attempts == 0 ? RetryPolicy.Jittered(turn.Wait, random) : turn.Wait;
                wait = wait < MinWait ? MinWait : wait;
                await Task.Delay(wait, timeProvider, token).ConfigureAwait(false);
                waited += wait;
                if (!turn.Closed && await RateLimitPacing.ClosedForAsync(gate, token).ConfigureAwait(false) <= TimeSpan.Zero)
                {
                    // The turn was reserved and no 429 closed the gate meanwhile: go.
                    return null;
                }
            }

            Log.GateGaveNoTurn(logger, run.Operation.Name, MaxAsks, (long)waited.TotalMilliseconds, run.TrackingId);
            return null;
        }
        catch (Exception ex) when (!token.IsCancellationRequested)
        {
            Log.GateFailed(logger, run.Operation.Name, ex.GetType().Name, run.TrackingId);
            return null;
        }
        finally
        {
            if (waited > TimeSpan.Zero)
            {
                Log.WaitedAtGate(logger, run.Operation.Name, (long)waited.TotalMilliseconds, run.TrackingId);
                Telemetry.GateWaits.Record(waited.TotalSeconds, new KeyValuePair<string, object?>("callcontrol.operation", run.Operation.Name));
            }
        }
    }
}
