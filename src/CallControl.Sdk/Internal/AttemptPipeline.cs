using System.Net;
using Microsoft.Extensions.Logging;
using Polly;

namespace CallControl.Sdk.Internal;

/// <summary>
/// One attempt of an operation, the stages in the order they run: the credential (<see cref="AuthStage"/>), a turn
/// at the rate-limit gate (<see cref="GateStage"/>), the send (<see cref="SendStage"/>), and the gate told the answer;
/// after a 401, one refresh and one more pass through the gate and the send. Polly's retry (<see cref="RetryPolicy"/>) calls it
/// once per attempt. It is also the one place that records each send in the operation's run.
/// </summary>
internal sealed class AttemptPipeline(AuthStage auth, GateStage? gate, SendStage send, ILogger logger)
{
    internal AuthStage Auth => auth;

    internal GateStage? Gate => gate;

    /// <summary>Runs one attempt, as Polly's retry calls it; never throws (a failure is the outcome's).</summary>
    internal async ValueTask<Outcome<AttemptOutcome>> RunAsync(OperationRun run, CancellationToken token)
    {
        try
        {
            // The credential first: a provider that fails takes no turn at the gate, so it costs the shared limit nothing.
            var credential = await auth.AuthorizeAsync(run, token).ConfigureAwait(false);
            var outcome = await SendThroughGateAsync(run, credential, token).ConfigureAwait(false);
            if (outcome.Status == HttpStatusCode.Unauthorized && auth.CanRefresh && credential.Token is { } rejected)
            {
                // A 401 was not acted on: one refresh and one more send through the gate, even for a command.
                Log.RefreshingAfter401(logger, run.Operation.Name, run.TrackingId);
                outcome.Dispose();
                credential = await auth.RefreshAsync(run, rejected, token).ConfigureAwait(false);
                outcome = await SendThroughGateAsync(run, credential, token).ConfigureAwait(false);
            }

            return Outcome.FromResult(outcome);
        }
        catch (Exception ex)
        {
            // The credential failed, or the caller cancelled a wait: nothing is on the wire here.
            return Outcome.FromResult(AttemptOutcome.Failed(run, ex));
        }
    }

    /// <summary>One pass through the gate and the send, recorded in the run; the gate is told the answer.</summary>
    private async ValueTask<AttemptOutcome> SendThroughGateAsync(OperationRun run, Credential credential, CancellationToken token)
    {
        if (gate is not null && await gate.WaitForTurnAsync(run, token).ConfigureAwait(false) is { } refused)
        {
            return AttemptOutcome.Failed(run, refused);
        }

        var outcome = await send.SendAsync(run, credential.Header, run.Attempts + 1, token).ConfigureAwait(false);
        run.Record(outcome);
        if (outcome.Status is HttpStatusCode.TooManyRequests or HttpStatusCode.Locked && Telemetry.RateLimitResponses.Enabled)
        {
            Telemetry.RateLimitResponses.Add(1, new KeyValuePair<string, object?>("callcontrol.operation", run.Operation.Name), new KeyValuePair<string, object?>("http.response.status_code", (int)outcome.Status));
        }

        if (gate is not null)
        {
            try
            {
                await gate.ReportAsync(outcome, token).ConfigureAwait(false);
            }
            catch
            {
                // Only the caller's cancellation ends a gate's report; the answer it carried is not handed on.
                outcome.Dispose();
                throw;
            }
        }

        return outcome;
    }
}
