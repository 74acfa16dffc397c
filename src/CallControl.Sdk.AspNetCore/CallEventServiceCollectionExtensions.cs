using CallControl.Sdk.AspNetCore;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers what <c>MapCallEvents</c> needs.</summary>
public static class CallEventServiceCollectionExtensions
{
    /// <summary>
    /// Registers the hosted service that drains every call event endpoint when the app stops (accepted events are
    /// handed to their handlers first, up to each endpoint's drain timeout and the host's shutdown timeout), and the
    /// endpoints' queue health check (<c>callcontrol-events</c>, added to the report by
    /// <c>services.AddHealthChecks().AddCallControlChecks()</c>).
    /// </summary>
    /// <param name="services">The services.</param>
    /// <returns>The services.</returns>
    public static IServiceCollection AddCallEventReceivers(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton<CallEventReceivers>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, CallEventReceivers>(static sp => sp.GetRequiredService<CallEventReceivers>()));

        // Picked up by services.AddHealthChecks().AddCallControlChecks(), by its "callcontrol-" key.
        services.TryAddKeyedSingleton<IHealthCheck>(ReceiverQueueHealthCheck.Name, static (sp, _) => new ReceiverQueueHealthCheck(sp.GetRequiredService<CallEventReceivers>()));
        return services;
    }
}
