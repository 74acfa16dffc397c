using CallControl.Sdk.Internal;

namespace CallControl.Sdk;

// Conference Controls: after a consult call the user transfers or conferences; these are the second.
public partial class CallControlClient
{
    /// <summary>Joins two or more of the user's calls into a conference (<c>POST telephony/conference</c>).</summary>
    /// <param name="request">The calls.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The result.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="request"/> is <see langword="null"/>.</exception>
    /// <exception cref="CallControlApiException">Webex answered with an error status.</exception>
    /// <exception cref="CallControlException">Transport failure or timeout; check <see cref="CallControlException.OutcomeUnknown"/>.</exception>
    /// <exception cref="CallControlOperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public virtual Task<CallCommandResult> StartConferenceAsync(StartConferenceRequest request, CancellationToken cancellationToken = default)
        => SendCommandAsync(Operation.StartConference, request, AnswerReaders.Command, cancellationToken);

    /// <summary>Adds another of the user's calls to the conference (<c>POST telephony/conference/addParticipant</c>).</summary>
    /// <param name="request">The call (<see cref="ConferenceParticipantRequest.Call"/>).</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The result.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="request"/> is <see langword="null"/>.</exception>
    /// <exception cref="CallControlRequestValidationException">The request names the host, not a call; nothing is sent.</exception>
    /// <exception cref="CallControlApiException">Webex answered with an error status.</exception>
    /// <exception cref="CallControlException">Transport failure or timeout; check <see cref="CallControlException.OutcomeUnknown"/>.</exception>
    /// <exception cref="CallControlOperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public virtual Task<CallCommandResult> AddConferenceParticipantAsync(ConferenceParticipantRequest request, CancellationToken cancellationToken = default)
        => ParticipantAsync(Operation.AddConferenceParticipant, request, needsCall: true, takesLineOwner: true, cancellationToken);

    /// <summary>Gets the user's conference (<c>GET telephony/conference</c>).</summary>
    /// <param name="request">The line owner, if any.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The conference, or <see langword="null"/> when the user has none (Webex answers an empty object).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="request"/> is <see langword="null"/>.</exception>
    /// <exception cref="CallControlApiException">Webex answered with an error status (after retries).</exception>
    /// <exception cref="CallControlException">Transport failure, timeout, or an answer that could not be read.</exception>
    /// <exception cref="CallControlOperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("ApiDesign", "RS0026:Do not add multiple public overloads with optional parameters", Justification = ShorthandJustification)]
    public virtual Task<ConferenceDetails?> GetConferenceAsync(ConferenceRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return Executor.ExecuteAsync(_transport!, ApiRequest.Query(Operation.GetConference, request.TrackingId, request.LineOwnerId), AnswerReaders.Conference, cancellationToken);
    }

    /// <summary>Gets the user's conference (<c>GET telephony/conference</c>).</summary>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The conference, or <see langword="null"/> when the user has none.</returns>
    /// <exception cref="CallControlApiException">Webex answered with an error status (after retries).</exception>
    /// <exception cref="CallControlException">Transport failure, timeout, or an answer that could not be read.</exception>
    /// <exception cref="CallControlOperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("ApiDesign", "RS0026:Do not add multiple public overloads with optional parameters", Justification = ShorthandJustification)]
    public virtual Task<ConferenceDetails?> GetConferenceAsync(CancellationToken cancellationToken = default)
        => GetConferenceAsync(new ConferenceRequest(), cancellationToken);

    /// <summary>Releases (ends) the user's conference (<c>DELETE telephony/conference</c>).</summary>
    /// <param name="request">The line owner, if any.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The result.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="request"/> is <see langword="null"/>.</exception>
    /// <exception cref="CallControlApiException">Webex answered with an error status.</exception>
    /// <exception cref="CallControlException">Transport failure or timeout; check <see cref="CallControlException.OutcomeUnknown"/>.</exception>
    /// <exception cref="CallControlOperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public virtual Task<CallCommandResult> ReleaseConferenceAsync(ConferenceRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return Executor.ExecuteAsync(_transport!, ApiRequest.EmptyCommand(Operation.ReleaseConference, request, request.LineOwnerId), AnswerReaders.Command, cancellationToken);
    }

    /// <summary>The host leaves the conference, which goes on without them (<c>POST telephony/conference/hold</c>).</summary>
    /// <param name="request">The line owner, if any.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The result.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="request"/> is <see langword="null"/>.</exception>
    /// <exception cref="CallControlApiException">Webex answered with an error status.</exception>
    /// <exception cref="CallControlException">Transport failure or timeout; check <see cref="CallControlException.OutcomeUnknown"/>.</exception>
    /// <exception cref="CallControlOperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public virtual Task<CallCommandResult> HoldConferenceAsync(ConferenceRequest request, CancellationToken cancellationToken = default)
        => SendCommandAsync(Operation.HoldConference, request, AnswerReaders.Command, cancellationToken);

    /// <summary>The host rejoins the conference (<c>POST telephony/conference/resume</c>).</summary>
    /// <param name="request">The line owner, if any.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The result.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="request"/> is <see langword="null"/>.</exception>
    /// <exception cref="CallControlApiException">Webex answered with an error status.</exception>
    /// <exception cref="CallControlException">Transport failure or timeout; check <see cref="CallControlException.OutcomeUnknown"/>.</exception>
    /// <exception cref="CallControlOperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public virtual Task<CallCommandResult> ResumeConferenceAsync(ConferenceRequest request, CancellationToken cancellationToken = default)
        => SendCommandAsync(Operation.ResumeConference, request, AnswerReaders.Command, cancellationToken);

    /// <summary>Mutes the host (<see cref="ConferenceParticipantRequest.Host"/>) or a participant (<c>POST telephony/conference/mute</c>).</summary>
    /// <param name="request">Whom to mute.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The result.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="request"/> is <see langword="null"/>.</exception>
    /// <exception cref="CallControlRequestValidationException">The request carries a line owner, which mute does not take; nothing is sent.</exception>
    /// <exception cref="CallControlApiException">Webex answered with an error status.</exception>
    /// <exception cref="CallControlException">Transport failure or timeout; check <see cref="CallControlException.OutcomeUnknown"/>.</exception>
    /// <exception cref="CallControlOperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public virtual Task<CallCommandResult> MuteConferenceAsync(ConferenceParticipantRequest request, CancellationToken cancellationToken = default)
        => ParticipantAsync(Operation.MuteConference, request, needsCall: false, takesLineOwner: false, cancellationToken);

    /// <summary>Unmutes the host (<see cref="ConferenceParticipantRequest.Host"/>) or a participant (<c>POST telephony/conference/unmute</c>).</summary>
    /// <param name="request">Whom to unmute.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The result.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="request"/> is <see langword="null"/>.</exception>
    /// <exception cref="CallControlRequestValidationException">The request carries a line owner, which unmute does not take; nothing is sent.</exception>
    /// <exception cref="CallControlApiException">Webex answered with an error status.</exception>
    /// <exception cref="CallControlException">Transport failure or timeout; check <see cref="CallControlException.OutcomeUnknown"/>.</exception>
    /// <exception cref="CallControlOperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public virtual Task<CallCommandResult> UnmuteConferenceAsync(ConferenceParticipantRequest request, CancellationToken cancellationToken = default)
        => ParticipantAsync(Operation.UnmuteConference, request, needsCall: false, takesLineOwner: false, cancellationToken);

    /// <summary>A participant stops receiving media (<c>POST telephony/conference/deafen</c>).</summary>
    /// <param name="request">The participant (<see cref="ConferenceParticipantRequest.Call"/>).</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The result.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="request"/> is <see langword="null"/>.</exception>
    /// <exception cref="CallControlRequestValidationException">The request names the host or carries a line owner; nothing is sent.</exception>
    /// <exception cref="CallControlApiException">Webex answered with an error status.</exception>
    /// <exception cref="CallControlException">Transport failure or timeout; check <see cref="CallControlException.OutcomeUnknown"/>.</exception>
    /// <exception cref="CallControlOperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public virtual Task<CallCommandResult> DeafenConferenceParticipantAsync(ConferenceParticipantRequest request, CancellationToken cancellationToken = default)
        => ParticipantAsync(Operation.DeafenConference, request, needsCall: true, takesLineOwner: false, cancellationToken);

    /// <summary>A participant receives media again (<c>POST telephony/conference/undeafen</c>).</summary>
    /// <param name="request">The participant (<see cref="ConferenceParticipantRequest.Call"/>).</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The result.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="request"/> is <see langword="null"/>.</exception>
    /// <exception cref="CallControlRequestValidationException">The request names the host or carries a line owner; nothing is sent.</exception>
    /// <exception cref="CallControlApiException">Webex answered with an error status.</exception>
    /// <exception cref="CallControlException">Transport failure or timeout; check <see cref="CallControlException.OutcomeUnknown"/>.</exception>
    /// <exception cref="CallControlOperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public virtual Task<CallCommandResult> UndeafenConferenceParticipantAsync(ConferenceParticipantRequest request, CancellationToken cancellationToken = default)
        => ParticipantAsync(Operation.UndeafenConference, request, needsCall: true, takesLineOwner: false, cancellationToken);

    private Task<CallCommandResult> ParticipantAsync(Operation operation, ConferenceParticipantRequest request, bool needsCall, bool takesLineOwner, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var violations = new List<RequestRules.Violation>(1);
        if (needsCall && request.CallId is null)
        {
            violations.Add(new("callId", $"{operation.Command} names a participant's call, not the host: use ConferenceParticipantRequest.Call(callId)."));
        }

        if (!takesLineOwner && request.LineOwnerId is not null)
        {
            violations.Add(new("lineOwnerId", $"{operation.Command} takes no lineOwnerId (Webex's body has only callId)."));
        }

        RequestRules.ThrowIfAny(operation.Command, violations);
        return SendCommandAsync(operation, request, AnswerReaders.Command, cancellationToken);
    }
}
