using CallControl.Sdk.Internal;

namespace CallControl.Sdk;

// The commands other than transfer. Every one is a POST to telephony/calls/{name} with a JSON body built by its
// request type, runs through the same executor (TrackingID, budget, rate-limit gate, retry policy for commands,
// error mapping) and is never resent after an ambiguous failure.
public partial class CallControlClient
{
    /// <summary>Places an outbound call (click to dial): the user's devices alert, and when the user answers, the destination is called.</summary>
    /// <param name="request">The dial request.</param>
    /// <returns>The new call's ids (201).</returns>
    /// <include file="CommandDocs.xml" path="docs/command/*"/>
    public virtual Task<CallCreatedResult> DialAsync(DialRequest request, CancellationToken cancellationToken = default)
        => CreateCallAsync(Operation.Dial, request, cancellationToken);

    /// <summary>Answers an alerting incoming call.</summary>
    /// <param name="request">The answer request.</param>
    /// <returns>The result (204).</returns>
    /// <include file="CommandDocs.xml" path="docs/command/*"/>
    public virtual Task<CallCommandResult> AnswerAsync(AnswerRequest request, CancellationToken cancellationToken = default)
        => CommandAsync(Operation.Answer, request, cancellationToken);

    /// <summary>Rejects an unanswered incoming call.</summary>
    /// <param name="request">The reject request.</param>
    /// <returns>The result (204).</returns>
    /// <include file="CommandDocs.xml" path="docs/command/*"/>
    public virtual Task<CallCommandResult> RejectAsync(RejectRequest request, CancellationToken cancellationToken = default)
        => CommandAsync(Operation.Reject, request, cancellationToken);

    /// <summary>Hangs up a call. On an unanswered incoming call this rejects it and sends it to busy.</summary>
    /// <param name="request">The call.</param>
    /// <returns>The result (204).</returns>
    /// <include file="CommandDocs.xml" path="docs/command/*"/>
    public virtual Task<CallCommandResult> HangupAsync(CallRequest request, CancellationToken cancellationToken = default)
        => CommandAsync(Operation.Hangup, request, cancellationToken);

    /// <summary>Holds a connected call.</summary>
    /// <param name="request">The call.</param>
    /// <returns>The result (204).</returns>
    /// <include file="CommandDocs.xml" path="docs/command/*"/>
    public virtual Task<CallCommandResult> HoldAsync(CallRequest request, CancellationToken cancellationToken = default)
        => CommandAsync(Operation.Hold, request, cancellationToken);

    /// <summary>Resumes a held call.</summary>
    /// <param name="request">The call.</param>
    /// <returns>The result (204).</returns>
    /// <include file="CommandDocs.xml" path="docs/command/*"/>
    public virtual Task<CallCommandResult> ResumeAsync(CallRequest request, CancellationToken cancellationToken = default)
        => CommandAsync(Operation.Resume, request, cancellationToken);

    /// <summary>Diverts a call (a blind transfer) to a destination or to voicemail; the way to move an unanswered incoming call.</summary>
    /// <param name="request">The divert request.</param>
    /// <returns>The result (204).</returns>
    /// <include file="CommandDocs.xml" path="docs/command/*"/>
    public virtual Task<CallCommandResult> DivertAsync(DivertRequest request, CancellationToken cancellationToken = default)
        => CommandAsync(Operation.Divert, request, cancellationToken);

    /// <summary>Parks a connected call.</summary>
    /// <param name="request">The park request.</param>
    /// <returns>Where the call is parked (200); its number retrieves the call.</returns>
    /// <include file="CommandDocs.xml" path="docs/command/*"/>
    public virtual Task<ParkResult> ParkAsync(ParkRequest request, CancellationToken cancellationToken = default)
        => SendCommandAsync(Operation.Park, request, AnswerReaders.Parked, cancellationToken);

    /// <summary>Retrieves a parked call; a new call is placed to do it.</summary>
    /// <param name="request">The retrieve request.</param>
    /// <returns>The new call's ids (201).</returns>
    /// <include file="CommandDocs.xml" path="docs/command/*"/>
    public virtual Task<CallCreatedResult> RetrieveAsync(RetrieveRequest request, CancellationToken cancellationToken = default)
        => CreateCallAsync(Operation.Retrieve, request, cancellationToken);

    /// <summary>Starts recording a call (the user's recording mode must be "On Demand").</summary>
    /// <param name="request">The call.</param>
    /// <returns>The result (204).</returns>
    /// <include file="CommandDocs.xml" path="docs/command/*"/>
    public virtual Task<CallCommandResult> StartRecordingAsync(CallRequest request, CancellationToken cancellationToken = default)
        => CommandAsync(Operation.StartRecording, request, cancellationToken);

    /// <summary>Stops recording a call.</summary>
    /// <param name="request">The call.</param>
    /// <returns>The result (204).</returns>
    /// <include file="CommandDocs.xml" path="docs/command/*"/>
    public virtual Task<CallCommandResult> StopRecordingAsync(CallRequest request, CancellationToken cancellationToken = default)
        => CommandAsync(Operation.StopRecording, request, cancellationToken);

    /// <summary>Pauses recording a call.</summary>
    /// <param name="request">The call.</param>
    /// <returns>The result (204).</returns>
    /// <include file="CommandDocs.xml" path="docs/command/*"/>
    public virtual Task<CallCommandResult> PauseRecordingAsync(CallRequest request, CancellationToken cancellationToken = default)
        => CommandAsync(Operation.PauseRecording, request, cancellationToken);

    /// <summary>Resumes recording a call whose recording is paused.</summary>
    /// <param name="request">The call.</param>
    /// <returns>The result (204).</returns>
    /// <include file="CommandDocs.xml" path="docs/command/*"/>
    public virtual Task<CallCommandResult> ResumeRecordingAsync(CallRequest request, CancellationToken cancellationToken = default)
        => CommandAsync(Operation.ResumeRecording, request, cancellationToken);

    /// <summary>Sends DTMF tones on a call.</summary>
    /// <param name="request">The DTMF request.</param>
    /// <returns>The result (204).</returns>
    /// <include file="CommandDocs.xml" path="docs/command/*"/>
    public virtual Task<CallCommandResult> TransmitDtmfAsync(TransmitDtmfRequest request, CancellationToken cancellationToken = default)
        => CommandAsync(Operation.TransmitDtmf, request, cancellationToken);

    /// <summary>Pushes a call from an executive assistant to the executive the call is associated with.</summary>
    /// <param name="request">The call.</param>
    /// <returns>The result (204).</returns>
    /// <include file="CommandDocs.xml" path="docs/command/*"/>
    public virtual Task<CallCommandResult> PushAsync(CallRequest request, CancellationToken cancellationToken = default)
        => CommandAsync(Operation.Push, request, cancellationToken);

    /// <summary>Picks up an incoming call to another user (or to the user's call pickup group); a new call is placed to do it.</summary>
    /// <param name="request">The pickup request.</param>
    /// <returns>The new call's ids (201).</returns>
    /// <include file="CommandDocs.xml" path="docs/command/*"/>
    public virtual Task<CallCreatedResult> PickupAsync(PickupRequest request, CancellationToken cancellationToken = default)
        => CreateCallAsync(Operation.Pickup, request, cancellationToken);

    /// <summary>Barges in on another user's answered call; a new call is placed to do it.</summary>
    /// <param name="request">The barge-in request.</param>
    /// <returns>The new call's ids (201).</returns>
    /// <include file="CommandDocs.xml" path="docs/command/*"/>
    public virtual Task<CallCreatedResult> BargeInAsync(BargeInRequest request, CancellationToken cancellationToken = default)
        => CreateCallAsync(Operation.BargeIn, request, cancellationToken);

    /// <summary>Mutes a call whose details say <see cref="CallDetails.MuteCapable"/>.</summary>
    /// <param name="request">The call.</param>
    /// <returns>The result (204).</returns>
    /// <include file="CommandDocs.xml" path="docs/command/*"/>
    public virtual Task<CallCommandResult> MuteAsync(CallRequest request, CancellationToken cancellationToken = default)
        => CommandAsync(Operation.Mute, request, cancellationToken);

    /// <summary>Unmutes a call whose details say <see cref="CallDetails.MuteCapable"/>.</summary>
    /// <param name="request">The call.</param>
    /// <returns>The result (204).</returns>
    /// <include file="CommandDocs.xml" path="docs/command/*"/>
    public virtual Task<CallCommandResult> UnmuteAsync(CallRequest request, CancellationToken cancellationToken = default)
        => CommandAsync(Operation.Unmute, request, cancellationToken);

    /// <summary>Pulls the user's call from another of their devices: a temporary call alerts the chosen device (<c>POST telephony/calls/pull</c>).</summary>
    /// <param name="request">The device to pull the call to, if not the primary one.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The temporary call's ids (201).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="request"/> is <see langword="null"/>.</exception>
    /// <exception cref="CallControlApiException">Webex answered with an error status (404: no call to pull).</exception>
    /// <exception cref="CallControlException">Transport failure or timeout; check <see cref="CallControlException.OutcomeUnknown"/>.</exception>
    /// <exception cref="CallControlOperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public virtual Task<CallCreatedResult> PullAsync(PullRequest request, CancellationToken cancellationToken = default)
        => CreateCallAsync(Operation.Pull, request, cancellationToken);

    /// <summary>A command whose success carries no data (204).</summary>
    private Task<CallCommandResult> CommandAsync(Operation operation, CallControlRequest request, CancellationToken cancellationToken)
    {
        var sent = SendCommandAsync(operation, request, AnswerReaders.Command, cancellationToken);
        return Executor.Options.Retry.ResolveAndResend && OutcomeRules.CanSayNotCarriedOut(operation.Command, request)
            ? CommandResolvedAsync(sent, operation, request, cancellationToken)
            : sent;
    }

    /// <summary>A command that places a new call (201 with its ids).</summary>
    private Task<CallCreatedResult> CreateCallAsync(Operation operation, CallControlRequest request, CancellationToken cancellationToken)
        => SendCommandAsync(operation, request, AnswerReaders.Created, cancellationToken);

    /// <summary>Every command but transfer: a POST to telephony/calls/{name} with the request's body, read by <paramref name="reader"/>.</summary>
    private Task<TResult> SendCommandAsync<TResult>(Operation operation, CallControlRequest request, AnswerReader<TResult> reader, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return Executor.ExecuteAsync(_transport!, ApiRequest.Command(operation, request), reader, cancellationToken);
    }
}
