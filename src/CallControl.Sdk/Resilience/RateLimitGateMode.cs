namespace CallControl.Sdk;

/// <summary>Whether a <see cref="CallControlRateLimitGate"/> is shared with other processes now.</summary>
public enum RateLimitGateMode
{
    /// <summary>The gate lives in this process only (the default gate): nothing to share.</summary>
    InProcess = 0,

    /// <summary>The gate is shared through its store (Redis answers).</summary>
    Shared = 1,

    /// <summary>The gate is meant to be shared, but its store is away: this process keeps to its own copy until it answers again.</summary>
    Fallback = 2,
}
