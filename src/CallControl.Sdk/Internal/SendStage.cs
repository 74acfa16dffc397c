using Microsoft.Extensions.Logging;
using Polly;

namespace CallControl.Sdk.Internal;

/// <summary>
/// One send: a command gets a fresh <see cref="Http.CommandContent"/> over the same bytes (the one record of what
/// reached the transport), a query gets its attempt timeout and has its body read within it; the caller's own Polly
/// strategies (<see cref="CallControlRetryOptions.ConfigurePipeline"/>) run around it. Never throws: what happened is
/// the <see cref="AttemptOutcome"/>.
/// </summary>
/// <remarks>
/// The query attempt timeout is the SDK's own rather than Polly's timeout strategy: it covers the send and the body's
/// read but not the gate's wait before them, and the outcome must say which of the two it cut.
/// </remarks>
internal sealed class SendStage(CallControlRetryOptions retry, TimeProvider timeProvider, ResiliencePipeline<HttpResponseMessage>? callerStrategies, ILogger logger)
{
    internal async ValueTask<AttemptOutcome> SendAsync(OperationRun run, string authorization, int attempt, CancellationToken operationToken)
    {
        var operation = run.Operation;
        var content = run.Request.CreateContent();
        using var attemptTimeout = operation.IsCommand ? null : AttemptTimeout.Start(operationToken, retry.QueryAttemptTimeout, timeProvider);
        var token = attemptTimeout?.Token ?? operationToken;
        if (logger.IsEnabled(LogLevel.Debug))
        {
            Log.Sending(logger, operation.Name, operation.Method, operation.Path, attempt, run.TrackingId);
        }

        HttpResponseMessage? response = null;
        var phase = ErrorMapper.TimeoutPhase.AwaitingAnswer;
        try
        {
            response = callerStrategies is null
                ? await operation.Send(run.Transport.Api, run.Request, content, authorization, run.TrackingId, token).ConfigureAwait(false)
                : await callerStrategies.ExecuteAsync(static (s, token) => new ValueTask<HttpResponseMessage>(s.Run.Operation.Send(s.Run.Transport.Api, s.Run.Request, s.Content, s.Authorization, s.Run.TrackingId, token)), new Send(run, content, authorization), token).ConfigureAwait(false);

            var status = (int)response.StatusCode;
            // A command answered 2xx happened; otherwise the content's record (or, unguarded, an ambiguous status) tells.
            var mayHaveActed = operation.IsCommand && (status is >= 200 and <= 299 || (run.Transport.Guarded ? content!.MayHaveActed : ErrorMapper.IsAmbiguous(response.StatusCode)));
            if (status is < 200 or > 299)
            {
                // Parsed once, here: the retry's decision and delay, the gate and the exception all read it.
                var retryAfter = RetryAfterParser.Parse(response, timeProvider.GetUtcNow());
                return AttemptOutcome.Answered(run, Take(ref response), retryAfter, mayHaveActed);
            }

            if (operation.IsCommand)
            {
                return AttemptOutcome.Answered(run, Take(ref response), null, mayHaveActed);
            }

            phase = ErrorMapper.TimeoutPhase.ReadingAnswer;
            var body = await BoundedBody.ReadAsync(response.Content, SuccessReader.MaxQueryBodyBytes, token).ConfigureAwait(false);
            return AttemptOutcome.Answered(run, Take(ref response), null, mayHaveActed: false, body);
        }
        catch (Exception ex)
        {
            response?.Dispose();
            var mayHaveActed = operation.IsCommand && (run.Transport.Guarded ? content!.MayHaveActed : !ErrorMapper.ProvablyNotSent(ex));
            if (ex is OperationCanceledException && !operation.IsCommand && !operationToken.IsCancellationRequested
                && (attemptTimeout?.TimedOut == true || ex.InnerException is TimeoutException))
            {
                // This query attempt timed out (ours, or a caller-owned HttpClient's own Timeout): retryable.
                var where = phase == ErrorMapper.TimeoutPhase.ReadingAnswer ? "reading the answer" : "waiting for the answer";
                ex = new TimeoutException($"The {operation.Name} attempt timed out {where} (Retry.QueryAttemptTimeout of {retry.QueryAttemptTimeout.TotalSeconds:0.###} s, or the HttpClient's own Timeout).", ex);
            }

            return AttemptOutcome.Failed(run, ex, mayHaveActed, phase);
        }
    }

    private static HttpResponseMessage Take(ref HttpResponseMessage? response)
    {
        var taken = response!;
        response = null;
        return taken;
    }

    /// <summary>What the caller's strategies hand back to the send (a class: it exists only when they are configured).</summary>
    private sealed record Send(OperationRun Run, HttpContent? Content, string Authorization);
}
