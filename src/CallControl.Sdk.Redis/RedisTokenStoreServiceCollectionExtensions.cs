using CallControl.Sdk;
using CallControl.Sdk.Redis;
using StackExchange.Redis;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers a <see cref="RedisTokenStore"/> for the credentials of every <c>CallControlClient</c> configured in the app.</summary>
public static class RedisTokenStoreServiceCollectionExtensions
{
    /// <summary>
    /// Registers a <see cref="RedisTokenStore"/> as the app's <see cref="CallControlTokenStore"/>: every refresh-token
    /// or Service App credential configured with <c>AddCallControlClient</c> keeps its tokens there, and instances take
    /// turns to refresh (docs/credentials.md).
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="keyPrefix">The prefix of the store's keys.</param>
    /// <param name="connection">Picks the Redis connection; null for the registered <see cref="IConnectionMultiplexer"/>.</param>
    /// <returns>The services.</returns>
    public static IServiceCollection AddRedisTokenStore(this IServiceCollection services, string keyPrefix = "callcontrol:tokens:", Func<IServiceProvider, IConnectionMultiplexer>? connection = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddSingleton<CallControlTokenStore>(sp => new RedisTokenStore(connection?.Invoke(sp) ?? sp.GetRequiredService<IConnectionMultiplexer>(), keyPrefix));
        return services;
    }
}
