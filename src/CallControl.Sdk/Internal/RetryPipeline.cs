using System.Net;
using Polly;
using Polly.Retry;

namespace CallControl.Sdk.Internal;

/// <summary>
/// Builds the Polly pipeline that runs around each operation, and holds the one retry decision of the SDK.
/// Retried: 429, 503 and (by default) 423, which prove the service did not act, and failures to connect, which
/// prove the request never left. Never retried for a command: 500, 502, 504, timeouts and connections lost after
/// sending, since the command may have been carried out.
/// </summary>
internal static class RetryPipeline
{
    internal static readonly ResiliencePropertyKey<OperationState> StateKey = new("CallControl.Sdk.OperationState");

    /// <summary>
    /// Spreads a herd of clients that got the same Retry-After, without ever going early: at most this much late. Small,
    /// because the shared gate's pace spreads what follows a rate limit, and the precision target is 50 ms at p99.
    /// </summary>
    internal static readonly TimeSpan MaxRetryAfterJitter = TimeSpan.FromMilliseconds(10);

    internal static ResiliencePipeline<HttpResponseMessage> Create(CallControlRetryOptions options, TimeProvider timeProvider, Func<double> random, Action<OperationState, Outcome<HttpResponseMessage>, TimeSpan>? onRetry = null)
    {
        var builder = new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = timeProvider };
        if (options.MaxRetryAttempts > 0)
        {
            builder.AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                Name = "CallControl.Sdk.Retry",
                MaxRetryAttempts = options.MaxRetryAttempts,
                BackoffType = DelayBackoffType.Constant,
                UseJitter = false,
                Delay = TimeSpan.Zero,
                ShouldHandle = args => new ValueTask<bool>(ShouldRetry(args.Outcome, args.AttemptNumber, args.Context.Properties.GetValue(StateKey, null!), options, timeProvider, random)),
                DelayGenerator = args => new ValueTask<TimeSpan?>(args.Context.Properties.GetValue(StateKey, null!).PendingDelay),
                OnRetry = args =>
                {
                    onRetry?.Invoke(args.Context.Properties.GetValue(StateKey, null!), args.Outcome, args.RetryDelay);

                    // The discarded answer holds a pooled connection until it is disposed.
                    args.Outcome.Result?.Dispose();
                    return default;
                },
            });
        }

        options.ConfigurePipeline?.Invoke(builder);
        return builder.Build();
    }

    /// <summary>Decides whether an attempt's outcome is retried, and if so stores the wait in <see cref="OperationState.PendingDelay"/>.</summary>
    internal static bool ShouldRetry(Outcome<HttpResponseMessage> outcome, int attemptNumber, OperationState state, CallControlRetryOptions options, TimeProvider timeProvider, Func<double> random)
    {
        TimeSpan? serverDelay = null;
        if (outcome.Exception is { } exception)
        {
            // A command is resent only when its record proves the server did not act: it failed to connect, or (with the
            // send guard in the pipeline) it never reached the transport. A query may always be resent.
            var retryable = exception is not (OperationCanceledException or CallControlException or ObjectDisposedException or Http.InsecureRequestRefusedException)
                && !state.Transport.Lifetime.IsCancellationRequested
                && (!state.Operation.IsCommand || !state.MayHaveActed);
            if (!retryable)
            {
                return false;
            }
        }
        else
        {
            var status = outcome.Result!.StatusCode;
            var retryable = status is HttpStatusCode.TooManyRequests or HttpStatusCode.ServiceUnavailable
                || (status == HttpStatusCode.Locked && options.RetryOnLocked)
                || (!state.Operation.IsCommand && ErrorMapper.IsAmbiguous(status));
            if (!retryable)
            {
                return false;
            }

            // The wall clock is read only here: Polly asks on every outcome, successes included, and it is slow.
            serverDelay = RetryAfterParser.Parse(outcome.Result, timeProvider.GetUtcNow());
            if (serverDelay > options.MaxRetryAfter)
            {
                return false;
            }
        }

        var delay = serverDelay is { } wait
            ? wait + (wait == TimeSpan.Zero ? TimeSpan.Zero : MaxRetryAfterJitter * random())
            : Backoff(attemptNumber, options, random);
        if (delay > state.Remaining(timeProvider))
        {
            return false;
        }

        state.PendingDelay = delay;
        return true;
    }

    /// <summary>Exponential backoff from <see cref="CallControlRetryOptions.BaseBackoff"/>, plus up to 25% positive jitter, capped.</summary>
    internal static TimeSpan Backoff(int attemptNumber, CallControlRetryOptions options, Func<double> random)
    {
        var exponential = options.BaseBackoff * Math.Pow(2, Math.Min(attemptNumber, 16));
        var jittered = exponential * (1 + (0.25 * random()));
        return jittered > options.MaxBackoff ? options.MaxBackoff : jittered;
    }
}
