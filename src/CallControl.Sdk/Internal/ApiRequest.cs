using System.Net.Http.Headers;
using System.Text.Json;
using CallControl.Sdk.Http;
using CallControl.Sdk.Internal.Wire;

namespace CallControl.Sdk.Internal;

/// <summary>
/// One operation's request as the pipeline sees it, immutable: the operation, its body serialized once with
/// source-generated metadata (every attempt wraps the same bytes in a fresh <see cref="CommandContent"/>, since a
/// content cannot be sent twice and it records its attempt's passes to the transport), the caller's TrackingID if
/// any, and the route arguments its line of the route table (<see cref="Operation"/>) sends it with.
/// </summary>
internal sealed class ApiRequest
{
    private static readonly MediaTypeHeaderValue Json = new("application/json") { CharSet = "utf-8" };
    private readonly byte[]? _body;

    private ApiRequest(Operation operation, byte[]? body, string? trackingId, string? argument = null, IDictionary<string, string>? query = null, string? secret = null)
    {
        Operation = operation;
        _body = body;
        TrackingId = trackingId;
        Argument = argument;
        QueryString = query;
        Secret = secret;
    }

    internal Operation Operation { get; }

    /// <summary>True for a command: it has a body (empty for a DELETE, still a content so the send guard follows it).</summary>
    internal bool HasBody => _body is not null;

    /// <summary>The caller's TrackingID, or null for one the executor makes up.</summary>
    internal string? TrackingId { get; }

    /// <summary>The id in the path (a call or a webhook) or a query's one parameter (the history type).</summary>
    internal string? Argument { get; }

    /// <summary>A list's query string (max, and a next page's cursor).</summary>
    internal IDictionary<string, string>? QueryString { get; }

    /// <summary>A secret the request carries (a webhook's): redacted from server text too, should the server echo it.</summary>
    internal string? Secret { get; }

    /// <summary>The member a Service App acts for (<c>telephony/calls/members/{memberId}/...</c>), or null for the token's own user.</summary>
    internal string? MemberId { get; private init; }

    /// <summary>The member's organization (the <c>orgId</c> query parameter of a members path), or null for the app's own.</summary>
    internal string? OrgId { get; private init; }

    /// <summary>The caller's request a command was built from, for resolving its outcome; null for queries and webhooks.</summary>
    internal CallControlRequest? Source { get; private init; }

    internal static ApiRequest Transfer(TransferRequest request)
        => new(Operation.Transfer, request.WriteBody(), request.TrackingId) { Source = request };

    /// <summary>Any call command but transfer: a POST to <c>telephony/calls/{operation}</c> with the request's body.</summary>
    internal static ApiRequest Command(Operation operation, CallControlRequest request)
        => new(operation, request.WriteBody(), request.TrackingId) { Source = request };

    internal static ApiRequest Query(Operation operation, string? trackingId, string? argument = null, IDictionary<string, string>? query = null)
        => new(operation, null, trackingId, argument, query);

    /// <summary>A command whose body is empty and whose one argument goes into the query (releasing the conference: <c>DELETE telephony/conference[?lineOwnerId=]</c>).</summary>
    internal static ApiRequest EmptyCommand(Operation operation, CallControlRequest request, string? argument)
        => new(operation, [], request.TrackingId, argument) { Source = request };

    /// <summary>A member's command (a POST under <c>members/{memberId}</c>), its body the user-level one without <c>lineOwnerId</c>.</summary>
    internal static ApiRequest MemberCommand(Operation operation, CallControlRequest request, string memberId, string? orgId)
        => new(operation, request.WriteBody(), request.TrackingId) { Source = request, MemberId = memberId, OrgId = orgId };

    /// <summary>A member's command whose body the caller gives (wrap-up reasons).</summary>
    internal static ApiRequest MemberCommand(Operation operation, byte[] body, string? trackingId, string memberId, string? orgId)
        => new(operation, body, trackingId) { MemberId = memberId, OrgId = orgId };

    /// <summary>A member's query (a GET under <c>members/{memberId}</c>), <paramref name="callId"/> for one call.</summary>
    internal static ApiRequest MemberQuery(Operation operation, string? trackingId, string memberId, string? orgId, string? callId = null)
        => new(operation, null, trackingId, callId) { MemberId = memberId, OrgId = orgId };

    /// <summary>A webhook command: create and update carry a body (and perhaps a secret), delete an empty one.</summary>
    internal static ApiRequest Webhook(Operation operation, string? trackingId, WebhookRequestBody? body, string? webhookId = null)
        => new(operation, body is null ? [] : WebexRequestJsonContext.WriteBody(body, WebexRequestJsonContext.Default.WebhookRequestBody), trackingId, webhookId, secret: body?.Secret);

    /// <summary>A fresh content over the body's bytes for one attempt (no content type when empty); null for a query.</summary>
    internal CommandContent? CreateContent() => _body is null ? null : new(_body, _body.Length == 0 ? null : Json);
}
