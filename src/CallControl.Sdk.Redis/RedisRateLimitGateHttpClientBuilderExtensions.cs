using System.Globalization;
using CallControl.Sdk.Redis;
using Microsoft.Extensions.Configuration;
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

    /// <summary>
    /// As <see cref="AddRedisRateLimitGate(IHttpClientBuilder, Action{RedisRateLimitGateOptions}?, Func{IServiceProvider, IConnectionMultiplexer}?)"/>,
    /// with the settings read from a configuration section such as <c>"Webex:RateLimitGate"</c>: <c>Partition</c>,
    /// <c>KeyPrefix</c>, <c>Database</c>, <c>OperationBudget</c> and <c>RetryInterval</c> (time spans as
    /// <c>hh:mm:ss.fff</c>). Read once, when the gate is built (a restart applies changes); a value that does not parse
    /// or is out of range fails the host's start with a message naming the key.
    /// </summary>
    /// <param name="builder">The builder <c>AddCallControlClient</c> returned.</param>
    /// <param name="configuration">The section, such as <c>configuration.GetSection("Webex:RateLimitGate")</c>.</param>
    /// <returns>The same builder.</returns>
    /// <remarks>The gate uses the registered <see cref="IConnectionMultiplexer"/>.</remarks>
    public static IHttpClientBuilder AddRedisRateLimitGate(this IHttpClientBuilder builder, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return AddRedisRateLimitGate(builder, options => Bind(configuration, options));
    }

    private static void Bind(IConfiguration section, RedisRateLimitGateOptions options)
    {
        var path = section is IConfigurationSection s ? s.Path + ":" : string.Empty;
        var problems = new List<string>();
        if (section["Partition"] is { Length: > 0 } partition)
        {
            options.Partition = partition;
        }

        if (section["KeyPrefix"] is { Length: > 0 } prefix)
        {
            options.KeyPrefix = prefix;
        }

        if (section["Database"] is { Length: > 0 } database)
        {
            if (int.TryParse(database, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number))
            {
                options.Database = number;
            }
            else
            {
                problems.Add($"{path}Database '{database}' is not a whole number.");
            }
        }

        ReadTimeSpan(section, path, "OperationBudget", problems, v => options.OperationBudget = v);
        ReadTimeSpan(section, path, "RetryInterval", problems, v => options.RetryInterval = v);
        try
        {
            options.Clone().Validate();
        }
        catch (ArgumentException ex)
        {
            problems.Add($"{path}: {ex.Message}");
        }

        if (problems.Count > 0)
        {
            throw new ArgumentException("The Redis rate-limit gate's settings are invalid: " + string.Join(" ", problems), nameof(section));
        }
    }

    private static void ReadTimeSpan(IConfiguration section, string path, string key, List<string> problems, Action<TimeSpan> set)
    {
        if (section[key] is not { Length: > 0 } raw)
        {
            return;
        }

        if (TimeSpan.TryParse(raw, CultureInfo.InvariantCulture, out var value))
        {
            set(value);
        }
        else
        {
            problems.Add($"{path}{key} '{raw}' is not a time span (use hh:mm:ss.fff, for example 00:00:00.050).");
        }
    }
}
