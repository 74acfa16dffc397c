namespace CallControl.Sdk;

/// <summary>A rate-limit gate's answer to a request for a turn (<see cref="CallControlRateLimitGate.RequestTurnAsync"/>).</summary>
/// <param name="Wait">How long to wait before sending; <see cref="TimeSpan.Zero"/> to send at once.</param>
/// <param name="Closed">
/// <see langword="true"/> when the gate is closed after a 429: nothing was reserved, and the caller asks again once
/// <paramref name="Wait"/> has passed. <see langword="false"/> when <paramref name="Wait"/> is a turn in the pace,
/// reserved for the caller if it was at most the wait the caller accepts.
/// </param>
/// <param name="ServerAskedFor">
/// While closed: how long from now the server asked to wait, which may exceed <paramref name="Wait"/> when the gate's
/// closing was capped. A caller that cannot wait that long fails at once instead of sending into the limit.
/// </param>
public readonly record struct RateLimitGateTurn(TimeSpan Wait, bool Closed, TimeSpan ServerAskedFor)
{
    /// <summary>Gets the answer that lets the caller send at once.</summary>
    public static RateLimitGateTurn Go { get; }
}
