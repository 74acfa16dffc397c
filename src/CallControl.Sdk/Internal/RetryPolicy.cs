using System.Net;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.Retry;

namespace CallControl.Sdk.Internal;

/// <summary>
/// The retry of every operation: Polly's retry strategy, built once per client or registration and shared by its
/// per-user clients, around <see cref="AttemptPipeline"/>. Polly runs the loop; the SDK supplies the one classifier
/// (<see cref="ShouldRetry"/>: which outcomes are retried), the delay (<see cref="RetryAfterDelay"/>: the server's
/// Retry-After, else Polly's own exponential backoff with jitter) and the observer of each retry.
/// </summary>
/// <remarks>
/// Retried: 429, 503 and (by default) 423, which prove the service did not act, and failures to connect, which prove
/// the request never left. Never retried for a command: 500, 502, 504, timeouts and connections lost after sending,
/// since the command may have been carried out. Queries (GETs) are also retried after those.
/// </remarks>
internal sealed class RetryPolicy
{
    /// <summary>
    /// Spreads a herd of clients that got the same Retry-After, without ever going early: at most this much late.
    /// Small, because the rate-limit gate's pace spreads what follows a rate limit.
    /// </summary>
    internal static readonly TimeSpan MaxRetryAfterJitter = TimeSpan.FromMilliseconds(10);

    private readonly ResiliencePipeline<AttemptOutcome> _pipeline;

    /// <param name="options">The retry options (validated).</param>
    /// <param name="timeProvider">The clock every delay runs on.</param>
    /// <param name="random">The jitter source (tests pin it).</param>
    /// <param name="logger">For the line each retry writes.</param>
    internal RetryPolicy(CallControlRetryOptions options, TimeProvider timeProvider, Func<double> random, ILogger logger)
    {
        var builder = new ResiliencePipelineBuilder<AttemptOutcome> { TimeProvider = timeProvider };
        if (options.MaxRetryAttempts > 0)
        {
            builder.AddRetry(new RetryStrategyOptions<AttemptOutcome>
            {
                Name = "CallControl.Sdk.Retry",
                MaxRetryAttempts = options.MaxRetryAttempts,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = options.BaseBackoff,
                MaxDelay = options.MaxBackoff,
                ShouldHandle = args => new(args.Outcome.Result is { } outcome && ShouldRetry(outcome, options, timeProvider)),
                DelayGenerator = args => new(RetryAfterDelay(args.Outcome.Result, random)),
                OnRetry = args =>
                {
                    OnRetry(logger, args.Outcome.Result!, args.RetryDelay);
                    return default;
                },
            });
        }

        _pipeline = builder.Build();
        if (options.ConfigurePipeline is { } configure)
        {
            // Built now, so a mistake in them surfaces when the client is built rather than on its first call.
            var own = new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = timeProvider };
            configure(own);
            CallerStrategies = own.Build();
        }
    }

    /// <summary>The caller's own strategies (<see cref="CallControlRetryOptions.ConfigurePipeline"/>) around each send, or null.</summary>
    internal ResiliencePipeline<HttpResponseMessage>? CallerStrategies { get; }

    /// <summary>Runs <paramref name="run"/>'s attempts until one is final; never throws (a failure is the outcome's).</summary>
    internal async ValueTask<AttemptOutcome> RunAsync(OperationRun run, CancellationToken cancellationToken)
    {
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        try
        {
            var outcome = await _pipeline.ExecuteOutcomeAsync(static (context, run) => run.Attempt.RunAsync(run, context.CancellationToken), context, run).ConfigureAwait(false);

            // Polly ends with an exception of its own only when a delay between attempts was cancelled.
            return outcome.Result ?? AttemptOutcome.Failed(run, outcome.Exception!);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    /// <summary>
    /// The classifier: whether an outcome is retried. A command is resent only when nothing proves it may have been
    /// carried out. Never past the caller's limits: a Retry-After longer than
    /// <see cref="CallControlRetryOptions.MaxRetryAfter"/>, or one that ends past the operation's budget, fails now with
    /// the answer instead of waiting for nothing.
    /// </summary>
    internal static bool ShouldRetry(AttemptOutcome outcome, CallControlRetryOptions options, TimeProvider timeProvider)
    {
        var run = outcome.Run;
        var command = run.Operation.IsCommand;
        if ((command && outcome.MayHaveActed) || run.Transport.Lifetime.IsCancellationRequested)
        {
            return false;
        }

        if (outcome.Exception is { } exception)
        {
            return exception is not (OperationCanceledException or CallControlException or ObjectDisposedException or Http.InsecureRequestRefusedException);
        }

        var status = outcome.Status!.Value;
        var retryable = status is HttpStatusCode.TooManyRequests or HttpStatusCode.ServiceUnavailable
            || (status == HttpStatusCode.Locked && options.RetryOnLocked)
            || (!command && ErrorMapper.IsAmbiguous(status));
        return retryable && !(outcome.RetryAfter is { } wait && (wait > options.MaxRetryAfter || wait > run.Remaining(timeProvider)));
    }

    /// <summary>The answer's Retry-After plus its jitter (never early); null without one, for Polly's own backoff.</summary>
    internal static TimeSpan? RetryAfterDelay(AttemptOutcome? outcome, Func<double> random)
        => outcome?.RetryAfter is { } wait ? Jittered(wait, random) : null;

    /// <summary>A server-named wait, up to <see cref="MaxRetryAfterJitter"/> later: the one place jitter is added to one.</summary>
    internal static TimeSpan Jittered(TimeSpan wait, Func<double> random)
        => wait <= TimeSpan.Zero ? TimeSpan.Zero : wait + (MaxRetryAfterJitter * random());

    private static void OnRetry(ILogger logger, AttemptOutcome outcome, TimeSpan delay)
    {
        var run = outcome.Run;
        var what = outcome.Exception is { } ex ? ex.GetType().Name : ((int)outcome.Status!.Value).ToString(System.Globalization.CultureInfo.InvariantCulture);
        Log.Retrying(logger, run.Operation.Name, what, run.Attempts, (long)delay.TotalMilliseconds, run.TrackingId);
        Telemetry.Delays.Record(delay.TotalSeconds, new KeyValuePair<string, object?>("callcontrol.operation", run.Operation.Name), new KeyValuePair<string, object?>("callcontrol.retry.reason", what));
        Telemetry.Retries.Add(1, new KeyValuePair<string, object?>("callcontrol.operation", run.Operation.Name), new KeyValuePair<string, object?>("callcontrol.retry.reason", what));
    }
}
