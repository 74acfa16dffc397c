namespace CallControl.Sdk;

/// <summary>
/// Where the rate-limit gate of one Webex token keeps its state. Webex limits each token; a gate shared by every
/// request made with one token closes after a 429 until its <c>Retry-After</c> instant, so requests started meanwhile
/// wait instead of each collecting a 429, and it learns the pace the server accepts. The client runs the gate's
/// algorithm; the gate only stores what the algorithm computed.
/// </summary>
/// <remarks>
/// <para>
/// The default is an in-process gate per client (<see cref="CreateInProcess"/>). Set
/// <see cref="CallControlClientOptions.RateLimitGate"/> to share one across processes (the <c>CallControl.Sdk.Redis</c>
/// package) or to supply your own store.
/// </para>
/// <para>
/// For implementers: a store holds one <see cref="RateLimitGateState"/> with a version, and a count of successes.
/// <see cref="ReadAsync"/> returns them with the store's clock; <see cref="TryWriteAsync"/> replaces the state only if
/// the store still holds the version that was read (compare-and-set); <see cref="CountSuccess"/> adds one to the count
/// and keeps the instant of the first. Every member is called concurrently. A store that fails (throws, or is down)
/// never fails a call: the client logs it and sends without the gate, so a store that can answer from a local copy
/// while its backend is away should (as the Redis gate does). One gate serves one token owner: a client attaches to
/// it when built (<see cref="OnAttached"/>). docs/scale-out.md has an example store.
/// </para>
/// </remarks>
public abstract class CallControlRateLimitGate
{
    /// <summary>Gets whether the gate may hold a call; false lets a call skip the store (the in-process gate before its first 429).</summary>
    internal virtual bool MayHold => true;

    /// <summary>
    /// Gets whether the gate is shared with other processes now: health checks report
    /// <see cref="RateLimitGateMode.Fallback"/> as degraded, and the <c>callcontrol.rate_limit.gate.mode</c> gauge shows it.
    /// </summary>
    /// <value>The default value is <see cref="RateLimitGateMode.InProcess"/>; a shared store overrides it.</value>
    public virtual RateLimitGateMode Mode => RateLimitGateMode.InProcess;

    /// <summary>Lets this process's callers retry a step one at a time after a write conflict (<see cref="Internal.RateLimitPacing"/>).</summary>
    internal SemaphoreSlim StepLock { get; } = new(1, 1);

    /// <summary>Creates the in-process gate every client uses by default.</summary>
    /// <param name="timeProvider">The clock; <see langword="null"/> for <see cref="TimeProvider.System"/>.</param>
    /// <returns>A gate that lives in this process only.</returns>
    public static CallControlRateLimitGate CreateInProcess(TimeProvider? timeProvider = null) => new Internal.InProcessRateLimitGate(timeProvider ?? TimeProvider.System);

    /// <summary>Reads what the store holds, with the store's clock.</summary>
    /// <param name="cancellationToken">The caller's cancellation.</param>
    /// <returns>The state, its version, the success count and the store's current instant.</returns>
    protected internal abstract ValueTask<RateLimitGateSnapshot> ReadAsync(CancellationToken cancellationToken);

    /// <summary>Replaces the state with <paramref name="state"/> if the store still holds the version <paramref name="read"/> saw, and gives it a new version.</summary>
    /// <param name="read">What the state was computed from.</param>
    /// <param name="state">The state to keep.</param>
    /// <param name="cancellationToken">The caller's cancellation.</param>
    /// <returns><see langword="true"/> when written; <see langword="false"/> when another writer changed the state first (the client reads again).</returns>
    protected internal abstract ValueTask<bool> TryWriteAsync(RateLimitGateSnapshot read, RateLimitGateState state, CancellationToken cancellationToken);

    /// <summary>Counts a 2xx answer, the evidence a pace is learned from; keeps the instant of the first. Called on the hot path: must not block.</summary>
    protected internal abstract void CountSuccess();

    /// <summary>
    /// Called once by every client that uses this gate, when the client is built. A gate that needs to know whose
    /// token it limits (to name a shared key) reads <see cref="CallControlRateLimitGateContext.TokenOwnerId"/>; one
    /// that serves one owner only throws <see cref="InvalidOperationException"/> when a second owner attaches.
    /// </summary>
    /// <param name="context">The attaching client's clock, logging and token owner.</param>
    protected internal virtual void OnAttached(CallControlRateLimitGateContext context)
    {
    }

    /// <summary>
    /// For a store that kept to a local copy while its backend was away: the shared state to write once the backend
    /// answers again. A closing the local copy saw meanwhile closes the shared gate too, and windows that begin within
    /// <paramref name="coldFor"/> teach no pace, since other processes may still be draining the server's bucket on
    /// their own gates.
    /// </summary>
    /// <param name="shared">What the backend holds now.</param>
    /// <param name="local">What the local copy holds now.</param>
    /// <param name="coldFor">How long new windows teach no pace; <see cref="TimeSpan.Zero"/> after a blip too short to matter.</param>
    /// <returns>The state to write over <paramref name="shared"/> (<see cref="TryWriteAsync"/>'s rule applies).</returns>
    protected static RateLimitGateState MergeAfterOutage(RateLimitGateSnapshot shared, RateLimitGateSnapshot local, TimeSpan coldFor)
        => new(Internal.RateLimitPacing.AfterOutage(shared, local, coldFor));
}
