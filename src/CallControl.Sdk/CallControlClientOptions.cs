using CallControl.Sdk.Internal;

namespace CallControl.Sdk;

/// <summary>Settings of a <see cref="CallControlClient"/>. They are copied when the client is built; later changes do not affect it.</summary>
public sealed class CallControlClientOptions
{
    private Uri? _baseAddress;

    /// <summary>
    /// Gets or sets the Webex access token sent as <c>Authorization: Bearer</c>. It needs the
    /// <c>spark:calls_write</c> scope for commands. It never appears in exception messages, logs or <see cref="ToString"/>.
    /// </summary>
    /// <value>Required. The default value is <see langword="null"/>.</value>
    public string? AccessToken { get; set; }

    /// <summary>
    /// Gets or sets a provider asked for the access token before every attempt, instead of a fixed
    /// <see cref="AccessToken"/> (for example <see cref="WebexRefreshTokenProvider"/>). With a provider, a 401 triggers
    /// one refresh and one more attempt.
    /// </summary>
    /// <value>The default value is <see langword="null"/>. Set either this or <see cref="AccessToken"/>.</value>
    public CallControlTokenProvider? TokenProvider { get; set; }

    /// <summary>Gets or sets the logger factory for the SDK's log lines (category <c>CallControl.Sdk</c>; see docs/observability.md).</summary>
    /// <value>The default value is <see langword="null"/>: no logging.</value>
    public Microsoft.Extensions.Logging.ILoggerFactory? LoggerFactory { get; set; }

    /// <summary>Gets or sets the Webex API base address. A value without a trailing slash works too. It must be HTTPS unless it is a loopback address (for tests and the sandbox).</summary>
    /// <value>The default value is <c>https://webexapis.com/v1/</c>.</value>
    public Uri BaseAddress
    {
        get => _baseAddress ?? CallControlDefaults.BaseAddress;
        set => _baseAddress = value;
    }

    /// <summary>
    /// Gets or sets the time budget of one operation, every attempt and wait included. A Retry-After that would end
    /// past the budget fails at once. When it runs out while a command is in flight, the failure has
    /// <see cref="CallControlException.OutcomeUnknown"/> set.
    /// </summary>
    /// <value>The default value is 100 seconds; at most 1 day. <see cref="System.Threading.Timeout.InfiniteTimeSpan"/> turns it off.</value>
    public TimeSpan Timeout { get; set; } = CallControlDefaults.Timeout;

    /// <summary>Gets or sets the retry behaviour for rate limiting and temporary unavailability.</summary>
    public CallControlRetryOptions Retry { get; set; } = new();

    /// <summary>
    /// Gets or sets the store of the rate-limit gate this client consults before every attempt: for example a
    /// <c>RedisRateLimitGate</c> (package <c>CallControl.Sdk.Redis</c>) that processes using the same token share. One
    /// gate serves one token owner; clients built from these options share it. Per-user clients made by
    /// <see cref="ICallControlClientFactory.CreateClient(string, CallControlTokenProvider)"/> get their own in-process gate.
    /// </summary>
    /// <value>The default value is <see langword="null"/>: an in-process gate per client (<see cref="CallControlRateLimitGate.CreateInProcess"/>),
    /// unless <see cref="CallControlRetryOptions.UseSharedRateLimitGate"/> is <see langword="false"/>.</value>
    public CallControlRateLimitGate? RateLimitGate { get; set; }

    /// <summary>Gets or sets the clock used for timeouts, Retry-After dates and waits; tests pass a fake one.</summary>
    /// <value>The default value is <see cref="TimeProvider.System"/>.</value>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>
    /// Gets or sets how long after a command failed <see cref="CallControlClient.ResolveOutcomeAsync"/> reads the calls
    /// at the earliest: a gateway's 502 or 504 can come while Webex is still acting, and a read before it finishes
    /// would see the calls unchanged.
    /// </summary>
    /// <value>The default value is 1 second; 0 to 1 minute (0 for tests against a sandbox, which acts before it answers).</value>
    public TimeSpan OutcomeSettleTime { get; set; } = OutcomeRules.SettleTime;

    /// <summary>
    /// Gets or sets the tracker that receives this client's call events, for <see cref="CallControlClient.ResolveOutcomeAsync"/>:
    /// when reading a call fails, an event of that call from after the failure is evidence too. It can only show
    /// that a command was carried out (events can be lost, so no event never proves that nothing happened).
    /// </summary>
    /// <value>The default value is <see langword="null"/>: the calls are read, nothing else.</value>
    public CallEventTracker? EventTracker { get; set; }

    internal bool BaseAddressWasSet => _baseAddress is not null;

    /// <summary>The configuration section these options were bound from (such as <c>Webex</c>), so messages name its keys.</summary>
    internal string? ConfigurationPath { get; set; }

    /// <summary>An integration's refresh settings read from configuration; the DI factory builds the provider over IHttpClientFactory.</summary>
    internal WebexRefreshTokenProviderOptions? RefreshFromConfiguration { get; set; }

    /// <summary>A Service App's settings read from configuration (<c>ServiceApp:*</c>); the DI factory builds the provider over IHttpClientFactory.</summary>
    internal WebexServiceAppTokenProviderOptions? ServiceAppFromConfiguration { get; set; }

    /// <summary>Configuration values that did not parse (see OptionsBinder); reported by validation.</summary>
    internal List<string> BindingProblems { get; } = [];

    /// <summary>Describes the options without the access token.</summary>
    /// <returns>A description safe to log.</returns>
    public override string ToString()
        => $"BaseAddress = {BaseAddress}, AccessToken = {(string.IsNullOrEmpty(AccessToken) ? "(none)" : "(set, redacted)")}, TokenProvider = {(TokenProvider is null ? "(none)" : TokenProvider.GetType().Name)}, Timeout = {Timeout}, MaxRetryAttempts = {Retry?.MaxRetryAttempts}";

    /// <param name="forDependencyInjection">True when the DI factory builds the refresh provider itself (over IHttpClientFactory).</param>
    internal CallControlClientOptions Snapshot(bool forDependencyInjection = false)
    {
        var problems = Validate();
        if (problems.Count > 0)
        {
            throw new ArgumentException("The CallControlClientOptions are invalid: " + string.Join(" ", problems), "options");
        }

        var copy = (CallControlClientOptions)MemberwiseClone();
        copy.Retry = Retry!.Clone();
        if (copy.RefreshFromConfiguration is { } refresh && copy.TokenProvider is null && !forDependencyInjection)
        {
            copy.TokenProvider = new WebexRefreshTokenProvider(refresh);
        }

        if (copy.ServiceAppFromConfiguration is { } app && copy.TokenProvider is null && !forDependencyInjection)
        {
            copy.TokenProvider = new WebexServiceAppTokenProvider(app);
        }

        return copy;
    }

    /// <summary>A validated copy for one user of a registration: the same settings with that user's tokens.</summary>
    internal CallControlClientOptions ForTokens(CallControlTokenProvider tokens)
    {
        var copy = (CallControlClientOptions)MemberwiseClone();
        copy.AccessToken = null;
        copy.RefreshFromConfiguration = null;
        copy.ServiceAppFromConfiguration = null;
        copy.TokenProvider = tokens;
        // The registration's gate limits the registration's own token; another user's calls must not wait on it.
        copy.RateLimitGate = null;
        return copy;
    }

    /// <summary>The name of a setting as the user wrote it: the configuration key (<c>Webex:Retry:MaxRetryAfter</c>) when bound from configuration.</summary>
    private string Key(string property) => ConfigurationPath is null ? property : ConfigurationPath + ":" + property.Replace('.', ':');

    /// <summary>Every rule about the options, in one place (used by the constructors and by DI's ValidateOnStart), after the values that did not bind.</summary>
    internal List<string> Validate()
    {
        var problems = new List<string>(BindingProblems);
        var hasProvider = TokenProvider is not null || RefreshFromConfiguration is not null || ServiceAppFromConfiguration is not null;
        if (ServiceAppFromConfiguration is not null && (RefreshFromConfiguration is not null || AccessToken is not null))
        {
            problems.Add($"{Key("ServiceApp")} is set together with {(AccessToken is not null ? Key("AccessToken") : Key("RefreshToken"))}: configure one way to get tokens, not two.");
        }
        else if (RefreshFromConfiguration is not null && AccessToken is not null)
        {
            problems.Add($"{Key("AccessToken")} and {Key("RefreshToken")} are both set: configure either an access token or an integration ({Key("ClientId")}, {Key("ClientSecret")}, {Key("RefreshToken")}), not both (look for one of them in another configuration source, such as appsettings.{{Environment}}.json or an environment variable).");
        }
        else if (TokenProvider is not null && AccessToken is not null)
        {
            problems.Add($"Set either {Key("AccessToken")} or TokenProvider, not both.");
        }
        else if (hasProvider)
        {
            // The provider is asked on every attempt.
        }
        else if (string.IsNullOrWhiteSpace(AccessToken))
        {
            problems.Add($"{Key("AccessToken")} is required (or a TokenProvider, or an integration's {Key("ClientId")}, {Key("ClientSecret")} and {Key("RefreshToken")}): set it to a Webex access token with the spark:calls_write scope.");
        }
        else if (Internal.TokenRules.Problem(AccessToken) is { } tokenProblem)
        {
            problems.Add($"{Key("AccessToken")} {tokenProblem}; check how it was copied.");
        }

        if (Internal.UriRules.Problem(BaseAddress) is { } addressProblem)
        {
            problems.Add($"{Key("BaseAddress")}: {addressProblem}.");
        }

        if (OutcomeSettleTime < TimeSpan.Zero || OutcomeSettleTime > TimeSpan.FromMinutes(1))
        {
            problems.Add($"{Key("OutcomeSettleTime")} must be between 0 and 1 minute (was {OutcomeSettleTime}).");
        }

        if (Timeout != System.Threading.Timeout.InfiniteTimeSpan && (Timeout <= TimeSpan.Zero || Timeout > CallControlRetryOptions.Longest))
        {
            problems.Add($"{Key("Timeout")} must be positive and at most 1 day, or Timeout.InfiniteTimeSpan (was {Timeout}).");
        }

        if (TimeProvider is null)
        {
            problems.Add("TimeProvider must not be null.");
        }

        if (Retry is null)
        {
            problems.Add("Retry must not be null.");
        }
        else
        {
            Retry.Validate(problems, Key);
            if (RateLimitGate is not null && !Retry.UseSharedRateLimitGate)
            {
                problems.Add($"RateLimitGate is set but {Key("Retry.UseSharedRateLimitGate")} is false: switch the gate off or set one, not both.");
            }
        }

        return problems;
    }
}
