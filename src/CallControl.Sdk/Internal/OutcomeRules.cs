using System.Net;

namespace CallControl.Sdk.Internal;

/// <summary>
/// The rule per command that decides, from what the calls look like now, whether a command whose answer was lost was
/// carried out (docs/outcomes.md gives each rule's reasoning). Reads only; never sends a command. Conservative: a
/// state that could have another cause (the other party hung up, someone pressed a button on the phone) is
/// <see cref="CommandOutcome.Unknown"/>, except where the command's own goal is reached and sending it again could do
/// nothing (a hangup whose call is gone).
/// </summary>
internal static class OutcomeRules
{
    /// <summary>How long after the failure the calls are read at the earliest: Webex may still be acting on a command whose gateway gave up (502, 504).</summary>
    internal static readonly TimeSpan SettleTime = TimeSpan.FromSeconds(1);

    internal static async Task<OutcomeResolution> ResolveAsync(CallControlClient client, FailedCommand failed, TimeSpan settle, TimeProvider time, CallEventTracker? tracker, CancellationToken cancellationToken)
    {
        var name = failed.Request.Operation.Command;
        var (first, second) = CallIds(failed.Request.Source);
        if (first is null)
        {
            return new OutcomeResolution(name, CommandOutcome.Unknown, $"No rule: {name} leaves nothing a read of the calls can attribute to it.");
        }

        // A loop: the system timer counts whole milliseconds and may fire a fraction of one early.
        for (var wait = settle - time.GetElapsedTime(failed.FailedAt); wait > TimeSpan.Zero; wait = settle - time.GetElapsedTime(failed.FailedAt))
        {
            await Task.Delay(wait, time, cancellationToken).ConfigureAwait(false);
        }

        // A member's command is read back through the same member path.
        Func<string, CancellationToken, Task<CallDetails>> read = failed.Request.MemberId is { } member
            ? client.ForMember(member, failed.Request.OrgId).GetCallAsync
            : client.GetCallAsync;
        Observed a;
        Observed? b = null;
        try
        {
            a = await ObserveAsync(read, first, cancellationToken).ConfigureAwait(false);
            if (second is not null)
            {
                b = await ObserveAsync(read, second, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is ICallControlFailure && !cancellationToken.IsCancellationRequested && tracker is not null
            && FromEvents(tracker, first, failed.FailedAtUtc) is { } fromA && (second is null || FromEvents(tracker, second, failed.FailedAtUtc) is not null))
        {
            // Reading failed (often in the same outage that lost the answer): events since the failure are evidence of
            // what happened, never of what did not (an event can be lost), so they can only say CarriedOut.
            var fromB = second is null ? null : FromEvents(tracker, second, failed.FailedAtUtc);
            var (seen, because) = Decide(name, failed.Request.Source, fromA, fromB);
            return seen == CommandOutcome.CarriedOut
                ? new OutcomeResolution(name, seen, "from the call events since the failure (reading the calls failed): " + because)
                : new OutcomeResolution(name, CommandOutcome.Unknown, "reading the calls failed, and the call events since the failure do not show it happened: " + because);
        }

        var (outcome, evidence) = Decide(name, failed.Request.Source, a, b);
        return new OutcomeResolution(name, outcome, evidence);
    }

    /// <summary>Whether the command's rule can ever say "not carried out" (what <see cref="CallControlRetryOptions.ResolveAndResend"/> needs to resend).</summary>
    internal static bool CanSayNotCarriedOut(string command, CallControlRequest request)
        => command switch
        {
            "hold" or "resume" or "answer" or "hangup" or "reject" or "mute" or "unmute" or "divert" or "park"
                or "startRecording" or "stopRecording" or "pauseRecording" or "resumeRecording" => CallIds(request).First is not null,
            "transfer" => request is TransferRequest { Kind: TransferKind.Attended },
            _ => false,
        };

    /// <summary>The rule: the outcome and the sentence that says why, from the command and what its calls look like now.</summary>
    internal static (CommandOutcome Outcome, string Evidence) Decide(string command, CallControlRequest? source, Observed a, Observed? b)
    {
        var gone = $"call {a.CallId} is gone (ended by either party or moved away), so whether {command} happened cannot be told";
        switch (command)
        {
            case "hold":
                return a.State switch
                {
                    CallState.Held => (CommandOutcome.CarriedOut, $"call {a.CallId} is held"),
                    CallState.Connected or CallState.RemoteHeld => (CommandOutcome.NotCarriedOut, $"call {a.CallId} is still {a.State}, not held"),
                    _ => Unknown(a, gone),
                };
            case "resume":
                return a.State switch
                {
                    CallState.Connected or CallState.RemoteHeld => (CommandOutcome.CarriedOut, $"call {a.CallId} is {a.State}, no longer held"),
                    CallState.Held => (CommandOutcome.NotCarriedOut, $"call {a.CallId} is still held"),
                    _ => Unknown(a, gone),
                };
            case "answer":
                return a.State switch
                {
                    CallState.Connected or CallState.Held or CallState.RemoteHeld => (CommandOutcome.CarriedOut, $"call {a.CallId} is answered ({a.State})"),
                    CallState.Alerting => (CommandOutcome.NotCarriedOut, $"call {a.CallId} is still alerting"),
                    _ => Unknown(a, gone),
                };
            case "hangup" or "reject":
                return a.Gone
                    ? (CommandOutcome.CarriedOut, $"call {a.CallId} is gone: {command} reached its goal (had the other party ended it first, there is still nothing to send again)")
                    : (CommandOutcome.NotCarriedOut, $"call {a.CallId} is still there ({a.State})");
            case "mute" or "unmute":
                if (a.Gone || a.Details is null)
                {
                    return Unknown(a, gone);
                }

                return a.Details.Muted == (command == "mute")
                    ? (CommandOutcome.CarriedOut, $"call {a.CallId} is {(a.Details.Muted ? "muted" : "unmuted")}")
                    : (CommandOutcome.NotCarriedOut, $"call {a.CallId} is still {(a.Details.Muted ? "muted" : "unmuted")}");
            case "startRecording" or "stopRecording" or "pauseRecording" or "resumeRecording":
                return Recording(command, a, gone);
            case "transfer" when source is TransferRequest { Kind: TransferKind.Attended } && b is not null:
                return (a.Gone, b.Gone) switch
                {
                    (true, true) => (CommandOutcome.CarriedOut, $"calls {a.CallId} and {b.CallId} are both gone: they were joined and left this user"),
                    (false, false) => (CommandOutcome.NotCarriedOut, $"calls {a.CallId} ({a.State}) and {b.CallId} ({b.State}) are both still there"),
                    _ => (CommandOutcome.Unknown, $"call {(a.Gone ? a.CallId : b.CallId)} is gone but call {(a.Gone ? b.CallId : a.CallId)} is still there: one party may have hung up, or the transfer half happened"),
                };
            case "divert" or "park":
                return a.Gone
                    ? Unknown(a, gone)
                    : (CommandOutcome.NotCarriedOut, $"call {a.CallId} is still with this user ({a.State})");
            default:
                return (CommandOutcome.Unknown, source is TransferRequest { Kind: TransferKind.Mute }
                    ? $"No rule for a mute transfer: call {a.CallId} stays until the destination answers, and goes when either party hangs up."
                    : $"No rule: {command} leaves nothing a read of the calls can attribute to it.");
        }
    }

    private static (CommandOutcome, string) Unknown(Observed a, string gone)
        => (CommandOutcome.Unknown, a.Gone ? gone : $"call {a.CallId} is {a.State}, which the command does not explain");

    private static (CommandOutcome, string) Recording(string command, Observed a, string gone)
    {
        if (a.Gone || a.Details is null)
        {
            return Unknown(a, gone);
        }

        var state = a.Details.RecordingState;
        var (done, before) = command switch
        {
            "startRecording" => (state == RecordingState.Started, state is null or RecordingState.Stopped),
            "stopRecording" => (state == RecordingState.Stopped, state is RecordingState.Started or RecordingState.Paused),
            "pauseRecording" => (state == RecordingState.Paused, state == RecordingState.Started),
            _ => (state == RecordingState.Started, state == RecordingState.Paused),
        };
        var shown = state?.ToString() ?? "not recorded";
        return done ? (CommandOutcome.CarriedOut, $"call {a.CallId}'s recording is {shown}")
            : before ? (CommandOutcome.NotCarriedOut, $"call {a.CallId}'s recording is still {shown}")
            : (CommandOutcome.Unknown, $"call {a.CallId}'s recording is {shown}, which {command} does not explain");
    }

    /// <summary>The calls a command's rule looks at: its call, or an attended transfer's two.</summary>
    private static (string? First, string? Second) CallIds(CallControlRequest? source) => source switch
    {
        TransferRequest { Kind: TransferKind.Attended } t => (t.CallId1, t.CallId2),
        TransferRequest { Kind: TransferKind.Mute } t => (t.CallId1, null),
        CallRequest r => (r.CallId, null),
        AnswerRequest r => (r.CallId, null),
        RejectRequest r => (r.CallId, null),
        DivertRequest r => (r.CallId, null),
        ParkRequest r => (r.CallId, null),
        _ => (null, null),
    };

    private static async Task<Observed> ObserveAsync(Func<string, CancellationToken, Task<CallDetails>> read, string callId, CancellationToken cancellationToken)
    {
        try
        {
            var details = await read(callId, cancellationToken).ConfigureAwait(false);
            return new Observed(callId, details.State == CallState.Disconnected, details);
        }
        catch (CallControlApiException ex) when (ex.StatusCode == HttpStatusCode.NotFound)
        {
            return new Observed(callId, Gone: true, null);
        }
    }

    /// <summary>A call as its latest event since <paramref name="since"/> shows it, or null when there is none.</summary>
    private static Observed? FromEvents(CallEventTracker tracker, string callId, DateTimeOffset since)
        => tracker.TryGetCallSince(callId, since, out var call) ? new Observed(callId, call.State == CallState.Disconnected, call) : null;

    /// <summary>One call as read now: gone (404 or disconnected), or its details.</summary>
    internal sealed record Observed(string CallId, bool Gone, CallDetails? Details)
    {
        internal CallState? State => Gone ? null : Details?.State;
    }
}
