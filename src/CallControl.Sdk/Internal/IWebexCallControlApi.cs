using Refit;

namespace CallControl.Sdk.Internal;

/// <summary>
/// The Webex Call Control REST surface as Refit sees it, one method per route shape; which operation goes through
/// which method is the route table's (<see cref="Operation"/>), checked against these attributes by a test.
/// Internal: callers use <see cref="CallControlClient"/>. Every method returns the raw <see cref="HttpResponseMessage"/>
/// so that one place (<see cref="ErrorMapper"/>) turns error answers into exceptions, with bounded body reads; headers
/// that change per attempt (authorization, tracking id) are parameters so that each attempt builds a fresh request.
/// </summary>
[Headers("Accept: application/json")]
internal interface IWebexCallControlApi
{
    // Transfer, the SDK's busiest command, has a constant path: Refit then builds no URL from a parameter per call.
    [Post("/telephony/calls/transfer")]
    Task<HttpResponseMessage> TransferAsync(
        [Body] HttpContent body,
        [Header("Authorization")] string authorization,
        [Header("TrackingID")] string trackingId,
        [Header("User-Agent")] string userAgent,
        CancellationToken cancellationToken);

    // Every other call command: telephony/calls/{command} with its JSON body, serialized once per operation (ApiRequest) so
    // every attempt sends identical bytes; Operation.Segment names the command.
    [Post("/telephony/calls/{command}")]
    Task<HttpResponseMessage> CommandAsync(
        string command,
        [Body] HttpContent body,
        [Header("Authorization")] string authorization,
        [Header("TrackingID")] string trackingId,
        [Header("User-Agent")] string userAgent,
        CancellationToken cancellationToken);

    [Get("/telephony/calls")]
    Task<HttpResponseMessage> ListCallsAsync(
        [Header("Authorization")] string authorization,
        [Header("TrackingID")] string trackingId,
        [Header("User-Agent")] string userAgent,
        CancellationToken cancellationToken);

    // callId is escaped into one path segment by Refit ('/' becomes %2F).
    [Get("/telephony/calls/{callId}")]
    Task<HttpResponseMessage> GetCallAsync(
        string callId,
        [Header("Authorization")] string authorization,
        [Header("TrackingID")] string trackingId,
        [Header("User-Agent")] string userAgent,
        CancellationToken cancellationToken);

    // A null type is left out of the query string: every type is listed.
    [Get("/telephony/calls/history")]
    Task<HttpResponseMessage> GetCallHistoryAsync(
        [AliasAs("type")] string? type,
        [Header("Authorization")] string authorization,
        [Header("TrackingID")] string trackingId,
        [Header("User-Agent")] string userAgent,
        CancellationToken cancellationToken);

    // Webhooks. The body of a DELETE is empty: it is there so the send guard can follow the command like any other.
    [Post("/webhooks")]
    Task<HttpResponseMessage> CreateWebhookAsync(
        [Body] HttpContent body,
        [Header("Authorization")] string authorization,
        [Header("TrackingID")] string trackingId,
        [Header("User-Agent")] string userAgent,
        CancellationToken cancellationToken);

    // query: max, and the cursor of the next page (from the Link header, checked to point here).
    [Get("/webhooks")]
    Task<HttpResponseMessage> ListWebhooksAsync(
        [Query] IDictionary<string, string> query,
        [Header("Authorization")] string authorization,
        [Header("TrackingID")] string trackingId,
        [Header("User-Agent")] string userAgent,
        CancellationToken cancellationToken);

    [Get("/webhooks/{webhookId}")]
    Task<HttpResponseMessage> GetWebhookAsync(
        string webhookId,
        [Header("Authorization")] string authorization,
        [Header("TrackingID")] string trackingId,
        [Header("User-Agent")] string userAgent,
        CancellationToken cancellationToken);

    [Put("/webhooks/{webhookId}")]
    Task<HttpResponseMessage> UpdateWebhookAsync(
        string webhookId,
        [Body] HttpContent body,
        [Header("Authorization")] string authorization,
        [Header("TrackingID")] string trackingId,
        [Header("User-Agent")] string userAgent,
        CancellationToken cancellationToken);

    [Delete("/webhooks/{webhookId}")]
    Task<HttpResponseMessage> DeleteWebhookAsync(
        string webhookId,
        [Body] HttpContent body,
        [Header("Authorization")] string authorization,
        [Header("TrackingID")] string trackingId,
        [Header("User-Agent")] string userAgent,
        CancellationToken cancellationToken);

    // The Call Controls Members family a Service App uses: the member is in the path, the organization (when not the
    // app's own) in the orgId query parameter (left out when null).
    [Post("/telephony/calls/members/{memberId}/{command}")]
    Task<HttpResponseMessage> MemberCommandAsync(
        string memberId,
        string command,
        [Query] string? orgId,
        [Body] HttpContent body,
        [Header("Authorization")] string authorization,
        [Header("TrackingID")] string trackingId,
        [Header("User-Agent")] string userAgent,
        CancellationToken cancellationToken);

    [Get("/telephony/calls/members/{memberId}/calls")]
    Task<HttpResponseMessage> MemberListCallsAsync(
        string memberId,
        [Query] string? orgId,
        [Header("Authorization")] string authorization,
        [Header("TrackingID")] string trackingId,
        [Header("User-Agent")] string userAgent,
        CancellationToken cancellationToken);

    [Get("/telephony/calls/members/{memberId}/calls/{callId}")]
    Task<HttpResponseMessage> MemberGetCallAsync(
        string memberId,
        string callId,
        [Query] string? orgId,
        [Header("Authorization")] string authorization,
        [Header("TrackingID")] string trackingId,
        [Header("User-Agent")] string userAgent,
        CancellationToken cancellationToken);

    // Conference Controls: the user's one conference. lineOwnerId, when given, is a query parameter of GET and DELETE.
    [Post("/telephony/conference")]
    Task<HttpResponseMessage> StartConferenceAsync(
        [Body] HttpContent body,
        [Header("Authorization")] string authorization,
        [Header("TrackingID")] string trackingId,
        [Header("User-Agent")] string userAgent,
        CancellationToken cancellationToken);

    [Post("/telephony/conference/{command}")]
    Task<HttpResponseMessage> ConferenceCommandAsync(
        string command,
        [Body] HttpContent body,
        [Header("Authorization")] string authorization,
        [Header("TrackingID")] string trackingId,
        [Header("User-Agent")] string userAgent,
        CancellationToken cancellationToken);

    [Get("/telephony/conference")]
    Task<HttpResponseMessage> GetConferenceAsync(
        [Query] string? lineOwnerId,
        [Header("Authorization")] string authorization,
        [Header("TrackingID")] string trackingId,
        [Header("User-Agent")] string userAgent,
        CancellationToken cancellationToken);

    [Delete("/telephony/conference")]
    Task<HttpResponseMessage> ReleaseConferenceAsync(
        [Query] string? lineOwnerId,
        [Body] HttpContent body,
        [Header("Authorization")] string authorization,
        [Header("TrackingID")] string trackingId,
        [Header("User-Agent")] string userAgent,
        CancellationToken cancellationToken);
}
