namespace CallControl.Sdk.Internal;

/// <summary>
/// The rate-limit gate's algorithm, the one copy of it: closed until the latest Retry-After instant a 429 named (at
/// most the cap the caller gives), then, with pacing on, a token bucket learned from the window of successes that
/// ended in the 429 (<see cref="RateLimitPacingOptions"/> says how). It computes the next
/// <see cref="RateLimitGateState"/> from what a store holds (<see cref="RateLimitGateSnapshot"/>), and writes it back
/// only if the store still holds what was read; every store, in-process or shared, keeps state and nothing else.
/// </summary>
internal static class RateLimitPacing
{
    /// <summary>The most times one step reads the store again after another writer changed it first.</summary>
    internal const int MaxConflicts = 4;

    /// <summary>The answer when other writers kept changing the state first: ask again in a moment (nothing reserved).</summary>
    internal static readonly RateLimitGateTurn Contended = new(TimeSpan.FromMilliseconds(1), Closed: true, TimeSpan.FromMilliseconds(1));

    /// <summary>
    /// Asks for a turn to send now. While the gate is closed the answer is the time until it opens (nothing reserved).
    /// While it is open and pacing, the answer is the wait for the next turn, reserved when at most <paramref name="maxWait"/>.
    /// </summary>
    internal static ValueTask<RateLimitGateTurn> TakeTurnAsync(CallControlRateLimitGate gate, TimeSpan maxWait, RateLimitPacingOptions pacing, CancellationToken cancellationToken)
        => StepAsync(gate, read => Turn(read, maxWait, pacing), Contended, cancellationToken);

    /// <summary>How long the gate stays closed from now; zero when open.</summary>
    internal static async ValueTask<TimeSpan> ClosedForAsync(CallControlRateLimitGate gate, CancellationToken cancellationToken)
        => ClosedFor(await gate.ReadAsync(cancellationToken).ConfigureAwait(false));

    /// <summary>A 429 with a positive Retry-After: closes the gate until then, for at most <paramref name="maxClosed"/>.</summary>
    internal static async ValueTask RateLimitedAsync(CallControlRateLimitGate gate, TimeSpan retryAfter, TimeSpan maxClosed, RateLimitPacingOptions pacing, CancellationToken cancellationToken)
        => await StepAsync(gate, read => (true, (PaceFields?)RateLimited(read, retryAfter, maxClosed, pacing)), false, cancellationToken).ConfigureAwait(false);

    /// <summary>
    /// Read, compute, write over the version read; again after a conflict. The first try is optimistic; after a
    /// conflict the caller retries one at a time with the other callers of this process (the gate's step lock), so
    /// what remains is contention between processes, which <see cref="MaxConflicts"/> tries almost always get through.
    /// </summary>
    private static async ValueTask<T> StepAsync<T>(CallControlRateLimitGate gate, Func<RateLimitGateSnapshot, (T Answer, PaceFields? Next)> step, T contended, CancellationToken cancellationToken)
    {
        var serialized = false;
        try
        {
            for (var i = 0; i < MaxConflicts; i++)
            {
                var read = await gate.ReadAsync(cancellationToken).ConfigureAwait(false);
                var (answer, next) = step(read);
                if (next is not { } fields || await gate.TryWriteAsync(read, new RateLimitGateState(fields), cancellationToken).ConfigureAwait(false))
                {
                    return answer;
                }

                if (!serialized)
                {
                    await gate.StepLock.WaitAsync(cancellationToken).ConfigureAwait(false);
                    serialized = true;
                }
            }

            return contended;
        }
        finally
        {
            if (serialized)
            {
                gate.StepLock.Release();
            }
        }
    }

    /// <summary>The turn for a caller starting at <see cref="RateLimitGateSnapshot.Now"/>, and the state to write (null: unchanged).</summary>
    internal static (RateLimitGateTurn Turn, PaceFields? Next) Turn(in RateLimitGateSnapshot read, TimeSpan maxWait, RateLimitPacingOptions pacing)
    {
        if (read.State is not { } state)
        {
            return (RateLimitGateTurn.Go, null);
        }

        var f = state.Fields;
        var now = read.Now.UtcTicks;
        if (f.OpenAt > now)
        {
            return (new RateLimitGateTurn(TimeSpan.FromTicks(f.OpenAt - now), Closed: true, Positive(f.AskedUntil - now)), null);
        }

        var learned = f.StormAt != 0;
        if (learned)
        {
            f = Learn(f, read, pacing);
        }

        if (f.Rate <= 0 || now >= f.Until)
        {
            return (RateLimitGateTurn.Go, learned ? f : null);
        }

        if (pacing.RateIncreasePerSecond > 0 && now - f.RaisedAt >= TimeSpan.TicksPerSecond)
        {
            // A pace learned too low climbs back toward what the server accepts instead of wasting its lifetime.
            f = f with { Rate = f.Rate * (1 + pacing.RateIncreasePerSecond), RaisedAt = now };
        }

        if (now > f.RefilledAt)
        {
            f = f with { Tokens = Math.Min(f.Capacity, f.Tokens + (TimeSpan.FromTicks(now - f.RefilledAt).TotalSeconds * f.Rate)), RefilledAt = now };
        }

        var wait = f.Tokens >= 1 ? TimeSpan.Zero : TimeSpan.FromSeconds((1 - f.Tokens) / f.Rate);
        if (wait <= maxWait)
        {
            f = f with { Tokens = f.Tokens - 1 };
        }

        return (new RateLimitGateTurn(wait, Closed: false, TimeSpan.Zero), f);
    }

    /// <summary>The state after a 429: closed until the latest instant; the first 429 of a storm ends the learning window.</summary>
    internal static PaceFields RateLimited(in RateLimitGateSnapshot read, TimeSpan retryAfter, TimeSpan maxClosed, RateLimitPacingOptions pacing)
    {
        var f = read.State?.Fields ?? default;
        var now = read.Now.UtcTicks;
        var closedFor = maxClosed < retryAfter ? maxClosed : retryAfter;
        var alreadyClosed = f.OpenAt > now;
        f = f with { OpenAt = Math.Max(f.OpenAt, now + closedFor.Ticks), AskedUntil = Math.Max(f.AskedUntil, now + retryAfter.Ticks) };

        // Another request of the same storm (in flight before the gate closed) teaches nothing new.
        return alreadyClosed || !pacing.Enabled
            ? f
            : f with { StormAt = now, StormRetryAfter = retryAfter.Ticks, StormWhilePacing = f.Rate > 0 && now < f.Until };
    }

    /// <summary>How long the gate stays closed from the read's instant; zero when open.</summary>
    internal static TimeSpan ClosedFor(in RateLimitGateSnapshot read)
        => read.State is { } state ? Positive(state.Fields.OpenAt - read.Now.UtcTicks) : TimeSpan.Zero;

    /// <summary>
    /// A shared state after the store's outage, during which a process kept to its <paramref name="local"/> copy: a
    /// closing the process saw meanwhile closes the shared gate too, and windows that begin within
    /// <paramref name="coldFor"/> teach no pace (other processes may still be draining the server's bucket on their own).
    /// </summary>
    internal static PaceFields AfterOutage(in RateLimitGateSnapshot shared, in RateLimitGateSnapshot local, TimeSpan coldFor)
    {
        var f = shared.State?.Fields ?? default;
        var now = shared.Now.UtcTicks;
        if (local.State is { } copy)
        {
            var localNow = local.Now.UtcTicks;
            f = f with
            {
                OpenAt = Math.Max(f.OpenAt, now + Math.Max(0, copy.Fields.OpenAt - localNow)),
                AskedUntil = Math.Max(f.AskedUntil, now + Math.Max(0, copy.Fields.AskedUntil - localNow)),
            };
        }

        return coldFor <= TimeSpan.Zero
            ? f
            : f with { ColdUntil = Math.Max(f.ColdUntil, now + coldFor.Ticks), WindowStart = f.WindowStart != 0 ? f.WindowStart : now };
    }

    /// <summary>Learns the pace at the opening after a storm, from the window of successes that ended in its first 429.</summary>
    private static PaceFields Learn(PaceFields f, in RateLimitGateSnapshot read, RateLimitPacingOptions pacing)
    {
        // Successes answered while the gate was closed were sent before it closed: they belong to the window.
        var successes = Math.Max(0, read.Successes - f.SuccessBase);
        var windowStart = f.WindowStart != 0 ? f.WindowStart : read.FirstSuccessAt?.UtcTicks ?? f.StormAt;
        var retryAfter = TimeSpan.FromTicks(f.StormRetryAfter);
        double rate;
        double capacity;
        if (f.ColdUntil > windowStart)
        {
            rate = 0;
            capacity = 0;
        }
        else if (f.StormWhilePacing)
        {
            // The server's bucket refills at about the pace while the gate is closed: the burst after it is what
            // refills in the Retry-After window (less the margin), never more than the burst learned before.
            rate = f.Rate * pacing.RateBackOffFactor;
            capacity = Math.Max(1, Math.Min(f.Capacity, Math.Floor(rate * retryAfter.TotalSeconds * pacing.BackOffFactor)));
        }
        else if (successes >= pacing.MinSuccessesToLearn && retryAfter > TimeSpan.Zero)
        {
            var before = TimeSpan.FromTicks(Math.Clamp(f.StormAt - windowStart, 0, retryAfter.Ticks));
            rate = pacing.SafetyFactor * successes / (retryAfter + before).TotalSeconds;
            capacity = Math.Floor(successes * pacing.BackOffFactor);
        }
        else
        {
            rate = 0;
            capacity = 0;
        }

        // The server's bucket refilled while the gate was closed: the pace starts full, and the next window begins.
        return f with
        {
            Rate = rate,
            Capacity = capacity,
            Tokens = capacity,
            RefilledAt = f.OpenAt,
            Until = f.OpenAt + pacing.Lifetime.Ticks,
            RaisedAt = f.OpenAt,
            WindowStart = f.OpenAt,
            SuccessBase = read.Successes,
            StormAt = 0,
            StormRetryAfter = 0,
            StormWhilePacing = false,
        };
    }

    private static TimeSpan Positive(long ticks) => ticks > 0 ? TimeSpan.FromTicks(ticks) : TimeSpan.Zero;
}
