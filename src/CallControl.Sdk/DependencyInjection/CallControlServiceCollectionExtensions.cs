using CallControl.Sdk;
using CallControl.Sdk.Internal;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// Registers <see cref="CallControlClient"/>s with dependency injection and <c>IHttpClientFactory</c>, by name like
/// the Azure SDK's clients: each name has its own options, token provider, rate-limit gate and HttpClient pipeline.
/// </summary>
public static class CallControlServiceCollectionExtensions
{
    /// <summary>The name of the <c>HttpClient</c> of the unnamed registration (<c>CallControl.Sdk:{name}</c> for a named one).</summary>
    public const string HttpClientName = "CallControl.Sdk";

    /// <summary>
    /// Registers the unnamed <see cref="CallControlClient"/> (resolve it directly, or by
    /// <see cref="ICallControlClientFactory"/> with <c>Options.DefaultName</c>). See
    /// <see cref="AddCallControlClient(IServiceCollection, string, Action{CallControlClientOptions})"/>.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="configure">Sets the options.</param>
    /// <returns>The HTTP client builder, to add your own handlers.</returns>
    public static IHttpClientBuilder AddCallControlClient(this IServiceCollection services, Action<CallControlClientOptions> configure)
        => AddCallControlClient(services, Options.Options.DefaultName, configure);

    /// <summary>
    /// Registers the unnamed <see cref="CallControlClient"/> with options read from a configuration section. See
    /// <see cref="AddCallControlClient(IServiceCollection, string, IConfiguration)"/> for the keys.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="configuration">The configuration section, such as <c>"Webex"</c>.</param>
    /// <param name="configure">Optional further changes, applied after the configuration.</param>
    /// <returns>The HTTP client builder, to add your own handlers.</returns>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("ApiDesign", "RS0027:API with optional parameter(s) should have the most parameters amongst its public overloads", Justification = "The named overloads are fixed by design (name first); no call is ambiguous.")]
    public static IHttpClientBuilder AddCallControlClient(this IServiceCollection services, IConfiguration configuration, Action<CallControlClientOptions>? configure = null)
        => AddCore(services, Options.Options.DefaultName, configuration, configure);

    /// <summary>
    /// Registers a named <see cref="CallControlClient"/>: resolve it with
    /// <c>GetRequiredKeyedService&lt;CallControlClient&gt;(name)</c>, <c>[FromKeyedServices(name)]</c> or
    /// <see cref="ICallControlClientFactory.CreateClient(string)"/>. One client per name (a singleton: resolving it
    /// costs nothing and never grows the heap) with its own options, token provider and rate-limit gate; names never
    /// share settings. Registering the same name twice configures that one name (both configurations apply, in order).
    /// Options are validated when the host starts (<c>ValidateOnStart</c>); the container's <c>ILoggerFactory</c> and
    /// <see cref="TimeProvider"/> are used unless the options set their own.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="name">The name of the client.</param>
    /// <param name="configure">Sets the options.</param>
    /// <returns>The HTTP client builder, to add your own handlers (commands still go out at most once: docs/resilience.md).</returns>
    public static IHttpClientBuilder AddCallControlClient(this IServiceCollection services, string name, Action<CallControlClientOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(configure);
        services.AddOptions<CallControlClientOptions>(name).Configure(configure);
        return AddCore(services, name);
    }

    /// <summary>
    /// Registers a named <see cref="CallControlClient"/> (see
    /// <see cref="AddCallControlClient(IServiceCollection, string, Action{CallControlClientOptions})"/>) with options
    /// read from a configuration section such as <c>"Webex"</c>: <c>AccessToken</c>, or <c>ClientId</c> +
    /// <c>ClientSecret</c> + <c>RefreshToken</c> (an integration, refreshed at <c>TokenEndpoint</c>, by default
    /// <c>{BaseAddress}access_token</c>, through <c>IHttpClientFactory</c>; its tokens kept in the registered
    /// <see cref="CallControlTokenStore"/>, under <c>TokenStoreKey</c> when set), or <c>ServiceApp:ApplicationId</c>,
    /// <c>ClientId</c>, <c>ClientSecret</c>, <c>TargetOrgId</c>, <c>AuthorizingToken</c> (and <c>TokenStoreKey</c>);
    /// <c>BaseAddress</c>, <c>Timeout</c>, and
    /// <c>Retry:MaxRetryAttempts</c>, <c>Retry:MaxRetryAfter</c>, <c>Retry:BaseBackoff</c>, <c>Retry:MaxBackoff</c>,
    /// <c>Retry:RetryOnLocked</c>, <c>Retry:UseSharedRateLimitGate</c>, <c>Retry:QueryAttemptTimeout</c>. When the
    /// configuration reloads, the next call uses the new values; <c>BaseAddress</c> needs a restart (a changed one is
    /// logged and the reload is not applied). Problems name the configuration keys (<c>Webex:AccessToken</c>).
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="name">The name of the client.</param>
    /// <param name="configuration">The configuration section.</param>
    /// <returns>The HTTP client builder, to add your own handlers.</returns>
    public static IHttpClientBuilder AddCallControlClient(this IServiceCollection services, string name, IConfiguration configuration)
        => AddCore(services, name, configuration, null);

    private static IHttpClientBuilder AddCore(IServiceCollection services, string name, IConfiguration configuration, Action<CallControlClientOptions>? configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<CallControlClientOptions>(name).Configure(options =>
        {
            OptionsBinder.Bind(configuration, options);
            configure?.Invoke(options);
        });

        // So that IOptionsMonitor rebuilds the options when the configuration reloads (appsettings.json reloadOnChange).
        services.AddSingleton<IOptionsChangeTokenSource<CallControlClientOptions>>(new ConfigurationChangeSource(name, configuration));
        return AddCore(services, name);
    }

    private static IHttpClientBuilder AddCore(IServiceCollection services, string name)
    {
        var registrations = services.FirstOrDefault(d => d.ServiceType == typeof(CallControlRegistrations))?.ImplementationInstance as CallControlRegistrations;
        if (registrations is null)
        {
            registrations = new CallControlRegistrations();
            services.AddSingleton(registrations);
            services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<CallControlClientOptions>, OptionsValidator>());
            services.TryAddSingleton<ICallControlClientFactory, CallControlClientFactory>();

            // The send guard goes innermost in the SDK's pipelines, below every handler the host adds
            // (ConfigureHttpClientDefaults included): a command is never resent by a resilience, hedging or other
            // handler. See docs/resilience.md.
            services.TryAddEnumerable(ServiceDescriptor.Singleton<Http.IHttpMessageHandlerBuilderFilter, CallControl.Sdk.Http.SendGuardFilter>(
                static sp => new CallControl.Sdk.Http.SendGuardFilter(sp.GetRequiredService<CallControlRegistrations>())));
            services.AddHttpClient(CallControlRegistrations.TokenHttpClientName)
                .RemoveAllLoggers() // the provider logs each refresh itself (events 12, 13), never the form it posts
                .ConfigurePrimaryHttpMessageHandler(static () => CallControlClient.CreatePrimaryHandler())
                .ConfigureHttpClient(static http => http.Timeout = Timeout.InfiniteTimeSpan); // the provider's RequestTimeout governs
        }

        registrations.Add(name);
        services.AddOptions<CallControlClientOptions>(name).ValidateOnStart();
        if (name.Length == 0)
        {
            services.TryAddSingleton(static sp => sp.GetRequiredService<ICallControlClientFactory>().CreateClient(Options.Options.DefaultName));
        }
        else if (!services.Any(d => d.ServiceType == typeof(CallControlClient) && d.IsKeyedService && Equals(d.ServiceKey, name)))
        {
            services.AddKeyedSingleton(name, static (sp, key) => sp.GetRequiredService<ICallControlClientFactory>().CreateClient((string)key!));
        }

        // IHttpClientFactory's own logging writes four Information lines per request (40 a second at 10 calls a second):
        // the SDK logs each attempt at Debug and each failure at Warning with its TrackingID instead. AddDefaultLogger()
        // on the returned builder brings them back.
        return services.AddHttpClient(CallControlRegistrations.HttpClientNameOf(name))
            .RemoveAllLoggers()
            .ConfigurePrimaryHttpMessageHandler(static () => CallControlClient.CreatePrimaryHandler())
            .ConfigureHttpClient((sp, http) =>
            {
                // The operation budget governs, on the injected clock; the base address is validated with the options.
                http.Timeout = Timeout.InfiniteTimeSpan;
                if (sp.GetRequiredService<IOptionsMonitor<CallControlClientOptions>>().Get(name).BaseAddress is { IsAbsoluteUri: true } address)
                {
                    http.BaseAddress = address;
                }
            });
    }

    /// <summary>ValidateOnStart reports every problem with a message naming the setting (the same rules as the constructors).</summary>
    private sealed class OptionsValidator : IValidateOptions<CallControlClientOptions>
    {
        public ValidateOptionsResult Validate(string? name, CallControlClientOptions options)
        {
            var problems = options.Validate();
            return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
        }
    }

    /// <summary>The configuration's reload token, for the named options bound from it.</summary>
    private sealed class ConfigurationChangeSource(string name, IConfiguration configuration) : IOptionsChangeTokenSource<CallControlClientOptions>
    {
        public string Name => name;

        public IChangeToken GetChangeToken() => configuration.GetReloadToken();
    }

    /// <summary>
    /// Configures, with services from the container, the options of the <see cref="CallControlClient"/> whose
    /// <see cref="IHttpClientBuilder"/> <c>AddCallControlClient</c> returned (for example to set a
    /// <see cref="CallControlClientOptions.RateLimitGate"/> built from a registered service). Runs after the
    /// registration's own configuration, and again on every reload of the options.
    /// </summary>
    /// <param name="builder">The builder <c>AddCallControlClient</c> returned.</param>
    /// <param name="configure">Changes the options, given the service provider.</param>
    /// <returns>The same builder.</returns>
    /// <exception cref="ArgumentException"><paramref name="builder"/> is not a builder <c>AddCallControlClient</c> returned.</exception>
    public static IHttpClientBuilder ConfigureCallControlOptions(this IHttpClientBuilder builder, Action<CallControlClientOptions, IServiceProvider> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        var name = CallControlRegistrations.NameOfHttpClient(builder.Name)
            ?? throw new ArgumentException($"The HttpClient '{Text.Printable(builder.Name)}' is not a CallControlClient's: call this on the builder AddCallControlClient returns.", nameof(builder));
        builder.Services.AddOptions<CallControlClientOptions>(name).Configure<IServiceProvider>((options, services) => configure(options, services));
        return builder;
    }
}
