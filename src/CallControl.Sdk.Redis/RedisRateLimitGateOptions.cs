using Microsoft.Extensions.Logging;

namespace CallControl.Sdk.Redis;

/// <summary>Settings of a <see cref="RedisRateLimitGate"/>. They are read when the gate is built.</summary>
public sealed class RedisRateLimitGateOptions
{
    /// <summary>
    /// Gets or sets a name for the owner of the token the gate limits, such as <c>"reception-bot"</c>: every process
    /// that uses the same name shares one gate. Required for clients whose tokens come from a
    /// <see cref="CallControlTokenProvider"/>. Never put the token itself here.
    /// </summary>
    /// <value>
    /// The default value is <see langword="null"/>: the key is derived from the client's fixed
    /// <see cref="CallControlClientOptions.AccessToken"/> by a one-way hash (<see cref="CallControlRateLimitGateContext.TokenOwnerId"/>),
    /// so processes with the same token share it and two tokens never do.
    /// </value>
    public string? Partition { get; set; }

    /// <summary>Gets or sets the prefix of the gate's Redis key (<c>{KeyPrefix}name:{Partition}</c> or <c>{KeyPrefix}token:{hash}</c>).</summary>
    /// <value>The default value is <c>callcontrol:gate:</c>.</value>
    public string KeyPrefix { get; set; } = "callcontrol:gate:";

    /// <summary>Gets or sets the Redis database number.</summary>
    /// <value>The default value is -1: the multiplexer's default database.</value>
    public int Database { get; set; } = -1;

    /// <summary>
    /// Gets or sets how long one Redis round trip may take before the gate answers from its in-process copy instead.
    /// A call never waits longer than this because of Redis.
    /// </summary>
    /// <value>The default value is 50 milliseconds. The allowed range is 1 millisecond to 5 seconds.</value>
    public TimeSpan OperationBudget { get; set; } = TimeSpan.FromMilliseconds(50);

    /// <summary>
    /// Gets or sets how long after a Redis fault the gate keeps to its in-process copy before it checks (in the
    /// background, never on a call's path) whether Redis answers again.
    /// </summary>
    /// <value>The default value is 1 second. The allowed range is 10 milliseconds to 5 minutes.</value>
    public TimeSpan RetryInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Gets or sets the logger factory for the gate's warnings (one per Redis outage).</summary>
    /// <value>The default value is <see langword="null"/>: the attaching client's <see cref="CallControlClientOptions.LoggerFactory"/>.</value>
    public ILoggerFactory? LoggerFactory { get; set; }

    internal RedisRateLimitGateOptions Clone() => (RedisRateLimitGateOptions)MemberwiseClone();

    internal void Validate()
    {
        var problems = new List<string>();
        if (Partition is not null && (Partition.Length is 0 or > 200 || Partition.Any(char.IsControl)))
        {
            problems.Add("Partition must be 1 to 200 characters without control characters, or null to derive the key from the token.");
        }

        if (string.IsNullOrEmpty(KeyPrefix) || KeyPrefix.Length > 100)
        {
            problems.Add("KeyPrefix must be 1 to 100 characters.");
        }

        if (OperationBudget < TimeSpan.FromMilliseconds(1) || OperationBudget > TimeSpan.FromSeconds(5))
        {
            problems.Add($"OperationBudget must be between 1 ms and 5 s (was {OperationBudget}).");
        }

        if (RetryInterval < TimeSpan.FromMilliseconds(10) || RetryInterval > TimeSpan.FromMinutes(5))
        {
            problems.Add($"RetryInterval must be between 10 ms and 5 minutes (was {RetryInterval}).");
        }

        if (problems.Count > 0)
        {
            throw new ArgumentException("The RedisRateLimitGateOptions are invalid: " + string.Join(" ", problems), "options");
        }
    }
}
