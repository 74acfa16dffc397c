using System.Net;
using CallControl.Sdk.Internal;
using CallControl.Sdk.Internal.Wire;

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
        => SendCommandAsync(Operation.Park, request, ReadParkedAsync, cancellationToken);

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

    private static string? AnsweredTrackingId(HttpResponseMessage response, OperationState state)
        => ErrorMapper.ReadTrackingIdHeader(response) ?? state.TrackingId;

    /// <summary>A command whose success carries no data (204).</summary>
    private Task<CallCommandResult> CommandAsync(Operation operation, CallControlRequest request, CancellationToken cancellationToken)
        => SendCommandAsync(operation, request, static (response, state, _) => new ValueTask<CallCommandResult>(new CallCommandResult(response.StatusCode, AnsweredTrackingId(response, state))), cancellationToken);

    /// <summary>A command that places a new call (201 with its ids).</summary>
    private Task<CallCreatedResult> CreateCallAsync(Operation operation, CallControlRequest request, CancellationToken cancellationToken)
        => SendCommandAsync(operation, request, ReadCreatedAsync, cancellationToken);

    /// <summary>Every command but transfer: a POST to telephony/calls/{name} with the request's body, read by <paramref name="onSuccess"/>.</summary>
    private Task<TResult> SendCommandAsync<TResult>(Operation operation, CallControlRequest request, Func<HttpResponseMessage, OperationState, CancellationToken, ValueTask<TResult>> onSuccess, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return Executor.ExecuteAsync<object?, TResult>(
            _transport!,
            operation,
            request.TrackingId,
            WireContent.Serialize(request.ToBody(), WebexJsonContext.Wire.CommandBody),
            null,
            static (api, _, state, token) => api.CommandAsync(state.Operation.Segment, state.Content!, state.Authorization, state.TrackingId, SdkInfo.UserAgent, token),
            onSuccess,
            cancellationToken);
    }

    /// <summary>Reads a 201's new call ids. An unreadable body still means the call exists: ids unknown, a warning logged.</summary>
    private static async ValueTask<CallCreatedResult> ReadCreatedAsync(HttpResponseMessage response, OperationState state, CancellationToken cancellationToken)
    {
        var created = await SuccessReader.TryReadCallCreatedAsync(response, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.Created && created?.CallId is null)
        {
            state.Executor.WarnCreatedWithoutIds(state, response.StatusCode);
        }

        return new CallCreatedResult(response.StatusCode, created?.CallId, created?.CallSessionId, AnsweredTrackingId(response, state));
    }

    /// <summary>Reads where a call was parked. An unreadable body still means the call was parked: the party is unknown.</summary>
    private static async ValueTask<ParkResult> ReadParkedAsync(HttpResponseMessage response, OperationState state, CancellationToken cancellationToken)
    {
        var body = await SuccessReader.TryReadAsync(response, WebexJsonContext.Wire.ParkBody, cancellationToken).ConfigureAwait(false);
        return new ParkResult(response.StatusCode, CallMapper.ToParty(body?.ParkedAgainst), AnsweredTrackingId(response, state));
    }
}
