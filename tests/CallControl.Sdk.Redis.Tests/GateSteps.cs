using CallControl.Sdk.Internal;

namespace CallControl.Sdk.Redis.Tests;

/// <summary>Drives a gate's store through the SDK's algorithm, as a client's gate stage does, one step at a time.</summary>
internal static class GateSteps
{
    private static readonly RateLimitPacingOptions Pacing = new();

    internal static ValueTask<RateLimitGateTurn> RequestTurnAsync(this CallControlRateLimitGate gate, TimeSpan maxWait, CancellationToken cancellationToken)
        => RateLimitPacing.TakeTurnAsync(gate, maxWait, Pacing, cancellationToken);

    internal static ValueTask<TimeSpan> GetClosedForAsync(this CallControlRateLimitGate gate, CancellationToken cancellationToken)
        => RateLimitPacing.ClosedForAsync(gate, cancellationToken);

    internal static ValueTask OnRateLimitedAsync(this CallControlRateLimitGate gate, TimeSpan retryAfter, TimeSpan maxClosed, CancellationToken cancellationToken)
        => RateLimitPacing.RateLimitedAsync(gate, retryAfter, maxClosed, Pacing, cancellationToken);

    internal static void OnSuccess(this CallControlRateLimitGate gate) => gate.CountSuccess();
}
