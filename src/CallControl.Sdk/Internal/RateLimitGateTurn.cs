namespace CallControl.Sdk.Internal;

/// <summary>The gate's answer to a request for a turn (<see cref="RateLimitPacing.TakeTurnAsync"/>).</summary>
/// <param name="Wait">How long to wait before sending; zero to send at once.</param>
/// <param name="Closed">
/// True when the gate is closed after a 429: nothing was reserved, and the caller asks again once <paramref name="Wait"/>
/// has passed. False when <paramref name="Wait"/> is a turn in the pace, reserved for the caller if it was at most the
/// wait the caller accepts.
/// </param>
/// <param name="ServerAskedFor">While closed: how long from now the server asked to wait, which may exceed <paramref name="Wait"/> when the closing was capped.</param>
internal readonly record struct RateLimitGateTurn(TimeSpan Wait, bool Closed, TimeSpan ServerAskedFor)
{
    internal static RateLimitGateTurn Go => default;
}
