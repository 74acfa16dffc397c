using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace CallControl.Sdk.Internal;

/// <summary>
/// The DI side of the SDK: one client per registered name (a singleton, so resolving it never grows the heap),
/// per-user clients that share a registration's connection pool, and reload of the options through
/// <see cref="IOptionsMonitor{TOptions}"/>. Disposed with the service provider, which ends every client it made.
/// </summary>
internal sealed class CallControlClientFactory : ICallControlClientFactory, IDisposable
{
    private readonly IServiceProvider _services;
    private readonly IHttpClientFactory _httpClients;
    private readonly IOptionsMonitor<CallControlClientOptions> _monitor;
    private readonly CallControlRegistrations _registrations;
    private readonly ConcurrentDictionary<string, Lazy<Registration>> _built = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _lifetime = new();
    private readonly IDisposable? _onChange;
    private readonly List<IDisposable> _onSourceChange = [];
    private readonly ILogger _logger;

    public CallControlClientFactory(IServiceProvider services)
    {
        _services = services;
        _httpClients = services.GetRequiredService<IHttpClientFactory>();
        _monitor = services.GetRequiredService<IOptionsMonitor<CallControlClientOptions>>();
        _registrations = services.GetRequiredService<CallControlRegistrations>();
        _logger = services.GetService<ILoggerFactory>()?.CreateLogger(Log.LifecycleCategory) ?? NullLogger.Instance;
        _onChange = _monitor.OnChange(Reload);

        // IOptionsMonitor tells nobody when reloaded settings fail validation (its own Get throws inside the change
        // callback), so the factory watches the same sources and reports such a reload itself.
        var cache = services.GetService<IOptionsMonitorCache<CallControlClientOptions>>();
        foreach (var source in services.GetServices<IOptionsChangeTokenSource<CallControlClientOptions>>())
        {
            var name = source.Name ?? Options.DefaultName;
            _onSourceChange.Add(Microsoft.Extensions.Primitives.ChangeToken.OnChange(source.GetChangeToken, () => CheckReloaded(name, cache)));
        }
    }

    public CallControlClient CreateClient(string name) => Get(name).Client;

    /// <summary>The executor a registration's client runs its next call on (built on first use), for its health checks.</summary>
    internal OperationExecutor CurrentExecutor(string name) => Get(name).Executor.Current;

    public CallControlClient CreateClient(string name, CallControlTokenProvider tokens)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        var registration = Get(name);
        var current = registration.Executor.Current;
        var executor = new OperationExecutor(current.Options.ForTokens(tokens), retry: current.Retry);
        return new CallControlClient(registration.Api, registration.Http, new ExecutorHolder(executor), CancellationTokenSource.CreateLinkedTokenSource(_lifetime.Token), ownedByContainer: false);
    }

    public void Dispose()
    {
        _onChange?.Dispose();
        _onSourceChange.ForEach(static d => d.Dispose());
        if (!_lifetime.IsCancellationRequested)
        {
            _lifetime.Cancel();
        }
    }

    private Registration Get(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        ObjectDisposedException.ThrowIf(_lifetime.IsCancellationRequested, this);
        if (!_registrations.Contains(name))
        {
            throw new InvalidOperationException($"No CallControlClient is registered under the name '{Text.Printable(name)}': call services.AddCallControlClient(\"{Text.Printable(name)}\", ...) first.");
        }

        var lazy = _built.GetOrAdd(name, static (n, self) => new Lazy<Registration>(() => self.Build(n)), this);
        try
        {
            return lazy.Value;
        }
        catch
        {
            // A registration whose options were invalid is built again on the next call (after a fix and a reload).
            _built.TryRemove(new KeyValuePair<string, Lazy<Registration>>(name, lazy));
            throw;
        }
    }

    private Registration Build(string name)
    {
        var executor = CreateExecutor(name, previous: null);
        var http = _httpClients.CreateClient(CallControlRegistrations.HttpClientNameOf(name));
        var api = CallControlClient.CreateApi(http);
        var holder = new ExecutorHolder(executor);
        var client = new CallControlClient(api, http, holder, _lifetime, ownedByContainer: true);
        return new Registration(client, api, http, holder);
    }

    private OperationExecutor CreateExecutor(string name, OperationExecutor? previous)
    {
        var options = _monitor.Get(name).Snapshot(forDependencyInjection: true);
        options.LoggerFactory ??= _services.GetService<ILoggerFactory>();
        if (ReferenceEquals(options.TimeProvider, TimeProvider.System) && _services.GetService<TimeProvider>() is { } time)
        {
            options.TimeProvider = time;
        }

        // A token store registered in the container keeps the rotated tokens of the credentials configured here.
        var store = _services.GetService<CallControlTokenStore>();
        if (options.RefreshFromConfiguration is { } refresh && options.TokenProvider is null)
        {
            refresh.TokenStore ??= store;
            // Keep the provider across reloads of unrelated settings: it holds the rotated refresh token and the cached access token.
            options.TokenProvider = previous?.Options.TokenProvider is WebexRefreshTokenProvider kept && kept.Configured(refresh)
                ? kept
                : new WebexRefreshTokenProvider(refresh.WithTimeProvider(options.TimeProvider), _httpClients.CreateClient(CallControlRegistrations.TokenHttpClientName))
                {
                    Logger = options.LoggerFactory?.CreateLogger(Log.LifecycleCategory),
                };
        }

        if (options.ServiceAppFromConfiguration is { } app && options.TokenProvider is null)
        {
            app.TokenStore ??= store;
            // Kept across reloads of unrelated settings, like the refresh provider: it holds the app's current pair.
            options.TokenProvider = previous?.Options.TokenProvider is WebexServiceAppTokenProvider kept && kept.Configured(app)
                ? kept
                : new WebexServiceAppTokenProvider(app.WithTimeProvider(options.TimeProvider), _httpClients.CreateClient(CallControlRegistrations.TokenHttpClientName))
                {
                    Logger = options.LoggerFactory?.CreateLogger(Log.LifecycleCategory),
                };
        }

        return new OperationExecutor(options, gate: previous?.OwnGate);
    }

    /// <summary>Reads a registration's settings after its source changed; invalid ones are logged (event 11) and never applied.</summary>
    private void CheckReloaded(string name, IOptionsMonitorCache<CallControlClientOptions>? cache)
    {
        if (!_built.TryGetValue(name, out var lazy) || !lazy.IsValueCreated || _lifetime.IsCancellationRequested)
        {
            return;
        }

        try
        {
            cache?.TryRemove(name); // this callback may run before the monitor's own, which clears the cached value
            _ = _monitor.Get(name);
        }
        catch (OptionsValidationException ex)
        {
            Log.ReloadRejected(_logger, name, string.Join(" ", ex.Failures));
        }
    }

    private void Reload(CallControlClientOptions changed, string? name)
    {
        name ??= Options.DefaultName;
        if (!_built.TryGetValue(name, out var lazy) || !lazy.IsValueCreated || _lifetime.IsCancellationRequested)
        {
            return;
        }

        var registration = lazy.Value;
        var current = registration.Executor.Current;
        try
        {
            var next = CreateExecutor(name, current);
            if (!string.Equals(next.Options.BaseAddress.AbsoluteUri, current.Options.BaseAddress.AbsoluteUri, StringComparison.OrdinalIgnoreCase))
            {
                Log.ReloadRejected(_logger, name, "BaseAddress cannot change while the app runs (its HttpClient is built with it); restart to apply it. Nothing else was applied either.");
                return;
            }

            registration.Executor.Swap(next);
            Log.OptionsReloaded(_logger, name);
        }
        catch (ArgumentException ex)
        {
            Log.ReloadRejected(_logger, name, ex.Message);
        }
    }

    private sealed record Registration(CallControlClient Client, IWebexCallControlApi Api, HttpClient Http, ExecutorHolder Executor);
}
