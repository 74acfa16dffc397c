using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace CallControl.Sdk.Testing;

/// <summary>
/// An in-process Webex Call Control simulator over real HTTP on loopback: it keeps the calls, parked calls and call
/// history of one user, supports every Call Control endpoint with consistent state (dial adds a call, hangup removes
/// it, hold and resume change it, divert removes it, list and details show it all), answers with the documented error
/// body and a <c>TrackingID</c> header, can inject faults (429/423/5xx with Retry-After, delays, dropped connections, a
/// rate limit), delivers call events to registered webhooks, serves the OAuth token endpoint, and records every request.
/// </summary>
/// <remarks>
/// Built on ASP.NET Core (Kestrel) rather than a mock server because it is stateful and must be able to drop a
/// connection after reading a request, which is what makes a command's outcome unknown. Its parts: the routes
/// (<c>SandboxEndpoints</c>), the calls (<c>SandboxCallStore</c>), the webhooks and their deliveries
/// (<c>SandboxWebhooks</c>), the faults and rate limit (<c>SandboxFaults</c>), the token endpoint
/// (<c>SandboxTokens</c>) and the request log (<c>SandboxRequestLog</c>).
/// </remarks>
public sealed class CallControlSandbox : IAsyncDisposable, IDisposable
{
    /// <summary>The number the sandbox user parks against when no destination is given (and retrieves from by default).</summary>
    public const string SandboxOwnNumber = "1000";

    /// <summary>The call park group member the sandbox parks against for a group park.</summary>
    public const string SandboxGroupParkNumber = "1001";

    /// <summary>Consecutive failed deliveries after which a webhook is set inactive, as Webex does (its threshold is undocumented).</summary>
    public static readonly int FailuresBeforeInactive = 5;

    private readonly CallControlSandboxOptions _options;

    /// <summary>The settings it was started with (the control surface reads its clock).</summary>
    internal CallControlSandboxOptions Options => _options;
    private readonly WebApplication _app;
    private readonly SandboxCallStore _calls;
    private readonly SandboxWebhooks _webhooks;
    private readonly SandboxFaults _faults;
    private readonly SandboxRequestLog _log;
    private readonly SandboxTokens _tokens;
    private readonly SandboxEndpoints _endpoints;

    private CallControlSandbox(CallControlSandboxOptions options, WebApplication app, Uri baseAddress, SandboxCallStore calls, SandboxWebhooks webhooks, SandboxFaults faults, SandboxRequestLog log, SandboxTokens tokens, SandboxEndpoints endpoints)
    {
        _endpoints = endpoints;
        _options = options;
        _app = app;
        BaseAddress = baseAddress;
        _calls = calls;
        _webhooks = webhooks;
        _faults = faults;
        _log = log;
        _tokens = tokens;
    }

    /// <summary>Gets the base address to give the client, such as <c>http://127.0.0.1:5123/v1/</c>.</summary>
    public Uri BaseAddress { get; }

    /// <summary>Gets the access token the sandbox accepts.</summary>
    public string AccessToken => _options.AccessToken;

    /// <summary>Gets the Service App token the members paths accept (<see cref="CallControlSandboxOptions.ServiceAppToken"/>).</summary>
    public string ServiceAppToken => _options.ServiceAppToken;

    /// <summary>Gets the Service App's settings for <see cref="WebexServiceAppTokenProvider"/> against this sandbox (the user's token authorizes it).</summary>
    /// <returns>The options, complete.</returns>
    public WebexServiceAppTokenProviderOptions CreateServiceAppTokenOptions() => new()
    {
        ApplicationId = _options.ServiceAppId,
        ClientId = _options.ServiceAppClientId,
        ClientSecret = _options.ServiceAppClientSecret,
        TargetOrgId = _options.OrgId,
        AuthorizingToken = _options.AccessToken,
        BaseAddress = BaseAddress,
        TimeProvider = _options.TimeProvider,
    };

    /// <summary>Gets the member id of the sandbox's user, for <see cref="CallControlClient.ForMember"/>.</summary>
    public string MemberId => _options.MemberId;

    /// <summary>Gets the sandbox's organization id.</summary>
    public string OrgId => _options.OrgId;

    /// <summary>Gets the wrap-up reasons last set for the member, or an empty list.</summary>
    public IReadOnlyList<string> WrapupReasons => _calls.WrapupReasons;

    /// <summary>Gets a snapshot of the user's calls.</summary>
    public IReadOnlyList<SandboxCall> Calls => _calls.Calls;

    /// <summary>Gets a snapshot of the parked calls, by the number each is parked against.</summary>
    public IReadOnlyDictionary<string, SandboxCall> ParkedCalls => _calls.Parked;

    /// <summary>Gets a snapshot of the user's call history, newest first (at most 20 records per type).</summary>
    public IReadOnlyList<CallHistoryRecord> History => _calls.History;

    /// <summary>Gets the webhooks registered with the sandbox.</summary>
    public IReadOnlyList<SandboxWebhook> Webhooks => _webhooks.Webhooks;

    /// <summary>Gets every delivery sent so far, in the order sent.</summary>
    public IReadOnlyList<SandboxDelivery> Deliveries => _webhooks.Deliveries;

    /// <summary>Gets a snapshot of every request received, in order.</summary>
    public IReadOnlyList<SandboxRequest> Requests => _log.Requests;

    /// <summary>Gets how many requests the rate limit (<see cref="SetRateLimit"/>) answered with 429.</summary>
    public int RateLimitedCount => _faults.RateLimitedCount;

    /// <summary>Gets the integration's client id the token endpoint accepts.</summary>
    public string ClientId => _options.ClientId;

    /// <summary>Gets the integration's client secret the token endpoint accepts.</summary>
    public string ClientSecret => _options.ClientSecret;

    /// <summary>Gets the refresh token the token endpoint accepts now (it rotates with every refresh).</summary>
    public string RefreshToken => _tokens.RefreshToken;

    /// <summary>Gets how many access tokens the token endpoint issued.</summary>
    public int TokenRefreshCount => _tokens.RefreshCount;

    /// <summary>Starts a sandbox on a loopback port.</summary>
    /// <param name="options">Settings, or <see langword="null"/> for the defaults.</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <returns>The running sandbox; dispose it to stop it.</returns>
    public static async Task<CallControlSandbox> StartAsync(CallControlSandboxOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new CallControlSandboxOptions();
        // An empty builder: the sandbox runs inside someone else's process (a test runner, a console app), so it reads
        // no appsettings*.json, no ASPNETCORE_*/DOTNET_* variables and no Kestrel sections of that app, and it does not
        // take over the console's lifetime (Ctrl+C and SIGTERM stay the host app's).
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions
        {
            ApplicationName = typeof(CallControlSandbox).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
            EnvironmentName = "Production",
        });
        builder.Services.AddSingleton<IHostLifetime, NoConsoleLifetime>();
        builder.Services.AddRoutingCore();
        builder.WebHost.UseKestrelCore().ConfigureKestrel(k => k.Listen(options.ListenAddress, options.Port));
        var app = builder.Build();
        var time = options.TimeProvider;
        var (calls, webhooks, faults, log, tokens) = (new SandboxCallStore(time), new SandboxWebhooks(time), new SandboxFaults(time), new SandboxRequestLog(), new SandboxTokens(options));
        var endpoints = new SandboxEndpoints(calls, webhooks, faults, log, tokens, time, options);
        calls.Later = change => endpoints.Change(() =>
        {
            change();
            return 0;
        });
        endpoints.Map(app);
        var control = options.EnableControlApi ? new SandboxControl(app) : null;
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        var address = app.Services.GetService(typeof(IServer)) is IServer server
            ? server.Features.Get<IServerAddressesFeature>()!.Addresses.First()
            : throw new InvalidOperationException("Kestrel did not start.");
        var sandbox = new CallControlSandbox(options, app, new Uri(address.TrimEnd('/') + "/v1/"), calls, webhooks, faults, log, tokens, endpoints);
        control?.Serve(sandbox);
        return sandbox;
    }

    /// <summary>
    /// Creates the configuration an app reads for an integration (<c>AddCallControlClient(configuration.GetSection(section))</c>):
    /// <c>{section}:BaseAddress</c>, <c>ClientId</c>, <c>ClientSecret</c> and the refresh token the sandbox's token
    /// endpoint accepts now, so a test runs the app's own configuration path against the sandbox.
    /// </summary>
    /// <param name="section">The section's path.</param>
    /// <returns>Keys and values for <c>AddInMemoryCollection</c>; add your own before using them.</returns>
    public Dictionary<string, string?> CreateIntegrationSettings(string section = "Webex") => new(StringComparer.OrdinalIgnoreCase)
    {
        [section + ":BaseAddress"] = BaseAddress.AbsoluteUri,
        [section + ":ClientId"] = ClientId,
        [section + ":ClientSecret"] = ClientSecret,
        [section + ":RefreshToken"] = RefreshToken,
    };

    /// <summary>Creates options for a <see cref="CallControlClient"/> pointed at this sandbox with its token.</summary>
    /// <returns>New options; change them as you like before creating the client.</returns>
    public CallControlClientOptions CreateClientOptions() => new() { AccessToken = AccessToken, BaseAddress = BaseAddress };

    /// <summary>Creates a client with the Service App's token, for the members paths (<see cref="CallControlClient.ForMember"/>).</summary>
    /// <param name="configure">Changes to the options, if any.</param>
    /// <returns>A client; dispose it.</returns>
    public CallControlClient CreateServiceAppClient(Action<CallControlClientOptions>? configure = null)
        => CreateClient(o =>
        {
            o.AccessToken = ServiceAppToken;
            configure?.Invoke(o);
        });

    /// <summary>Creates a client pointed at this sandbox.</summary>
    /// <param name="configure">Optional changes to the options.</param>
    /// <returns>The client; dispose it when done.</returns>
    public CallControlClient CreateClient(Action<CallControlClientOptions>? configure = null)
    {
        var options = CreateClientOptions();
        configure?.Invoke(options);
        return new CallControlClient(options);
    }

    /// <summary>Adds a connected (answered) call. Registered webhooks get its event, as for a call that arrives on Webex.</summary>
    /// <param name="remoteParty">The other party.</param>
    /// <param name="direction">Whether the user placed or received it.</param>
    /// <returns>The call.</returns>
    public SandboxCall AddConnectedCall(string remoteParty = "+14085550100", SandboxCallDirection direction = SandboxCallDirection.Incoming)
        => Seed(remoteParty, direction, SandboxCallState.Connected);

    /// <summary>Adds a connected call that is on hold (as the first call of a consultative transfer usually is). Registered webhooks get its event, as for a call that arrives on Webex.</summary>
    /// <param name="remoteParty">The other party.</param>
    /// <returns>The call.</returns>
    public SandboxCall AddHeldCall(string remoteParty = "+14085550101")
        => Seed(remoteParty, SandboxCallDirection.Incoming, SandboxCallState.Held);

    /// <summary>Adds an incoming call that is still ringing (cannot be transferred, only diverted). Registered webhooks get its event, as for a call that arrives on Webex.</summary>
    /// <param name="remoteParty">The caller.</param>
    /// <returns>The call.</returns>
    public SandboxCall AddIncomingUnansweredCall(string remoteParty = "+14085550102")
        => Seed(remoteParty, SandboxCallDirection.Incoming, SandboxCallState.Alerting);

    /// <summary>
    /// Adds a member of the sandbox's organization that the members paths accept, for many-member tests. The sandbox
    /// has one call store: every member sees the sandbox user's calls.
    /// </summary>
    /// <param name="memberId">The member id.</param>
    public void AddMember(string memberId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(memberId);
        _calls.AddMember(memberId);
    }

    /// <summary>Makes calls the user dials to <paramref name="destination"/> alert, then be answered after a delay, never answered, or busy.</summary>
    /// <param name="destination">The destination exactly as <c>dial</c> sends it.</param>
    /// <param name="behavior">How it behaves.</param>
    public void SetDestination(string destination, SandboxDestination behavior)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(destination);
        ArgumentNullException.ThrowIfNull(behavior);
        _calls.SetDestination(destination, behavior);
    }

    /// <summary>Adds an incoming call ringing for another user, which <c>pickup</c> can take.</summary>
    /// <param name="target">The user the call rings for (what a pickup names as its target).</param>
    /// <param name="caller">The caller.</param>
    public void AddCallRingingFor(string target, string caller = "+14085550103")
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(target);
        ArgumentException.ThrowIfNullOrWhiteSpace(caller);
        _calls.AddRingingFor(target, caller);
    }

    /// <summary>Answers the next <paramref name="count"/> requests with <paramref name="status"/> and, optionally, a Retry-After in seconds.</summary>
    /// <param name="count">How many requests.</param>
    /// <param name="status">The status, such as 429, 423, 500 or 503.</param>
    /// <param name="retryAfter">The Retry-After header value to send (any text, to test hostile values), or <see langword="null"/> for none.</param>
    public void FailNext(int count, HttpStatusCode status, string? retryAfter = null)
        => _faults.FailNext(count, status, retryAfter);

    /// <summary>Carries out the next <paramref name="count"/> requests, then answers each with <paramref name="status"/>: a 500, 502 or 504 that came after Webex acted, the case <see cref="CallControlException.OutcomeUnknown"/> exists for.</summary>
    /// <param name="count">How many requests.</param>
    /// <param name="status">The status, such as 500, 502 or 504.</param>
    public void FailNextAfterActing(int count, HttpStatusCode status) => _faults.FailNextAfterActing(count, status);

    /// <summary>Carries the next <paramref name="count"/> requests out at once and delays their answers (a client that gives up meanwhile finds them carried out).</summary>
    /// <param name="count">How many requests.</param>
    /// <param name="delay">How long to wait before handling each.</param>
    public void DelayNext(int count, TimeSpan delay)
        => _faults.DelayNext(count, delay);

    /// <summary>Carries out the next <paramref name="count"/> requests, then drops the connection without answering.</summary>
    /// <param name="count">How many requests.</param>
    public void DropNext(int count)
        => _faults.DropNext(count);

    /// <summary>
    /// Limits the sandbox to <paramref name="requestsPerSecond"/> with a token bucket of <paramref name="burst"/>;
    /// a request finding the bucket empty gets 429 with a Retry-After (whole seconds) and is not carried out.
    /// </summary>
    /// <param name="requestsPerSecond">The refill rate; 0 turns the limit off.</param>
    /// <param name="burst">The bucket size.</param>
    public void SetRateLimit(double requestsPerSecond, int burst = 1)
        => _faults.SetRateLimit(requestsPerSecond, burst);

    /// <summary>Makes the next <paramref name="count"/> deliveries go wrong as Webex's sometimes do.</summary>
    /// <param name="fault">What goes wrong.</param>
    /// <param name="count">How many deliveries.</param>
    /// <param name="delay">For <see cref="SandboxDeliveryFault.Delay"/>: how long, on the sandbox's clock.</param>
    public void InjectDeliveryFault(SandboxDeliveryFault fault, int count = 1, TimeSpan? delay = null)
        => _webhooks.InjectDeliveryFault(fault, count, delay ?? TimeSpan.Zero);

    /// <summary>
    /// Removes every call, parked call, call ringing for others, destination behaviour and history record, every webhook and queued delivery
    /// fault, every queued fault and recorded request, and turns the rate limit off. The tokens the OAuth endpoint
    /// issued, and its rotated refresh token, are kept.
    /// </summary>
    public void Reset()
    {
        _calls.Reset();
        _webhooks.Reset();
        _faults.Reset();
        _log.Clear();
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
        await _webhooks.DisposeAsync().ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    /// <summary>A call the test puts in place announces itself to the webhooks, as a call that arrives does on Webex.</summary>
    private SandboxCall Seed(string remoteParty, SandboxCallDirection direction, SandboxCallState state)
        => _endpoints.Change(() => _calls.Add(remoteParty, direction, state));

    /// <summary>A host lifetime that leaves the console and its signals to the app the sandbox runs in.</summary>
    private sealed class NoConsoleLifetime : IHostLifetime
    {
        public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
