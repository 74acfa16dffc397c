using CallControl.Sdk.Internal;

namespace CallControl.Sdk;

/// <summary>
/// The calls of one member of an organization, controlled with a Service App's (or an admin's) token through Webex's
/// Call Controls Members paths (<c>telephony/calls/members/{memberId}/...</c>, <c>orgId</c> as a query parameter when
/// given). Made by <see cref="CallControlClient.ForMember"/>: it is a view over that client (its transport, retry,
/// rate-limit gate, telemetry and send guard), so a view per member costs two strings. It offers exactly the operations
/// Webex offers by member; the never-twice and <see cref="ICallControlFailure.OutcomeUnknown"/> guarantees hold, and
/// <see cref="CallControlClient.ResolveOutcomeAsync"/> resolves a member command's failure by reading the member's calls.
/// </summary>
public sealed class CallControlMemberClient
{
    private readonly CallControlClient _client;

    internal CallControlMemberClient(CallControlClient client, string memberId, string? orgId)
    {
        _client = client;
        MemberId = memberId;
        OrgId = orgId;
    }

    /// <summary>Gets the member (a person, workspace or virtual line id).</summary>
    public string MemberId { get; }

    /// <summary>Gets the member's organization, or <see langword="null"/> for the Service App's own.</summary>
    public string? OrgId { get; }

    /// <summary>Answers an incoming call of the member (<c>POST members/{memberId}/answer</c>).</summary>
    /// <param name="request">The call, and the endpoint to answer on if any. A <c>lineOwnerId</c> is refused: the member is in the path.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The result (204).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="request"/> is <see langword="null"/>.</exception>
    /// <exception cref="CallControlRequestValidationException">The request carries a <c>lineOwnerId</c>; nothing is sent.</exception>
    /// <exception cref="CallControlApiException">Webex answered with an error status.</exception>
    /// <exception cref="CallControlException">Transport failure or timeout; check <see cref="CallControlException.OutcomeUnknown"/>.</exception>
    /// <exception cref="CallControlOperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public Task<CallCommandResult> AnswerAsync(AnswerRequest request, CancellationToken cancellationToken = default)
        => SendAsync(Operation.MemberAnswer, request, AnswerReaders.Command, cancellationToken);

    /// <summary>Places a call from the member (<c>POST members/{memberId}/dial</c>).</summary>
    /// <param name="request">The destination, and the endpoint if any. A <c>lineOwnerId</c> or a single-number-reach dial is refused.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The new call's ids (201).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="request"/> is <see langword="null"/>.</exception>
    /// <exception cref="CallControlRequestValidationException">The request carries what a member path does not take; nothing is sent.</exception>
    /// <exception cref="CallControlApiException">Webex answered with an error status.</exception>
    /// <exception cref="CallControlException">Transport failure or timeout; check <see cref="CallControlException.OutcomeUnknown"/>.</exception>
    /// <exception cref="CallControlOperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public Task<CallCreatedResult> DialAsync(DialRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.SingleNumberReachPhoneNumber is not null)
        {
            throw Refused("dial", "singleNumberReachPhoneNumber", "a member's dial cannot go through single number reach: Webex's members path takes only destination and endpointId.");
        }

        return SendAsync(Operation.MemberDial, request, AnswerReaders.Created, cancellationToken);
    }

    /// <summary>Hangs up a call of the member (<c>POST members/{memberId}/hangup</c>).</summary>
    /// <param name="request">The call. A <c>lineOwnerId</c> is refused.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The result (204).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="request"/> is <see langword="null"/>.</exception>
    /// <exception cref="CallControlRequestValidationException">The request carries a <c>lineOwnerId</c>; nothing is sent.</exception>
    /// <exception cref="CallControlApiException">Webex answered with an error status.</exception>
    /// <exception cref="CallControlException">Transport failure or timeout; check <see cref="CallControlException.OutcomeUnknown"/>.</exception>
    /// <exception cref="CallControlOperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public Task<CallCommandResult> HangupAsync(CallRequest request, CancellationToken cancellationToken = default)
        => SendAsync(Operation.MemberHangup, request, AnswerReaders.Command, cancellationToken);

    /// <summary>Parks a call of the member (<c>POST members/{memberId}/park</c>).</summary>
    /// <param name="request">The call and where to park it. A <c>lineOwnerId</c> is refused.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>Where the call was parked (200).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="request"/> is <see langword="null"/>.</exception>
    /// <exception cref="CallControlRequestValidationException">The request carries a <c>lineOwnerId</c>; nothing is sent.</exception>
    /// <exception cref="CallControlApiException">Webex answered with an error status.</exception>
    /// <exception cref="CallControlException">Transport failure or timeout; check <see cref="CallControlException.OutcomeUnknown"/>.</exception>
    /// <exception cref="CallControlOperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public Task<ParkResult> ParkAsync(ParkRequest request, CancellationToken cancellationToken = default)
        => SendAsync(Operation.MemberPark, request, AnswerReaders.Parked, cancellationToken);

    /// <summary>Sends DTMF tones on a call of the member (<c>POST members/{memberId}/transmitDtmf</c>).</summary>
    /// <param name="request">The call and the tones. A <c>lineOwnerId</c> is refused.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The result (204).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="request"/> is <see langword="null"/>.</exception>
    /// <exception cref="CallControlRequestValidationException">The request carries a <c>lineOwnerId</c>; nothing is sent.</exception>
    /// <exception cref="CallControlApiException">Webex answered with an error status.</exception>
    /// <exception cref="CallControlException">Transport failure or timeout; check <see cref="CallControlException.OutcomeUnknown"/>.</exception>
    /// <exception cref="CallControlOperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public Task<CallCommandResult> TransmitDtmfAsync(TransmitDtmfRequest request, CancellationToken cancellationToken = default)
        => SendAsync(Operation.MemberTransmitDtmf, request, AnswerReaders.Command, cancellationToken);

    /// <summary>Sets the wrap-up reasons of the member's last completed call-queue call (<c>POST members/{memberId}/wrapupreasons</c>).</summary>
    /// <param name="request">The reasons.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The result (204).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="request"/> is <see langword="null"/>.</exception>
    /// <exception cref="CallControlApiException">Webex answered with an error status.</exception>
    /// <exception cref="CallControlException">Transport failure or timeout; check <see cref="CallControlException.OutcomeUnknown"/>.</exception>
    /// <exception cref="CallControlOperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public Task<CallCommandResult> SetWrapupReasonsAsync(WrapupReasonsRequest request, CancellationToken cancellationToken = default)
        => SendAsync(Operation.MemberWrapupReasons, request, AnswerReaders.Command, cancellationToken);

    /// <summary>Lists the member's active calls (<c>GET members/{memberId}/calls</c>).</summary>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The calls (empty when the member has none).</returns>
    /// <exception cref="CallControlApiException">Webex answered with an error status (after retries for 429, 423, 503 and 5xx).</exception>
    /// <exception cref="CallControlException">Transport failure, timeout, or an answer that could not be read.</exception>
    /// <exception cref="CallControlOperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public Task<IReadOnlyList<CallDetails>> ListCallsAsync(CancellationToken cancellationToken = default)
        => _client.SendMemberAsync(ApiRequest.MemberQuery(Operation.MemberListCalls, null, MemberId, OrgId), AnswerReaders.Calls, cancellationToken);

    /// <summary>Gets one call of the member (<c>GET members/{memberId}/calls/{callId}</c>).</summary>
    /// <param name="callId">The call.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The call.</returns>
    /// <exception cref="CallControlRequestValidationException">The call id breaks the id rule; nothing is sent.</exception>
    /// <exception cref="CallControlApiException">Webex answered with an error status (404: no such call).</exception>
    /// <exception cref="CallControlException">Transport failure, timeout, or an answer that could not be read.</exception>
    /// <exception cref="CallControlOperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public Task<CallDetails> GetCallAsync(string callId, CancellationToken cancellationToken = default)
    {
        RequestRules.RequireId(callId, "callId", "it names the call", "member.getCall");
        return _client.SendMemberAsync(ApiRequest.MemberQuery(Operation.MemberGetCall, null, MemberId, OrgId, callId), AnswerReaders.Call, cancellationToken);
    }

    /// <summary>Gets the member and organization, for logs.</summary>
    /// <returns>One line.</returns>
    public override string ToString() => OrgId is null ? $"member {MemberId}" : $"member {MemberId} of org {OrgId}";

    private static CallControlRequestValidationException Refused(string operation, string parameter, string message)
        => new("member." + operation, [new RequestRules.Violation(parameter, message)]);

    private Task<TResult> SendAsync<TResult>(Operation operation, CallControlRequest request, AnswerReader<TResult> reader, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.LineOwnerId is not null)
        {
            throw Refused(operation.Command, "lineOwnerId", $"a member's {operation.Command} takes no lineOwnerId: the member ({MemberId}) is in the path. Leave it out.");
        }

        return _client.SendMemberAsync(ApiRequest.MemberCommand(operation, request, MemberId, OrgId), reader, cancellationToken);
    }
}
