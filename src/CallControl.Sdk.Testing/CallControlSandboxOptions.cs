namespace CallControl.Sdk.Testing;

/// <summary>Settings of a <see cref="CallControlSandbox"/>.</summary>
public sealed class CallControlSandboxOptions
{
    /// <summary>Gets or sets the only access token the sandbox accepts; any other answers 401.</summary>
    /// <value>The default value is <c>sandbox-token</c>.</value>
    public string AccessToken { get; set; } = "sandbox-token";

    /// <summary>Gets or sets the port to listen on; 0 picks a free one (read it from <see cref="CallControlSandbox.BaseAddress"/>).</summary>
    /// <value>The default value is 0.</value>
    public int Port { get; set; }

    /// <summary>
    /// Gets or sets the address to listen on. Keep the loopback address unless other machines must reach the sandbox
    /// (a container's <c>0.0.0.0</c>): the sandbox accepts fixed tokens and, with <see cref="EnableControlApi"/>, lets
    /// anyone who reaches it inject faults.
    /// </summary>
    /// <value>The default value is <see cref="System.Net.IPAddress.Loopback"/>.</value>
    public System.Net.IPAddress ListenAddress { get; set; } = System.Net.IPAddress.Loopback;

    /// <summary>
    /// Gets or sets whether the sandbox serves its HTTP control surface under <c>/_sandbox</c> (status, faults, rate
    /// limit, clock, seeded calls, the request log, reset), for tests in another process (docs/sandbox.md). The
    /// <c>callcontrol-sandbox</c> tool turns it on.
    /// </summary>
    /// <value>The default value is <see langword="false"/>.</value>
    public bool EnableControlApi { get; set; }

    /// <summary>Gets or sets the clock used for the rate limit, injected delays and request timestamps.</summary>
    /// <value>The default value is <see cref="TimeProvider.System"/>.</value>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>Gets or sets the integration's client id the token endpoint (<c>POST /v1/access_token</c>) accepts.</summary>
    /// <value>The default value is <c>sandbox-client-id</c>.</value>
    public string ClientId { get; set; } = "sandbox-client-id";

    /// <summary>Gets or sets the integration's client secret the token endpoint accepts.</summary>
    /// <value>The default value is <c>sandbox-client-secret</c>.</value>
    public string ClientSecret { get; set; } = "sandbox-client-secret";

    /// <summary>Gets or sets the first refresh token the token endpoint accepts; each refresh rotates it (the old one stops working).</summary>
    /// <value>The default value is <c>sandbox-refresh-token</c>.</value>
    public string RefreshToken { get; set; } = "sandbox-refresh-token";

    /// <summary>Gets or sets how long an access token issued by the token endpoint is accepted, on <see cref="TimeProvider"/>.</summary>
    /// <value>The default value is 1 hour.</value>
    public TimeSpan AccessTokenLifetime { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// Gets or sets the token of a Service App (or an admin) of the sandbox's organization: accepted on the Call Controls
    /// Members paths (<c>telephony/calls/members/{memberId}/...</c>) and refused on the user's own paths with Webex's
    /// 400 "Target user not authorized"; the user's <see cref="AccessToken"/> is refused on the members paths (403).
    /// </summary>
    /// <value>The default value is <c>sandbox-service-app-token</c>.</value>
    public string ServiceAppToken { get; set; } = "sandbox-service-app-token";

    /// <summary>Gets or sets the member id of the sandbox's user: the one member whose calls the members paths reach (others answer 404).</summary>
    /// <value>The default value is <c>sandbox-member</c>.</value>
    public string MemberId { get; set; } = "sandbox-member";

    /// <summary>Gets or sets the sandbox's organization: an <c>orgId</c> query naming another answers 403.</summary>
    /// <value>The default value is <c>sandbox-org</c>.</value>
    public string OrgId { get; set; } = "sandbox-org";

    /// <summary>Gets or sets the Service App's application id its token endpoint (<c>POST /v1/applications/{id}/token</c>) knows.</summary>
    /// <value>The default value is <c>sandbox-app</c>.</value>
    public string ServiceAppId { get; set; } = "sandbox-app";

    /// <summary>Gets or sets the Service App's client id.</summary>
    /// <value>The default value is <c>sandbox-app-client-id</c>.</value>
    public string ServiceAppClientId { get; set; } = "sandbox-app-client-id";

    /// <summary>Gets or sets the Service App's client secret.</summary>
    /// <value>The default value is <c>sandbox-app-client-secret</c>.</value>
    public string ServiceAppClientSecret { get; set; } = "sandbox-app-client-secret";
}
