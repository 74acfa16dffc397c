namespace CallControl.Sdk;

/// <summary>
/// The rate-limit gate a client consults before every attempt, and tells about every answer. Webex limits each token;
/// a gate shared by every request made with one token closes after a 429 until its <c>Retry-After</c> instant, so
/// requests started meanwhile wait instead of each collecting a 429, and may learn the pace the server accepts.
/// </summary>
/// <remarks>
/// <para>
/// The default is an in-process gate per client (<see cref="CreateInProcess"/>). Set
/// <see cref="CallControlClientOptions.RateLimitGate"/> to share one across processes (the <c>CallControl.Sdk.Redis</c>
/// package) or to supply your own.
/// </para>
/// <para>
/// For implementers. The contract is two facts about one token owner: until when the gate is closed (never earlier
/// than any 429 that any user of the gate saw asked for, though at most the <c>maxClosed</c> it was given), and the
/// pace at which an open gate hands out turns. Every member is called concurrently. A gate must never throw from
/// <see cref="RequestTurnAsync"/>, <see cref="OnRateLimitedAsync"/> or <see cref="OnSuccess"/> because of its own
/// faults (a store that is down): it answers from what it knows locally instead, since a call must never fail or wait
/// longer because of the gate. Only the caller's cancellation may end its tasks. One gate instance serves one token
/// owner: a client attaches to it when built (<see cref="OnAttached"/>).
/// </para>
/// </remarks>
public abstract class CallControlRateLimitGate
{
    /// <summary>
    /// Gets whether the gate may hold a call. While <see langword="false"/> (an in-process gate that has never seen a
    /// 429), the client skips <see cref="RequestTurnAsync"/> and sends at once.
    /// </summary>
    /// <value><see langword="true"/> unless the gate knows it is open with no pace.</value>
    public virtual bool MayHold => true;

    /// <summary>Creates the in-process gate every client uses by default.</summary>
    /// <param name="timeProvider">The clock; <see langword="null"/> for <see cref="TimeProvider.System"/>.</param>
    /// <param name="pacing">How a pace is learned from a 429; <see langword="null"/> for the defaults. It is copied.</param>
    /// <returns>A gate that lives in this process only.</returns>
    /// <exception cref="ArgumentException"><paramref name="pacing"/> is invalid; the message names each setting.</exception>
    public static CallControlRateLimitGate CreateInProcess(TimeProvider? timeProvider = null, RateLimitPacingOptions? pacing = null)
    {
        var copy = (pacing ?? new RateLimitPacingOptions()).Clone();
        var problems = new List<string>();
        copy.Validate(problems, static key => key);
        if (problems.Count > 0)
        {
            throw new ArgumentException("The RateLimitPacingOptions are invalid: " + string.Join(" ", problems), nameof(pacing));
        }

        return new Internal.RateLimitGate(timeProvider ?? TimeProvider.System, copy);
    }

    /// <summary>
    /// Asks for a turn to send now. While the gate is closed the answer is the time until it opens
    /// (<see cref="RateLimitGateTurn.Closed"/>; nothing is reserved, ask again then). While it is open and pacing, the
    /// answer is the wait for the next turn, which is reserved for the caller when it is at most
    /// <paramref name="maxWait"/> (a longer wait is returned unreserved, for the caller to fail with).
    /// </summary>
    /// <param name="maxWait">The longest wait the caller accepts.</param>
    /// <param name="cancellationToken">The caller's cancellation.</param>
    /// <returns>The wait; <see cref="TimeSpan.Zero"/> to send at once.</returns>
    public abstract ValueTask<RateLimitGateTurn> RequestTurnAsync(TimeSpan maxWait, CancellationToken cancellationToken);

    /// <summary>Gets how long the gate stays closed from now (after a caller waited a reserved turn, to see whether a 429 closed it meanwhile).</summary>
    /// <param name="cancellationToken">The caller's cancellation.</param>
    /// <returns>The time until the gate opens; <see cref="TimeSpan.Zero"/> when it is open.</returns>
    public abstract ValueTask<TimeSpan> GetClosedForAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Reports a 429 with a positive <c>Retry-After</c>: the gate closes until then, but for at most
    /// <paramref name="maxClosed"/> (so one huge <c>Retry-After</c> cannot close it for days; after that, calls ask the
    /// server again). The latest instant wins.
    /// </summary>
    /// <param name="retryAfter">How long the server asked to wait, from now.</param>
    /// <param name="maxClosed">The longest the gate may stay closed for this answer (<see cref="CallControlRetryOptions.MaxRetryAfter"/>).</param>
    /// <param name="cancellationToken">The caller's cancellation.</param>
    /// <returns>A task that completes once the gate has recorded the answer (or gave up on recording it elsewhere).</returns>
    public abstract ValueTask OnRateLimitedAsync(TimeSpan retryAfter, TimeSpan maxClosed, CancellationToken cancellationToken);

    /// <summary>Reports a 2xx answer: the evidence a pace is learned from. Called on the hot path; must not block.</summary>
    public abstract void OnSuccess();

    /// <summary>
    /// Called once by every client that uses this gate, when the client is built. A gate that needs to know whose
    /// token it limits (to name a shared key) reads <see cref="CallControlRateLimitGateContext.TokenOwnerId"/>; one
    /// that serves one owner only throws <see cref="InvalidOperationException"/> when a second owner attaches.
    /// </summary>
    /// <param name="context">The attaching client's clock, logging and token owner.</param>
    protected internal virtual void OnAttached(CallControlRateLimitGateContext context)
    {
    }
}
