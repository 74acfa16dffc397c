using CallControl.Sdk.Internal;

namespace CallControl.Sdk;

// The queries. They are GETs, so unlike commands they are retried after 500/502/504, lost connections and attempt
// timeouts (Retry.QueryAttemptTimeout), within the operation's Timeout.
public partial class CallControlClient
{
    /// <summary>Lists the user's active calls, with the ids every command needs.</summary>
    /// <param name="cancellationToken">Cancels the operation, including any wait for a retry.</param>
    /// <returns>The calls (empty when the user has none).</returns>
    /// <exception cref="CallControlApiException">Webex answered with an error status (after retries for 429, 423, 503 and 5xx).</exception>
    /// <exception cref="CallControlException">Transport failure, timeout, or an answer that could not be read.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public virtual Task<IReadOnlyList<CallDetails>> ListCallsAsync(CancellationToken cancellationToken = default)
        => Executor.ExecuteAsync(_transport!, ApiRequest.Query(Operation.ListCalls, null), AnswerReaders.Calls, cancellationToken);

    /// <summary>Gets the details of one of the user's active calls.</summary>
    /// <param name="callId">The call.</param>
    /// <param name="cancellationToken">Cancels the operation, including any wait for a retry.</param>
    /// <returns>The call's details.</returns>
    /// <exception cref="CallControlRequestValidationException"><paramref name="callId"/> is null, empty, too long or has control characters; nothing is sent.</exception>
    /// <exception cref="CallControlApiException">Webex answered with an error status: 404 when the call ended or is not the user's.</exception>
    /// <exception cref="CallControlException">Transport failure, timeout, or an answer that could not be read.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public virtual Task<CallDetails> GetCallAsync(string callId, CancellationToken cancellationToken = default)
    {
        var violations = new List<RequestRules.Violation>(1);
        RequestRules.CheckRequiredId("callId", callId, "it names the call to read", violations);
        RequestRules.ThrowIfAny("getCall", violations);
        return Executor.ExecuteAsync(_transport!, ApiRequest.Query(Operation.GetCall, null, callId), AnswerReaders.Call, cancellationToken);
    }

    /// <summary>Gets the user's call history: up to 20 records per type (placed, missed, received).</summary>
    /// <param name="type">Only records of this type, or <see langword="null"/> for every type.</param>
    /// <param name="cancellationToken">Cancels the operation, including any wait for a retry.</param>
    /// <returns>The records, as Webex orders them.</returns>
    /// <exception cref="CallControlRequestValidationException"><paramref name="type"/> is <see cref="CallHistoryType.Unknown"/> or undefined; nothing is sent.</exception>
    /// <exception cref="CallControlApiException">Webex answered with an error status.</exception>
    /// <exception cref="CallControlException">Transport failure, timeout, or an answer that could not be read.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public virtual Task<IReadOnlyList<CallHistoryRecord>> GetCallHistoryAsync(CallHistoryType? type = null, CancellationToken cancellationToken = default)
    {
        if (type is { } t && (t == CallHistoryType.Unknown || !Enum.IsDefined(t)))
        {
            RequestRules.ThrowIfAny("getCallHistory", [new("type", $"type {t} is not a history type: use Placed, Missed or Received, or null for all.")]);
        }

        return Executor.ExecuteAsync(_transport!, ApiRequest.Query(Operation.GetCallHistory, null, type is { } wanted ? WireNames.Of(wanted) : null), AnswerReaders.History, cancellationToken);
    }
}
