using CallControl.Sdk.AspNetCore;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers what <c>MapCallEvents</c> needs.</summary>
public static class CallEventServiceCollectionExtensions
{
    /// <summary>
    /// Registers the hosted service that drains every call event endpoint when the app stops (accepted events are
    /// handed to their handlers first, up to each endpoint's drain timeout and the host's shutdown timeout).
    /// </summary>
    /// <param name="services">The services.</param>
    /// <returns>The services.</returns>
    public static IServiceCollection AddCallEventReceivers(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton<CallEventReceivers>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, CallEventReceivers>(static sp => sp.GetRequiredService<CallEventReceivers>()));
        return services;
    }
}
