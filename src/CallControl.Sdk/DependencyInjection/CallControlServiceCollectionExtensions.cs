using CallControl.Sdk.Internal;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers <see cref="CallControl.Sdk.CallControlClient"/> with dependency injection and <c>IHttpClientFactory</c>.</summary>
public static class CallControlServiceCollectionExtensions
{
    /// <summary>The name of the <c>HttpClient</c> the client is registered under (for <c>IHttpClientFactory</c> configuration).</summary>
    public const string HttpClientName = "CallControl.Sdk";

    /// <summary>
    /// Registers <see cref="CallControl.Sdk.CallControlClient"/> as a typed <c>HttpClient</c> client. Options are validated
    /// when the host starts (<c>ValidateOnStart</c>); every resolved client shares one retry pipeline, rate-limit gate
    /// and token provider, and the <see cref="ILoggerFactory"/> and <see cref="TimeProvider"/> of the container are used
    /// unless the options set their own.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="configure">Sets the options.</param>
    /// <returns>The HTTP client builder, to add your own handlers.</returns>
    public static IHttpClientBuilder AddCallControlClient(this IServiceCollection services, Action<CallControl.Sdk.CallControlClientOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        services.AddOptions<CallControl.Sdk.CallControlClientOptions>().Configure(configure);
        return AddCore(services);
    }

    /// <summary>
    /// Registers <see cref="CallControl.Sdk.CallControlClient"/> with options read from a configuration section such as
    /// <c>"Webex"</c>: <c>AccessToken</c>, or <c>ClientId</c> + <c>ClientSecret</c> + <c>RefreshToken</c> (an integration,
    /// refreshed automatically at <c>TokenEndpoint</c>, by default <c>{BaseAddress}access_token</c>); <c>BaseAddress</c>, <c>Timeout</c>, and <c>Retry:MaxRetryAttempts</c>,
    /// <c>Retry:MaxRetryAfter</c>, <c>Retry:BaseBackoff</c>, <c>Retry:MaxBackoff</c>, <c>Retry:RetryOnLocked</c>,
    /// <c>Retry:UseSharedRateLimitGate</c>, <c>Retry:QueryAttemptTimeout</c>.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="configuration">The configuration section.</param>
    /// <param name="configure">Optional further changes, applied after the configuration.</param>
    /// <returns>The HTTP client builder, to add your own handlers.</returns>
    public static IHttpClientBuilder AddCallControlClient(this IServiceCollection services, IConfiguration configuration, Action<CallControl.Sdk.CallControlClientOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<CallControl.Sdk.CallControlClientOptions>().Configure(options =>
        {
            OptionsBinder.Bind(configuration, options);
            configure?.Invoke(options);
        });
        return AddCore(services);
    }

    private static IHttpClientBuilder AddCore(IServiceCollection services)
    {
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<CallControl.Sdk.CallControlClientOptions>, OptionsValidator>());

        // The send guard goes innermost in the pipeline, below every handler the host adds (ConfigureHttpClientDefaults
        // included): a command is never resent by a resilience, hedging or other handler. See docs/resilience.md.
        services.TryAddEnumerable(ServiceDescriptor.Singleton<Microsoft.Extensions.Http.IHttpMessageHandlerBuilderFilter, CallControl.Sdk.Http.SendGuardFilter>(static _ => new CallControl.Sdk.Http.SendGuardFilter(HttpClientName)));
        services.AddOptions<CallControl.Sdk.CallControlClientOptions>().ValidateOnStart();
        services.TryAddSingleton(static sp =>
        {
            var configured = sp.GetRequiredService<IOptions<CallControl.Sdk.CallControlClientOptions>>().Value;
            var options = configured.Snapshot();
            options.LoggerFactory ??= sp.GetService<ILoggerFactory>();
            if (ReferenceEquals(options.TimeProvider, TimeProvider.System) && sp.GetService<TimeProvider>() is { } time)
            {
                options.TimeProvider = time;
            }

            return new OperationExecutor(options);
        });

        var builder = services.AddHttpClient(HttpClientName);
        builder.AddTypedClient(static (http, sp) => new CallControl.Sdk.CallControlClient(http, sp.GetRequiredService<OperationExecutor>()));
        return builder
            .ConfigurePrimaryHttpMessageHandler(static () => CallControl.Sdk.CallControlClient.CreatePrimaryHandler())
            .ConfigureHttpClient(static (sp, http) =>
            {
                http.BaseAddress = sp.GetRequiredService<OperationExecutor>().Options.BaseAddress;
                http.Timeout = Timeout.InfiniteTimeSpan; // the operation budget governs, on the injected clock
            });
    }

    /// <summary>ValidateOnStart reports every problem with a message naming the setting (the same rules as the constructors).</summary>
    private sealed class OptionsValidator : IValidateOptions<CallControl.Sdk.CallControlClientOptions>
    {
        public ValidateOptionsResult Validate(string? name, CallControl.Sdk.CallControlClientOptions options)
        {
            var problems = options.BindingProblems.Concat(options.Validate()).ToList();
            return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
        }
    }
}
