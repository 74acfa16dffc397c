using CallControl.Sdk.Internal;

namespace CallControl.Sdk;

// Service Apps: one admin token, any member's calls (Call Controls Members).
public partial class CallControlClient
{
    /// <summary>
    /// Gets a view of this client that controls one member's calls through Webex's Call Controls Members paths, as a
    /// Service App (or an admin) does: <c>telephony/calls/members/{memberId}/...</c>, with <c>spark-admin:calls_read</c>
    /// and <c>spark-admin:calls_write</c>. The user-level operations of this client refuse such a token (Webex answers
    /// 400 "Target user not authorized"). The view shares everything with this client; make one per member as needed.
    /// </summary>
    /// <param name="memberId">The member: a person, workspace or virtual line id.</param>
    /// <param name="orgId">The member's organization when it is not the Service App's own (a partner's customer); <see langword="null"/> for the app's own.</param>
    /// <returns>The member's view.</returns>
    /// <exception cref="CallControlRequestValidationException">An id breaks the id rule.</exception>
    public CallControlMemberClient ForMember(string memberId, string? orgId = null)
    {
        RequestRules.RequireId(memberId, "memberId", "it names the member whose calls are controlled", "forMember");
        if (orgId is not null)
        {
            RequestRules.RequireId(orgId, "orgId", "it names the member's organization", "forMember");
        }

        return new CallControlMemberClient(this, memberId, orgId);
    }

    /// <summary>Sends a member operation through this client's pipeline.</summary>
    internal Task<TResult> SendMemberAsync<TResult>(ApiRequest request, AnswerReader<TResult> reader, CancellationToken cancellationToken)
        => Executor.ExecuteAsync(_transport!, request, reader, cancellationToken);
}
