using CallControl.Sdk.Internal;

namespace CallControl.Sdk;

// The queries. They are GETs, so unlike commands they are retried after 500/502/504, lost connections and attempt
// timeouts (Retry.QueryAttemptTimeout), within the operation's Timeout. Each takes its request type (which carries an
// optional TrackingID); the overloads without one are shorthands that build it (docs/operations.md).
public partial class CallControlClient
{
    private const string ShorthandJustification = "The shorthand takes the request's one parameter instead of the request; no call is ambiguous.";

    /// <summary>Lists the user's active calls, with the ids every command needs.</summary>
    /// <param name="request">The request (its TrackingID, if any).</param>
    /// <param name="cancellationToken">Cancels the operation, including any wait for a retry.</param>
    /// <returns>The calls (empty when the user has none).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="request"/> is <see langword="null"/>.</exception>
    /// <exception cref="CallControlApiException">Webex answered with an error status (after retries for 429, 423, 503 and 5xx).</exception>
    /// <exception cref="CallControlException">Transport failure, timeout, or an answer that could not be read.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("ApiDesign", "RS0026:Do not add multiple public overloads with optional parameters", Justification = ShorthandJustification)]
    public virtual Task<IReadOnlyList<CallDetails>> ListCallsAsync(ListCallsRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return Executor.ExecuteAsync(_transport!, ApiRequest.Query(Operation.ListCalls, request.TrackingId), AnswerReaders.Calls, cancellationToken);
    }

    /// <summary>Lists the user's active calls: <see cref="ListCallsAsync(ListCallsRequest, CancellationToken)"/> with a generated TrackingID.</summary>
    /// <param name="cancellationToken">Cancels the operation, including any wait for a retry.</param>
    /// <returns>The calls (empty when the user has none).</returns>
    /// <exception cref="CallControlApiException">Webex answered with an error status (after retries for 429, 423, 503 and 5xx).</exception>
    /// <exception cref="CallControlException">Transport failure, timeout, or an answer that could not be read.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("ApiDesign", "RS0026:Do not add multiple public overloads with optional parameters", Justification = ShorthandJustification)]
    public virtual Task<IReadOnlyList<CallDetails>> ListCallsAsync(CancellationToken cancellationToken = default)
        => ListCallsAsync(new ListCallsRequest(), cancellationToken);

    /// <summary>Gets the details of one of the user's active calls.</summary>
    /// <param name="request">The call, and the request's TrackingID if any.</param>
    /// <param name="cancellationToken">Cancels the operation, including any wait for a retry.</param>
    /// <returns>The call's details.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="request"/> is <see langword="null"/>.</exception>
    /// <exception cref="CallControlApiException">Webex answered with an error status: 404 when the call ended or is not the user's.</exception>
    /// <exception cref="CallControlException">Transport failure, timeout, or an answer that could not be read.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("ApiDesign", "RS0026:Do not add multiple public overloads with optional parameters", Justification = ShorthandJustification)]
    public virtual Task<CallDetails> GetCallAsync(GetCallRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return Executor.ExecuteAsync(_transport!, ApiRequest.Query(Operation.GetCall, request.TrackingId, request.CallId), AnswerReaders.Call, cancellationToken);
    }

    /// <summary>Gets the details of one of the user's active calls: <c>GetCallAsync(new GetCallRequest(callId))</c>.</summary>
    /// <param name="callId">The call.</param>
    /// <param name="cancellationToken">Cancels the operation, including any wait for a retry.</param>
    /// <returns>The call's details.</returns>
    /// <exception cref="CallControlRequestValidationException"><paramref name="callId"/> is null, empty, too long or has control characters; nothing is sent.</exception>
    /// <exception cref="CallControlApiException">Webex answered with an error status: 404 when the call ended or is not the user's.</exception>
    /// <exception cref="CallControlException">Transport failure, timeout, or an answer that could not be read.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("ApiDesign", "RS0026:Do not add multiple public overloads with optional parameters", Justification = ShorthandJustification)]
    public virtual Task<CallDetails> GetCallAsync(string callId, CancellationToken cancellationToken = default)
        => GetCallAsync(new GetCallRequest(callId), cancellationToken);

    /// <summary>Gets the user's call history: up to 20 records per type (placed, missed, received).</summary>
    /// <param name="request">The type of records asked for, and the request's TrackingID if any.</param>
    /// <param name="cancellationToken">Cancels the operation, including any wait for a retry.</param>
    /// <returns>The records, as Webex orders them.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="request"/> is <see langword="null"/>.</exception>
    /// <exception cref="CallControlApiException">Webex answered with an error status.</exception>
    /// <exception cref="CallControlException">Transport failure, timeout, or an answer that could not be read.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("ApiDesign", "RS0026:Do not add multiple public overloads with optional parameters", Justification = ShorthandJustification)]
    public virtual Task<IReadOnlyList<CallHistoryRecord>> GetCallHistoryAsync(CallHistoryRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var type = request.Type is { } wanted ? WireNames.Of(wanted) : null;
        return Executor.ExecuteAsync(_transport!, ApiRequest.Query(Operation.GetCallHistory, request.TrackingId, type), AnswerReaders.History, cancellationToken);
    }

    /// <summary>Gets the user's call history: <c>GetCallHistoryAsync(new CallHistoryRequest(type))</c>.</summary>
    /// <param name="type">Only records of this type, or <see langword="null"/> for every type.</param>
    /// <param name="cancellationToken">Cancels the operation, including any wait for a retry.</param>
    /// <returns>The records, as Webex orders them.</returns>
    /// <exception cref="CallControlRequestValidationException"><paramref name="type"/> is <see cref="CallHistoryType.Unknown"/> or undefined; nothing is sent.</exception>
    /// <exception cref="CallControlApiException">Webex answered with an error status.</exception>
    /// <exception cref="CallControlException">Transport failure, timeout, or an answer that could not be read.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("ApiDesign", "RS0026:Do not add multiple public overloads with optional parameters", Justification = ShorthandJustification)]
    public virtual Task<IReadOnlyList<CallHistoryRecord>> GetCallHistoryAsync(CallHistoryType? type = null, CancellationToken cancellationToken = default)
        => GetCallHistoryAsync(new CallHistoryRequest(type), cancellationToken);
}
