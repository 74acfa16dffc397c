using CallControl.Sdk;
using CallControl.Sdk.Internal;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds the health checks of every <see cref="CallControlClient"/> registered with <c>AddCallControlClient</c>.</summary>
public static class CallControlHealthChecksBuilderExtensions
{
    /// <summary>The tag every check added here carries (filter on it in <c>MapHealthChecks</c>).</summary>
    public const string Tag = "callcontrol";

    /// <summary>
    /// Adds, for each registered client (whenever it is registered, before or after this call), a credentials check
    /// (<c>callcontrol-credentials</c>, or <c>callcontrol-credentials:{name}</c> for a named client: healthy, degraded
    /// after failed refreshes, unhealthy when refreshing cannot work, such as <c>invalid_grant</c>) and a rate-limit gate
    /// check (<c>callcontrol-rate-limit-gate[:name]</c>: shared or in-process healthy, a shared gate on its local
    /// fallback degraded); and the SDK's other packages' checks (the call event receiver's queue,
    /// <c>callcontrol-events</c>, from <c>AddCallEventReceivers</c>). See docs/observability.md.
    /// </summary>
    /// <param name="builder">The health checks builder (<c>services.AddHealthChecks()</c>).</param>
    /// <param name="tags">Further tags for every check (<see cref="Tag"/> is always there), such as <c>"ready"</c>. Calling this again adds nothing.</param>
    /// <returns>The same builder.</returns>
    public static IHealthChecksBuilder AddCallControlChecks(this IHealthChecksBuilder builder, params string[] tags)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(tags);
        var allTags = tags.Append(Tag).Distinct(StringComparer.Ordinal).ToArray();
        var services = builder.Services;

        // Read when the health check service is built: every client and receiver registered by then is covered.
        builder.Services.AddOptions<HealthCheckServiceOptions>().Configure<IServiceProvider>((options, provider) =>
        {
            if (provider.GetService<CallControlRegistrations>() is { } registrations)
            {
                foreach (var name in registrations.Names.Order(StringComparer.Ordinal))
                {
                    var suffix = name.Length == 0 ? string.Empty : ":" + name;
                    Add(options, new HealthCheckRegistration("callcontrol-credentials" + suffix, sp => new CredentialsHealthCheck(Factory(sp), name), null, allTags));
                    Add(options, new HealthCheckRegistration("callcontrol-rate-limit-gate" + suffix, sp => new RateLimitGateHealthCheck(Factory(sp), name), null, allTags));
                }
            }

            // The other packages register their checks as keyed IHealthChecks named "callcontrol-…".
            foreach (var key in services.Where(d => d.IsKeyedService && d.ServiceType == typeof(IHealthCheck) && d.ServiceKey is string k && k.StartsWith("callcontrol-", StringComparison.Ordinal))
                .Select(d => (string)d.ServiceKey!).Distinct(StringComparer.Ordinal))
            {
                Add(options, new HealthCheckRegistration(key, sp => sp.GetRequiredKeyedService<IHealthCheck>(key), null, allTags));
            }
        });
        return builder;
    }

    // A second call adds nothing: the health check service refuses two checks of one name.
    private static void Add(HealthCheckServiceOptions options, HealthCheckRegistration registration)
    {
        if (!options.Registrations.Any(r => r.Name == registration.Name))
        {
            options.Registrations.Add(registration);
        }
    }

    private static CallControlClientFactory Factory(IServiceProvider services) => (CallControlClientFactory)services.GetRequiredService<ICallControlClientFactory>();
}
