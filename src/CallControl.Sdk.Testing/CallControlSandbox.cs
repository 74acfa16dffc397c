using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace CallControl.Sdk.Testing;

/// <summary>
/// An in-process Webex Call Control simulator over real HTTP on loopback: it keeps the calls, parked calls and call
/// history of one user, supports every Call Control endpoint with consistent state (dial adds a call, hangup removes
/// it, hold and resume change it, divert removes it, list and details show it all), answers with the documented error body and a <c>TrackingID</c> header, can
/// inject faults (429/423/5xx with Retry-After, delays, dropped connections, a rate limit) and records every request.
/// </summary>
/// <remarks>
/// Built on ASP.NET Core (Kestrel) rather than a mock server because it is stateful and must be able to drop a
/// connection after reading a request, which is what makes a command's outcome unknown.
/// </remarks>
public sealed partial class CallControlSandbox : IAsyncDisposable, IDisposable
{
    private const string Prefix = "/v1/telephony/calls";
    private readonly object _gate = new();
    private readonly List<SandboxCall> _calls = [];
    private readonly CallControlSandboxOptions _options;
    private readonly WebApplication _app;

    private CallControlSandbox(CallControlSandboxOptions options, WebApplication app, Uri baseAddress)
    {
        _options = options;
        _app = app;
        BaseAddress = baseAddress;
    }

    /// <summary>Gets the base address to give the client, such as <c>http://127.0.0.1:5123/v1/</c>.</summary>
    public Uri BaseAddress { get; }

    /// <summary>Gets the access token the sandbox accepts.</summary>
    public string AccessToken => _options.AccessToken;

    /// <summary>Gets a snapshot of the user's calls.</summary>
    public IReadOnlyList<SandboxCall> Calls
    {
        get
        {
            lock (_gate)
            {
                return [.. _calls];
            }
        }
    }

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
        builder.WebHost.UseKestrelCore().ConfigureKestrel(k => k.Listen(IPAddress.Loopback, options.Port));
        var app = builder.Build();
        CallControlSandbox? sandbox = null;
        app.Run(context => sandbox!.HandleAsync(context));
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        var address = app.Services.GetService(typeof(IServer)) is IServer server
            ? server.Features.Get<IServerAddressesFeature>()!.Addresses.First()
            : throw new InvalidOperationException("Kestrel did not start.");
        sandbox = new CallControlSandbox(options, app, new Uri(address.TrimEnd('/') + "/v1/"));
        sandbox._lastRefill = options.TimeProvider.GetUtcNow();
        return sandbox;
    }

    /// <summary>Creates options for a <see cref="CallControlClient"/> pointed at this sandbox with its token.</summary>
    /// <returns>New options; change them as you like before creating the client.</returns>
    public CallControlClientOptions CreateClientOptions() => new() { AccessToken = AccessToken, BaseAddress = BaseAddress };

    /// <summary>Creates a client pointed at this sandbox.</summary>
    /// <param name="configure">Optional changes to the options.</param>
    /// <returns>The client; dispose it when done.</returns>
    public CallControlClient CreateClient(Action<CallControlClientOptions>? configure = null)
    {
        var options = CreateClientOptions();
        configure?.Invoke(options);
        return new CallControlClient(options);
    }

    /// <summary>Adds a connected (answered) call.</summary>
    /// <param name="remoteParty">The other party.</param>
    /// <param name="direction">Whether the user placed or received it.</param>
    /// <returns>The call.</returns>
    public SandboxCall AddConnectedCall(string remoteParty = "+14085550100", SandboxCallDirection direction = SandboxCallDirection.Incoming)
        => Add(remoteParty, direction, SandboxCallState.Connected);

    /// <summary>Adds a connected call that is on hold (as the first call of a consultative transfer usually is).</summary>
    /// <param name="remoteParty">The other party.</param>
    /// <returns>The call.</returns>
    public SandboxCall AddHeldCall(string remoteParty = "+14085550101")
        => Add(remoteParty, SandboxCallDirection.Incoming, SandboxCallState.Held);

    /// <summary>Adds an incoming call that is still ringing (cannot be transferred, only diverted).</summary>
    /// <param name="remoteParty">The caller.</param>
    /// <returns>The call.</returns>
    public SandboxCall AddIncomingUnansweredCall(string remoteParty = "+14085550102")
        => Add(remoteParty, SandboxCallDirection.Incoming, SandboxCallState.Alerting);

    /// <summary>Removes every call, queued fault and recorded request, and turns the rate limit off.</summary>
    public void Reset()
    {
        lock (_gate)
        {
            _calls.Clear();
            _parked.Clear();
            _ringingElsewhere.Clear();
            _history.Clear();
            _requests.Clear();
            _webhooks.Clear();
            _deliveryFaults.Clear();
            _faults.Clear();
            _ratePerSecond = 0;
            _rateLimited = 0;
        }
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
        _outbox.Writer.TryComplete();
        if (_deliveryLoop is { } loop)
        {
            await loop.WaitAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        _sender.Dispose();
    }

    /// <inheritdoc/>
    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    private SandboxCall Add(string remoteParty, SandboxCallDirection direction, SandboxCallState state)
    {
        var call = NewCall(remoteParty, direction, state);
        lock (_gate)
        {
            _calls.Add(call);
        }

        return call;
    }

    private async Task HandleAsync(HttpContext context)
    {
        var receivedAt = _options.TimeProvider.GetUtcNow();
        var request = context.Request;
        string body;
        using (var reader = new StreamReader(request.Body, Encoding.UTF8))
        {
            body = await reader.ReadToEndAsync(context.RequestAborted).ConfigureAwait(false);
        }

        var trackingId = request.Headers["TrackingID"].FirstOrDefault() is { Length: > 0 } sent ? sent : "ROUTER_" + Guid.NewGuid().ToString("N").ToUpperInvariant();
        context.Response.Headers["TrackingID"] = trackingId;
        if (request.Path.Value == TokenPath)
        {
            // The token endpoint is not Call Control: no rate limit or injected faults.
            await AnswerTokenRequestAsync(context, body, receivedAt).ConfigureAwait(false);
            return;
        }

        var fault = NextFault(out var limited);

        try
        {
            if (fault is { Kind: FaultKind.Delay } delay)
            {
                await Task.Delay(delay.Delay, _options.TimeProvider, context.RequestAborted).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
            Record(request, body, 0, receivedAt); // the client gave up while the answer was held
            return;
        }

        // Every request is recorded before anything reaches the client: a test that awaits a call and then looks
        // at Requests must always find it there.
        if (fault is { Kind: FaultKind.Status } failure)
        {
            Record(request, body, (int)failure.Status, receivedAt);
            if (failure.RetryAfter is not null)
            {
                context.Response.Headers.RetryAfter = failure.RetryAfter;
            }

            await WriteErrorAsync(context, (int)failure.Status, limited ? "Too many requests; retry after the Retry-After interval." : $"Injected fault: {(int)failure.Status}.", trackingId).ConfigureAwait(false);
            return;
        }

        var (status, json) = DispatchAndNotify(request.Method, request.Path.Value ?? string.Empty, request.Headers.Authorization.FirstOrDefault(), body, request.Query["type"].FirstOrDefault());
        if (fault is { Kind: FaultKind.Drop })
        {
            // Carried out, never answered: the caller cannot know the outcome.
            Record(request, body, 0, receivedAt);
            context.Abort();
            return;
        }

        Record(request, body, status, receivedAt);
        context.Response.StatusCode = status;
        if (json is not null)
        {
            if (status >= 400)
            {
                await WriteErrorAsync(context, status, json, trackingId).ConfigureAwait(false);
            }
            else
            {
                context.Response.ContentType = "application/json";
                await context.Response.WriteAsync(json, context.RequestAborted).ConfigureAwait(false);
            }
        }
    }

    /// <returns>The status and, for a success, the JSON body; for an error, the error message.</returns>
    private (int Status, string? Json) Dispatch(string method, string path, string? authorization, string body, string? historyType)
    {
        if (!IsValidToken(authorization))
        {
            return (401, "The request requires a valid access token set in the Authorization request header.");
        }

        if (path == WebhooksPath || path.StartsWith(WebhooksPath + "/", StringComparison.Ordinal))
        {
            return WebhooksApi(method, path, body);
        }

        if (!path.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return (404, $"The requested resource '{path}' could not be found.");
        }

        var operation = path[Prefix.Length..].TrimStart('/');
        if (method == "GET")
        {
            return operation switch
            {
                "" => ListCalls(),
                "history" => CallHistory(historyType),
                _ when !operation.Contains('/', StringComparison.Ordinal) => CallDetails(Uri.UnescapeDataString(operation)),
                _ => (404, $"The requested resource '{path}' could not be found."),
            };
        }

        if (method != "POST")
        {
            return (405, $"The {operation} resource does not accept {method}.");
        }

        if (operation == "transfer")
        {
            return Transfer(body);
        }

        if (!Commands.Contains(operation))
        {
            return (404, $"The requested resource '{path}' could not be found.");
        }

        JsonElement root;
        try
        {
            using var document = JsonDocument.Parse(string.IsNullOrEmpty(body) ? "{}" : body);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return (400, "The request body must be a JSON object.");
            }

            root = document.RootElement.Clone();
        }
        catch (JsonException)
        {
            return (400, "The request body is not valid JSON.");
        }

        try
        {
            return Command(operation, root);
        }
        catch (InvalidOperationException)
        {
            return (400, "A field of the request body has the wrong type.");
        }
    }

    private SandboxCall? Find(string id) => _calls.Find(c => c.Id == id);

    private static string? ReadString(JsonElement root, string name)
        => root.TryGetProperty(name, out var value) ? value.ValueKind == JsonValueKind.Null ? null : value.GetString() : null;

    private static async Task WriteErrorAsync(HttpContext context, int status, string message, string trackingId)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("message", message);
            writer.WriteStartArray("errors");
            writer.WriteStartObject();
            writer.WriteString("description", message);
            writer.WriteNumber("errorCode", status * 100);
            writer.WriteEndObject();
            writer.WriteEndArray();
            writer.WriteString("trackingId", trackingId);
            writer.WriteEndObject();
        }

        await context.Response.Body.WriteAsync(buffer.ToArray(), context.RequestAborted).ConfigureAwait(false);
    }

    private static string NewId(string kind)
        => Convert.ToBase64String(Encoding.UTF8.GetBytes($"ciscospark://us/{kind}/{Guid.NewGuid()}")).TrimEnd('=');

    /// <summary>A host lifetime that leaves the console and its signals to the app the sandbox runs in.</summary>
    private sealed class NoConsoleLifetime : IHostLifetime
    {
        public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
