using System.Net;
using CallControl.Sdk.Internal;

namespace CallControl.Sdk;

// The consult transfer as one flow that never strands a caller on hold.
public partial class CallControlClient
{
    /// <summary>How long restoring the caller may take when the flow's own token was what stopped it.</summary>
    private static readonly TimeSpan RestoreBudget = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Holds the caller, dials the consult destination, waits for the consult call to be answered (from the
    /// <see cref="ConsultTransferRequest.Tracker"/>'s events, and by reading the call every
    /// <see cref="ConsultTransferRequest.PollInterval"/>, so a lost event never hangs it), then joins the two with an
    /// attended transfer. If a step fails after the hold, it hangs up the consult call and takes the caller off hold
    /// before it throws. A step whose outcome is unknown is resolved first (<see cref="ResolveOutcomeAsync"/>): a
    /// transfer that did happen is a success, and one that may have happened is never undone or repeated.
    /// </summary>
    /// <param name="request">The caller's call, the consult destination and the waits.</param>
    /// <param name="cancellationToken">Cancels the flow; the caller is still restored (within 30 s).</param>
    /// <returns>The consult call's id and the transfer's result.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="request"/> is <see langword="null"/>.</exception>
    /// <exception cref="ConsultTransferException">
    /// A step failed: <see cref="ConsultTransferException.Stage"/> says which (<see cref="ConsultTransferStage.Answer"/>
    /// for a consult call not answered within <see cref="ConsultTransferRequest.AnswerTimeout"/> or that ended), and
    /// <see cref="ConsultTransferException.CallerRestored"/> whether the caller is connected again.
    /// <see cref="CallControlException.OutcomeUnknown"/> is true only when the transfer itself may have happened.
    /// </exception>
    public virtual async Task<ConsultTransferResult> ConsultTransferAsync(ConsultTransferRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var caller = request.CallerCallId;

        var (_, holdFailure, held) = await StepAsync(() => HoldAsync(new CallRequest(caller), cancellationToken)).ConfigureAwait(false);
        if (held != CommandOutcome.CarriedOut)
        {
            throw await StoppedAsync(request, ConsultTransferStage.Hold, null, holdFailure, "the caller could not be put on hold").ConfigureAwait(false);
        }

        var (dialed, dialFailure, _) = await StepAsync(() => DialAsync(request.Dial, cancellationToken)).ConfigureAwait(false);
        if (dialed?.CallId is not { } consult)
        {
            throw await StoppedAsync(request, ConsultTransferStage.Dial, null, dialFailure, dialFailure is ICallControlFailure { OutcomeUnknown: true }
                ? "the consult call may have been placed: look for it among the user's calls"
                : "the consult call was not placed").ConfigureAwait(false);
        }

        string? notAnswered;
        Exception? waitFailure = null;
        try
        {
            notAnswered = await WaitForAnswerAsync(request, consult, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is ICallControlFailure or OperationCanceledException)
        {
            (notAnswered, waitFailure) = ("waiting for the answer failed", ex);
        }

        if (notAnswered is not null)
        {
            throw await StoppedAsync(request, ConsultTransferStage.Answer, consult, waitFailure, notAnswered).ConfigureAwait(false);
        }

        var (transferred, transferFailure, outcome) = await StepAsync(() => TransferAsync(TransferRequest.Attended(caller, consult), cancellationToken)).ConfigureAwait(false);
        switch (outcome)
        {
            case CommandOutcome.CarriedOut:
                return new ConsultTransferResult(consult, transferred ?? new TransferResult(TransferKind.Attended, HttpStatusCode.NoContent, null, null, (transferFailure as ICallControlFailure)?.TrackingId));
            case CommandOutcome.NotCarriedOut:
                throw await StoppedAsync(request, ConsultTransferStage.Transfer, consult, transferFailure, "the transfer was not carried out").ConfigureAwait(false);
            default:
                // It may have happened: undoing or repeating it could drop or double a live call.
                throw new ConsultTransferException(
                    $"The consult transfer of call {caller} stopped at the transfer, whose outcome is unknown; nothing was undone: look at calls {caller} and {consult}.",
                    ConsultTransferStage.Transfer,
                    callerRestored: false,
                    (transferFailure as ICallControlFailure)?.TrackingId,
                    outcomeUnknown: true,
                    transferFailure);
        }
    }

    /// <summary>Runs one command; a failure is returned with its outcome, resolved when it was unknown.</summary>
    private async Task<(T? Result, Exception? Failure, CommandOutcome Outcome)> StepAsync<T>(Func<Task<T>> command)
        where T : class
    {
        try
        {
            return (await command().ConfigureAwait(false), null, CommandOutcome.CarriedOut);
        }
        catch (Exception ex) when (ex is ICallControlFailure failure)
        {
            if (!failure.OutcomeUnknown)
            {
                return (null, ex, CommandOutcome.NotCarriedOut);
            }

            using var budget = new CancellationTokenSource(RestoreBudget, Executor.Options.TimeProvider);
            try
            {
                return (null, ex, (await ResolveOutcomeAsync(ex, budget.Token).ConfigureAwait(false)).Outcome);
            }
            catch (Exception reading) when (reading is ICallControlFailure or OperationCanceledException)
            {
                return (null, ex, CommandOutcome.Unknown);
            }
        }
    }

    /// <summary>Null once the consult call is connected; otherwise why it is not (ended, or not answered in time).</summary>
    private async Task<string?> WaitForAnswerAsync(ConsultTransferRequest request, string consult, CancellationToken cancellationToken)
    {
        var time = Executor.Options.TimeProvider;
        var started = time.GetTimestamp();
        while (true)
        {
            try
            {
                var call = await GetCallAsync(consult, cancellationToken).ConfigureAwait(false);
                if (call.State is CallState.Connected or CallState.Held or CallState.RemoteHeld)
                {
                    return null;
                }

                if (call.State == CallState.Disconnected)
                {
                    return "the consult call ended before it was answered (busy or rejected)";
                }
            }
            catch (CallControlApiException ex) when (ex.StatusCode == HttpStatusCode.NotFound)
            {
                return "the consult call ended before it was answered (busy or rejected)";
            }

            var left = request.AnswerTimeout - time.GetElapsedTime(started);
            if (left <= TimeSpan.Zero)
            {
                return $"the consult call was not answered within {request.AnswerTimeout.TotalSeconds:0.#} s";
            }

            var pause = left < request.PollInterval ? left : request.PollInterval;
            if (request.Tracker is { } tracker)
            {
                // The event usually comes first; the next read covers it when it is late or lost.
                using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                wait.CancelAfter(pause);
                try
                {
                    await tracker.WaitForStateAsync(consult, CallState.Connected, wait.Token).ConfigureAwait(false);
                    return null;
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    // No event within the pause: read the call.
                }
                catch (TimeoutException)
                {
                    // The tracker forgot the call; reading it decides.
                }
            }
            else
            {
                await Task.Delay(pause, time, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Hangs up the consult call (if any), takes the caller off hold, and says what happened.</summary>
    private async Task<ConsultTransferException> StoppedAsync(ConsultTransferRequest request, ConsultTransferStage stage, string? consult, Exception? failure, string reason)
    {
        var caller = request.CallerCallId;
        using var budget = new CancellationTokenSource(RestoreBudget, Executor.Options.TimeProvider);
        if (consult is not null)
        {
            try
            {
                await HangupAsync(new CallRequest(consult), budget.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is ICallControlFailure)
            {
                // Gone already (busy, rejected), or it will end when the caller is taken back.
            }
        }

        var restored = stage == ConsultTransferStage.Hold && failure is ICallControlFailure { OutcomeUnknown: false };
        if (!restored)
        {
            try
            {
                await ResumeAsync(new CallRequest(caller), budget.Token).ConfigureAwait(false);
                restored = true;
            }
            catch (Exception ex) when (ex is ICallControlFailure or OperationCanceledException)
            {
                restored = await IsConnectedAsync(caller, budget.Token).ConfigureAwait(false);
            }
        }

        var state = restored ? "the caller is connected again" : $"the caller may still be on hold: look at call {caller}";
        return new ConsultTransferException(
            $"The consult transfer of call {caller} stopped at {stage}: {reason}; {state}.",
            stage,
            restored,
            (failure as ICallControlFailure)?.TrackingId,
            outcomeUnknown: false,
            failure);
    }

    private async Task<bool> IsConnectedAsync(string callId, CancellationToken cancellationToken)
    {
        try
        {
            return (await GetCallAsync(callId, cancellationToken).ConfigureAwait(false)).State is CallState.Connected or CallState.RemoteHeld;
        }
        catch (Exception ex) when (ex is ICallControlFailure or OperationCanceledException)
        {
            return false;
        }
    }
}
