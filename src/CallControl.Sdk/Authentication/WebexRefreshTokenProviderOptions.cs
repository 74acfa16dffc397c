namespace CallControl.Sdk;

/// <summary>Settings of a <see cref="WebexRefreshTokenProvider"/>: the Webex integration's credentials.</summary>
public sealed class WebexRefreshTokenProviderOptions
{
    /// <summary>Gets or sets the integration's client id.</summary>
    public string? ClientId { get; set; }

    /// <summary>Gets or sets the integration's client secret. Never logged, never in a message or <see cref="ToString"/>.</summary>
    public string? ClientSecret { get; set; }

    /// <summary>Gets or sets the OAuth refresh token. Never logged, never in a message or <see cref="ToString"/>.</summary>
    public string? RefreshToken { get; set; }

    /// <summary>Gets or sets the token endpoint.</summary>
    /// <value>The default value is <c>https://webexapis.com/v1/access_token</c>.</value>
    public Uri TokenEndpoint { get; set; } = new(CallControlDefaults.BaseAddress, "access_token");

    /// <summary>Gets or sets how long before expiry a cached access token is refreshed.</summary>
    /// <value>The default value is 5 minutes.</value>
    public TimeSpan RefreshMargin { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Gets or sets the time budget of one refresh request.</summary>
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
    /// <value>
    /// The default value is null: <c>webex-integration:{ClientId}:{hash}</c>, the hash one-way of the configured
    /// <see cref="RefreshToken"/>, so instances with the same settings share an entry and two users of one integration
    /// never do.
    /// </value>
    public string? TokenStoreKey { get; set; }

    /// <summary>Gets or sets the clock used for expiry.</summary>
    /// <value>The default value is <see cref="TimeProvider.System"/>.</value>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>Describes the options without any secret.</summary>
    /// <returns>A description safe to log.</returns>
    public override string ToString()
        => $"ClientId = {ClientId}, ClientSecret = {(string.IsNullOrEmpty(ClientSecret) ? "(none)" : "(set, redacted)")}, RefreshToken = {(string.IsNullOrEmpty(RefreshToken) ? "(none)" : "(set, redacted)")}, TokenEndpoint = {TokenEndpoint}";

    internal void Validate(bool refreshTokenRequired = true)
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(ClientId))
        {
            problems.Add("ClientId is required.");
        }

        if (string.IsNullOrWhiteSpace(ClientSecret))
        {
            problems.Add("ClientSecret is required.");
        }

        if (refreshTokenRequired && string.IsNullOrWhiteSpace(RefreshToken))
        {
            problems.Add("RefreshToken is required.");
        }

        CheckEndpoint(problems, nameof(TokenEndpoint), TokenEndpoint, RefreshMargin, RequestTimeout);

        if (problems.Count > 0)
        {
            throw new ArgumentException("The WebexRefreshTokenProviderOptions are invalid: " + string.Join(" ", problems), "options");
        }
    }

    /// <summary>The rules every token provider's endpoint and timing follow (this one's and a Service App's).</summary>
    internal static void CheckEndpoint(List<string> problems, string name, Uri? endpoint, TimeSpan refreshMargin, TimeSpan requestTimeout)
    {
        if (endpoint is null || !endpoint.IsAbsoluteUri || (endpoint.Scheme != Uri.UriSchemeHttps && !endpoint.IsLoopback))
        {
            problems.Add($"{name} must be an absolute https URI (http only for loopback).");
        }

        if (refreshMargin < TimeSpan.Zero || requestTimeout <= TimeSpan.Zero)
        {
            problems.Add("RefreshMargin must not be negative and RequestTimeout must be positive.");
        }
    }

    /// <summary>A copy on another clock (the DI factory gives configured integrations the container's TimeProvider).</summary>
    internal WebexRefreshTokenProviderOptions WithTimeProvider(TimeProvider timeProvider) => new()
    {
        ClientId = ClientId,
        ClientSecret = ClientSecret,
        RefreshToken = RefreshToken,
        TokenEndpoint = TokenEndpoint,
        RefreshMargin = RefreshMargin,
        RequestTimeout = RequestTimeout,
        TokenStore = TokenStore,
        TokenStoreKey = TokenStoreKey,
        TimeProvider = timeProvider,
    };
}
