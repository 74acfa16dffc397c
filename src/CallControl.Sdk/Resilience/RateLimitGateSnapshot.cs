namespace CallControl.Sdk;

/// <summary>What a rate-limit gate's store holds, as read at one instant (<see cref="CallControlRateLimitGate.ReadAsync"/>).</summary>
/// <param name="State">The state last written (<see cref="CallControlRateLimitGate.TryWriteAsync"/>), or <see langword="null"/> when none was (or it expired).</param>
/// <param name="Version">The version of <paramref name="State"/>: a write succeeds only while the store still holds this version, and makes a new one. 0 when none was written.</param>
/// <param name="Successes">How many 2xx answers were counted (<see cref="CallControlRateLimitGate.CountSuccess"/>), never reset while the state lives.</param>
/// <param name="FirstSuccessAt">When the first of them was counted, on the store's clock; <see langword="null"/> before the first.</param>
/// <param name="Now">The store's clock at the read. Processes sharing a store use its clock, so they agree on every instant even when their own clocks do not.</param>
public readonly record struct RateLimitGateSnapshot(RateLimitGateState? State, long Version, long Successes, DateTimeOffset? FirstSuccessAt, DateTimeOffset Now);
