namespace CallControl.Sdk;

/// <summary>
/// A Webex Service App's credentials (<see cref="WebexServiceAppTokenProvider"/>): its ids and secret from the Developer
/// Portal, the organization an admin authorized it for, and a token that may ask for its tokens.
/// </summary>
public sealed class WebexServiceAppTokenProviderOptions
{
    /// <summary>Gets or sets the Service App's application id.</summary>
    public string? ApplicationId { get; set; }

    /// <summary>Gets or sets the Service App's client id.</summary>
    public string? ClientId { get; set; }

    /// <summary>Gets or sets the Service App's client secret. Never shown in messages, logs or <see cref="ToString"/>.</summary>
    public string? ClientSecret { get; set; }

    /// <summary>Gets or sets the organization the Service App was authorized for (a partner's customer, or its own).</summary>
    public string? TargetOrgId { get; set; }

    /// <summary>
    /// Gets or sets the token that asks for the Service App's tokens: one with the <c>spark:applications_token</c> scope
    /// (an integration's or another app's). Used once, for the first pair; never shown in messages, logs or <see cref="ToString"/>.
    /// </summary>
    public string? AuthorizingToken { get; set; }

    /// <summary>Gets or sets the Webex API base address (<c>applications/{id}/token</c> and <c>access_token</c> are below it).</summary>
    /// <value>The default value is <c>https://webexapis.com/v1/</c>.</value>
    public Uri BaseAddress { get; set; } = CallControlDefaults.BaseAddress;

    /// <summary>Gets or sets how long before the access token expires it is refreshed.</summary>
    /// <value>The default value is 5 minutes.</value>
    public TimeSpan RefreshMargin { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Gets or sets how long one token request may take.</summary>
    /// <value>The default value is 30 seconds.</value>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Gets or sets where the rotated refresh token and the current access token are kept, and how instances sharing
    /// this credential take turns to refresh it (docs/credentials.md). With dependency injection, a registered
    /// <see cref="CallControlTokenStore"/> is used when this is not set.
    /// </summary>
    /// <value>The default value is null: a new <see cref="InMemoryTokenStore"/> of this provider's own.</value>
    public CallControlTokenStore? TokenStore { get; set; }

    /// <summary>Gets or sets the credential's key in <see cref="TokenStore"/>; providers with one key share its tokens.</summary>
    /// <value>The default value is null: <c>webex-service-app:{ApplicationId}:{TargetOrgId}</c>.</value>
    public string? TokenStoreKey { get; set; }

    /// <summary>Gets or sets the clock of token lifetimes and backoff.</summary>
    /// <value>The default value is <see cref="TimeProvider.System"/>.</value>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>Describes the options without any secret.</summary>
    /// <returns>A description safe to log.</returns>
    public override string ToString()
        => $"ApplicationId = {ApplicationId}, ClientId = {ClientId}, ClientSecret = {(string.IsNullOrEmpty(ClientSecret) ? "(none)" : "(set, redacted)")}, TargetOrgId = {TargetOrgId}, AuthorizingToken = {(string.IsNullOrEmpty(AuthorizingToken) ? "(none)" : "(set, redacted)")}, BaseAddress = {BaseAddress}";

    /// <summary>A copy on another clock (the DI factory gives configured Service Apps the container's TimeProvider).</summary>
    internal WebexServiceAppTokenProviderOptions WithTimeProvider(TimeProvider timeProvider) => new()
    {
        ApplicationId = ApplicationId,
        ClientId = ClientId,
        ClientSecret = ClientSecret,
        TargetOrgId = TargetOrgId,
        AuthorizingToken = AuthorizingToken,
        BaseAddress = BaseAddress,
        RefreshMargin = RefreshMargin,
        RequestTimeout = RequestTimeout,
        TokenStore = TokenStore,
        TokenStoreKey = TokenStoreKey,
        TimeProvider = timeProvider,
    };

    internal void Validate()
    {
        var problems = new List<string>();
        foreach (var (name, value) in new[] { ("ApplicationId", ApplicationId), ("ClientId", ClientId), ("ClientSecret", ClientSecret), ("TargetOrgId", TargetOrgId), ("AuthorizingToken", AuthorizingToken) })
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                problems.Add($"{name} is required.");
            }
        }

        // The id goes into the token endpoint's path: it follows the one id rule.
        var violations = new List<Internal.RequestRules.Violation>();
        Internal.RequestRules.CheckId("ApplicationId", ApplicationId, violations);
        problems.AddRange(violations.Select(v => v.Message));

        WebexRefreshTokenProviderOptions.CheckEndpoint(problems, nameof(BaseAddress), BaseAddress, RefreshMargin, RequestTimeout);

        if (problems.Count > 0)
        {
            throw new ArgumentException("The WebexServiceAppTokenProviderOptions are invalid: " + string.Join(" ", problems), "options");
        }
    }
}
