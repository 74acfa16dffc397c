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
    /// <summary>Where the operation's state rides in Polly's context (a property, not a field: this class loads without Polly).</summary>
    internal static ResiliencePropertyKey<OperationState> StateKey => new("CallControl.Sdk.OperationState");

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

                // Without a Retry-After, Polly's own exponential backoff with jitter, capped.
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = options.BaseBackoff,
                MaxDelay = options.MaxBackoff,
                // A success is never retried: answered without looking up the operation's state.
                ShouldHandle = args => new ValueTask<bool>(args.Outcome.Result is { IsSuccessStatusCode: true }
                    ? false
                    : ShouldRetry(FromOutcome(args.Outcome), args.AttemptNumber, args.Context.Properties.GetValue(StateKey, null!), options, timeProvider)),
                DelayGenerator = args => new ValueTask<TimeSpan?>(RetryAfterDelay(FromOutcome(args.Outcome), args.Context.Properties.GetValue(StateKey, null!), random)),

                // Polly disposes the discarded answer itself (it holds a pooled connection); this only reports the retry.
                OnRetry = args =>
                {
                    onRetry?.Invoke(args.Context.Properties.GetValue(StateKey, null!), args.Outcome, args.RetryDelay);
                    return default;
                },
            });
        }

        options.ConfigurePipeline?.Invoke(builder);
        return builder.Build();
    }

    /// <summary>
    /// The classifier: whether an attempt's outcome is retried. Never past the caller's limits: a Retry-After longer
    /// than <see cref="CallControlRetryOptions.MaxRetryAfter"/>, or a wait (the Retry-After, else the backoff before
    /// its jitter) that ends past the operation's budget, fails now with the answer instead of waiting for nothing.
    /// </summary>
    internal static bool ShouldRetry(AttemptResult outcome, int attemptNumber, OperationState state, CallControlRetryOptions options, TimeProvider timeProvider)
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
            var status = outcome.Response!.StatusCode;
            var retryable = status is HttpStatusCode.TooManyRequests or HttpStatusCode.ServiceUnavailable
                || (status == HttpStatusCode.Locked && options.RetryOnLocked)
                || (!state.Operation.IsCommand && ErrorMapper.IsAmbiguous(status));
            if (!retryable)
            {
                return false;
            }

            serverDelay = state.RetryAfterOf(outcome.Response);
            if (serverDelay > options.MaxRetryAfter)
            {
                return false;
            }
        }

        var wait = serverDelay ?? Backoff(attemptNumber, options);
        return !(wait > state.Remaining(timeProvider));
    }

    /// <summary>
    /// The delay generator: the answer's Retry-After (parsed once, when it arrived) plus up to
    /// <see cref="MaxRetryAfterJitter"/>, never early; null without one, for Polly's own backoff.
    /// </summary>
    internal static TimeSpan? RetryAfterDelay(AttemptResult outcome, OperationState state, Func<double> random)
        => state.RetryAfterOf(outcome.Response) is { } wait
            ? wait + (wait == TimeSpan.Zero ? TimeSpan.Zero : MaxRetryAfterJitter * random())
            : null;

    /// <summary>An attempt's result as Polly holds it.</summary>
    internal static Outcome<HttpResponseMessage> ToOutcome(AttemptResult result)
        => result.Exception is { } exception ? Outcome.FromException<HttpResponseMessage>(exception) : Outcome.FromResult(result.Response!);

    /// <summary>Polly's outcome as the SDK holds it.</summary>
    internal static AttemptResult FromOutcome(Outcome<HttpResponseMessage> outcome)
        => outcome.Exception is { } exception ? AttemptResult.Failed(exception) : AttemptResult.Answered(outcome.Result!);

    /// <summary>The backoff before Polly's jitter: <see cref="CallControlRetryOptions.BaseBackoff"/> doubled per attempt, at most <see cref="CallControlRetryOptions.MaxBackoff"/>.</summary>
    internal static TimeSpan Backoff(int attemptNumber, CallControlRetryOptions options)
    {
        var exponential = options.BaseBackoff * Math.Pow(2, Math.Min(attemptNumber, 16));
        return exponential > options.MaxBackoff ? options.MaxBackoff : exponential;
    }
}
