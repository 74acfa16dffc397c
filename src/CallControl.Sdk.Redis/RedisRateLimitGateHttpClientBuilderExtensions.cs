using CallControl.Sdk.Redis;
using StackExchange.Redis;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers a <see cref="RedisRateLimitGate"/> for a <c>CallControlClient</c> registered with <c>AddCallControlClient</c>.</summary>
public static class RedisRateLimitGateHttpClientBuilderExtensions
{
    /// <summary>
    /// Makes the registration's client share its rate-limit gate through Redis. One gate per registration (a
    /// singleton, kept across reloads of the options). Per-user clients made by
    /// <c>ICallControlClientFactory.CreateClient(name, tokens)</c> keep in-process gates of their own: give each user a
    /// client with a gate whose <see cref="RedisRateLimitGateOptions.Partition"/> names them, to share theirs.
    /// </summary>
    /// <param name="builder">The builder <c>AddCallControlClient</c> returned.</param>
    /// <param name="configure">Changes the gate's settings; <see langword="null"/> for the defaults.</param>
    /// <param name="connection">Picks the Redis connection from the container; <see langword="null"/> for the registered <see cref="IConnectionMultiplexer"/>.</param>
    /// <returns>The same builder.</returns>
    public static IHttpClientBuilder AddRedisRateLimitGate(this IHttpClientBuilder builder, Action<RedisRateLimitGateOptions>? configure = null, Func<IServiceProvider, IConnectionMultiplexer>? connection = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var key = "CallControl.Sdk.Redis:" + builder.Name;
        builder.Services.AddKeyedSingleton(key, (services, _) =>
        {
            var options = new RedisRateLimitGateOptions();
            configure?.Invoke(options);
            return new RedisRateLimitGate(connection?.Invoke(services) ?? services.GetRequiredService<IConnectionMultiplexer>(), options);
        });
        return builder.ConfigureCallControlOptions((options, services) => options.RateLimitGate = services.GetRequiredKeyedService<RedisRateLimitGate>(key));
    }
}
