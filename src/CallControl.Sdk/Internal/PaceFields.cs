namespace CallControl.Sdk.Internal;

/// <summary>
/// The fields of <see cref="RateLimitGateState"/>. Instants are UTC ticks on the store's clock (0 = never).
/// </summary>
/// <param name="OpenAt">Closed until this instant (the latest 429's Retry-After, capped).</param>
/// <param name="AskedUntil">The latest instant a server asked for, uncapped.</param>
/// <param name="WindowStart">When the window of successes a pace is learned from began (0: at the first success).</param>
/// <param name="SuccessBase">The success count when that window began.</param>
/// <param name="StormAt">The first 429 of a storm whose lesson waits to be learned at the opening (0: none).</param>
/// <param name="StormRetryAfter">Its Retry-After, in ticks.</param>
/// <param name="StormWhilePacing">Whether it came while a pace was being kept.</param>
/// <param name="ColdUntil">Windows that begin before this instant teach no pace (set after a store's outage).</param>
/// <param name="Rate">The pace in turns per second (0: no pace).</param>
/// <param name="Capacity">The pace's bucket size.</param>
/// <param name="Tokens">Turns in the bucket at <paramref name="RefilledAt"/>.</param>
/// <param name="RefilledAt">When the bucket was last refilled.</param>
/// <param name="Until">When the pace ends.</param>
/// <param name="RaisedAt">When the rate was last raised.</param>
internal readonly record struct PaceFields(
    long OpenAt,
    long AskedUntil,
    long WindowStart,
    long SuccessBase,
    long StormAt,
    long StormRetryAfter,
    bool StormWhilePacing,
    long ColdUntil,
    double Rate,
    double Capacity,
    double Tokens,
    long RefilledAt,
    long Until,
    long RaisedAt);
