using CallControl.Sdk.Internal;
using Microsoft.Extensions.Time.Testing;

namespace CallControl.Sdk.Tests.Resilience;

/// <summary>The shared gate: closed until the Retry-After instant, then paced at what the server showed it accepts.</summary>
[TestFixture]
public sealed class RateLimitGateTests
{
    private static readonly TimeSpan NoLimit = TimeSpan.FromHours(1);
    private static readonly RateLimitPacingOptions Defaults = new();
    private FakeTimeProvider _time = null!;
    private PacedGate _gate = null!;

    [SetUp]
    public void SetUp()
    {
        _time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 27, 8, 0, 0, TimeSpan.Zero));
        _gate = new PacedGate(_time);
    }

    [Test]
    public void NeverLimited_NeverWaits()
    {
        Succeed(100);

        Assert.That(_gate.MayHold, Is.False);
        Assert.That(Reserve(out var closed), Is.EqualTo(TimeSpan.Zero));
        Assert.That(closed, Is.False);
    }

    [Test]
    public void After50SuccessesAndA429_ItWaitsOutTheRetryAfterThenPacesAtTheLearnedRate()
    {
        Succeed(50);                                   // the server's bucket of 50, emptied at once
        _gate.OnRateLimited(_time.GetUtcNow(), TimeSpan.FromSeconds(1));

        Assert.That(Reserve(out var closed), Is.EqualTo(TimeSpan.FromSeconds(1)));
        Assert.That(closed, Is.True, "while closed nothing is reserved");

        _time.Advance(TimeSpan.FromSeconds(1));
        var (rate, capacity) = ReserveAll(out var waits, 60);

        Assert.Multiple(() =>
        {
            Assert.That(rate, Is.EqualTo(0.98 * 50 / 1.0).Within(1e-9), "50 successes over the 1 s window, less 2%");
            Assert.That(capacity, Is.EqualTo(45), "what the server let through at once, less 10%");
            Assert.That(waits.Take(45), Is.All.EqualTo(TimeSpan.Zero), "the bucket refilled while the gate was closed");
            Assert.That(waits[45], Is.EqualTo(TimeSpan.FromSeconds(1 / rate)).Within(TimeSpan.FromTicks(1)));
            Assert.That(waits[59], Is.EqualTo(TimeSpan.FromSeconds(15 / rate)).Within(TimeSpan.FromTicks(1)), "each turn 1/rate after the one before");
        });
    }

    [Test]
    public void SuccessesAnsweredWhileClosed_CountForThePace()
    {
        Succeed(30);
        _gate.OnRateLimited(_time.GetUtcNow(), TimeSpan.FromSeconds(2));
        Succeed(10);                                   // in flight before the gate closed

        _time.Advance(TimeSpan.FromSeconds(2));
        Reserve(out _);

        Assert.That(_gate.Pace.Rate, Is.EqualTo(0.98 * 40 / 2.0).Within(1e-9));
        Assert.That(_gate.Pace.Capacity, Is.EqualTo(36));
    }

    [Test]
    public void TooFewSuccesses_TeachNoPace_TheGateOnlyCloses()
    {
        Succeed(Defaults.MinSuccessesToLearn - 1);
        _gate.OnRateLimited(_time.GetUtcNow(), TimeSpan.FromSeconds(1));
        _time.Advance(TimeSpan.FromSeconds(1));

        var waits = Enumerable.Range(0, 100).Select(_ => Reserve(out var _)).ToList();

        Assert.That(waits, Is.All.EqualTo(TimeSpan.Zero));
        Assert.That(_gate.Pace.Rate, Is.Zero);
    }

    [Test]
    public void FollowersOfTheSameStorm_TeachNothingButExtendTheClosing()
    {
        Succeed(50);
        _gate.OnRateLimited(_time.GetUtcNow(), TimeSpan.FromSeconds(1));
        _time.Advance(TimeSpan.FromMilliseconds(100));
        _gate.OnRateLimited(_time.GetUtcNow(), TimeSpan.FromSeconds(1));   // another request of the same storm

        Assert.That(Reserve(out _), Is.EqualTo(TimeSpan.FromSeconds(1)), "closed until the later instant");
        _time.Advance(TimeSpan.FromSeconds(1));
        Reserve(out _);
        Assert.That(_gate.Pace.Rate, Is.EqualTo(0.98 * 50 / 1.0).Within(1e-9));
    }

    [Test]
    public void A429WhilePacing_SlowsThePace()
    {
        Succeed(50);
        _gate.OnRateLimited(_time.GetUtcNow(), TimeSpan.FromSeconds(1));
        _time.Advance(TimeSpan.FromSeconds(1));
        Reserve(out _);
        var first = _gate.Pace;

        _time.Advance(TimeSpan.FromSeconds(5));
        _gate.OnRateLimited(_time.GetUtcNow(), TimeSpan.FromSeconds(1));
        _time.Advance(TimeSpan.FromSeconds(1));
        Reserve(out _);

        Assert.That(_gate.Pace.Rate, Is.EqualTo(first.Rate * Defaults.RateBackOffFactor).Within(1e-9));
        var slower = first.Rate * Defaults.RateBackOffFactor;
        Assert.That(_gate.Pace.Capacity, Is.EqualTo(Math.Min(first.Capacity, Math.Floor(slower * 1.0 * Defaults.BackOffFactor))), "what refills at the slower rate in the 1 s window, less 10%, never more than before");
    }

    [Test]
    public void ThePace_EndsAfterItsLifetime()
    {
        Succeed(50);
        _gate.OnRateLimited(_time.GetUtcNow(), TimeSpan.FromSeconds(1));
        _time.Advance(TimeSpan.FromSeconds(1) + Defaults.Lifetime);

        var waits = Enumerable.Range(0, 100).Select(_ => Reserve(out var _)).ToList();

        Assert.That(waits, Is.All.EqualTo(TimeSpan.Zero));
    }

    [Test]
    public void ATurnLongerThanTheCallerMayWait_IsNotReserved()
    {
        Succeed(10);
        _gate.OnRateLimited(_time.GetUtcNow(), TimeSpan.FromSeconds(1));
        _time.Advance(TimeSpan.FromSeconds(1));
        ReserveAll(out _, 9);                          // the capacity of 9 is used up

        var refused = _gate.Reserve(_time.GetUtcNow(), TimeSpan.FromMilliseconds(1), out _);
        var granted = _gate.Reserve(_time.GetUtcNow(), NoLimit, out _);

        Assert.That(refused, Is.GreaterThan(TimeSpan.FromMilliseconds(1)));
        Assert.That(granted, Is.EqualTo(refused), "the refused call did not take the turn");
    }

    [Test]
    public void WithPacingOff_ItIsThePlainClosedUntilGate()
    {
        _gate = new PacedGate(_time, new RateLimitPacingOptions { Enabled = false });
        Succeed(50);
        _gate.OnRateLimited(_time.GetUtcNow(), TimeSpan.FromSeconds(1));

        Assert.That(Reserve(out var closed), Is.EqualTo(TimeSpan.FromSeconds(1)));
        Assert.That(closed, Is.True, "it still closes until the Retry-After instant");
        _time.Advance(TimeSpan.FromSeconds(1));
        var waits = Enumerable.Range(0, 100).Select(_ => Reserve(out var _)).ToList();
        Assert.That(waits, Is.All.EqualTo(TimeSpan.Zero), "and then lets everything through");
        Assert.That(_gate.Pace.Rate, Is.Zero);
    }

    [TestCase(0.02)]
    [TestCase(0.0)]
    public void EachSecondOfPacingWithoutA429_RaisesTheRateByTheIncrease(double increase)
    {
        _gate = new PacedGate(_time, new RateLimitPacingOptions { RateIncreasePerSecond = increase });
        Succeed(50);
        _gate.OnRateLimited(_time.GetUtcNow(), TimeSpan.FromSeconds(1));
        _time.Advance(TimeSpan.FromSeconds(1));
        Reserve(out _);
        var learned = _gate.Pace.Rate;

        _time.Advance(TimeSpan.FromMilliseconds(999));
        Reserve(out _);
        Assert.That(_gate.Pace.Rate, Is.EqualTo(learned), "not before a whole second");
        _time.Advance(TimeSpan.FromMilliseconds(1));
        Reserve(out _);
        _time.Advance(TimeSpan.FromSeconds(1));
        Reserve(out _);

        Assert.That(_gate.Pace.Rate, Is.EqualTo(learned * (1 + increase) * (1 + increase)).Within(1e-9));
    }

    [Test]
    public void PacingSettings_AreTheOnesGiven()
    {
        _gate = new PacedGate(_time, new RateLimitPacingOptions { MinSuccessesToLearn = 4, SafetyFactor = 0.5, BackOffFactor = 0.5, Lifetime = TimeSpan.FromSeconds(5) });
        Succeed(4);
        _gate.OnRateLimited(_time.GetUtcNow(), TimeSpan.FromSeconds(1));
        _time.Advance(TimeSpan.FromSeconds(1));
        Reserve(out _);

        Assert.That(_gate.Pace, Is.EqualTo((0.5 * 4 / 1.0, 2.0)));
        _time.Advance(TimeSpan.FromSeconds(5));
        Assert.That(Enumerable.Range(0, 10).Select(_ => Reserve(out var _)), Is.All.EqualTo(TimeSpan.Zero), "the pace lasted its Lifetime of 5 s");
    }

    [Test]
    public async Task TheContract_ReportsWhatTheServerAskedFor_WhenTheClosingIsCapped()
    {
        await _gate.OnRateLimitedAsync(TimeSpan.FromSeconds(30), maxClosed: TimeSpan.FromSeconds(10), CancellationToken.None);

        var turn = await _gate.RequestTurnAsync(NoLimit, CancellationToken.None);

        Assert.That(turn, Is.EqualTo(new RateLimitGateTurn(TimeSpan.FromSeconds(10), Closed: true, ServerAskedFor: TimeSpan.FromSeconds(30))));
        Assert.That(await _gate.GetClosedForAsync(CancellationToken.None), Is.EqualTo(TimeSpan.FromSeconds(10)));
        _time.Advance(TimeSpan.FromSeconds(10));
        Assert.That(await _gate.RequestTurnAsync(NoLimit, CancellationToken.None), Is.EqualTo(RateLimitGateTurn.Go));
    }

    [Test]
    public void TheState_AStoreKeepsAsText_ReadsBackTheSame()
    {
        Succeed(50);
        _gate.OnRateLimited(_time.GetUtcNow(), TimeSpan.FromSeconds(1));
        _time.Advance(TimeSpan.FromSeconds(1));
        ReserveAll(out _, 50);                         // past the capacity of 45: turns reserved ahead, the bucket below zero
        var state = _gate.Store.Read().State!;
        Assert.That(state.Fields.Tokens, Is.Negative);

        var text = state.ToString();
        var back = RateLimitGateState.Parse(text)!;

        Assert.That(back.Fields, Is.EqualTo(state.Fields));
        Assert.That(back.ToString(), Is.EqualTo(text));
        Assert.That(back.ClosedUntil, Is.EqualTo(_time.GetUtcNow()));
        Assert.That(text, Does.Match("^g1(;[0-9.E+-]+){14}$"), "numbers only");
    }

    [Test]
    public async Task ConcurrentCallersOfAStoreThatYields_NeverTakeMoreTurnsThanThePaceHolds()
    {
        Succeed(10);                                   // a pace of capacity 9
        _gate.OnRateLimited(_time.GetUtcNow(), TimeSpan.FromSeconds(1));
        _time.Advance(TimeSpan.FromSeconds(1));
        var store = new YieldingStore(_gate.Store);

        var turns = await Task.WhenAll(Enumerable.Range(0, 40).Select(_ => Task.Run(() => RateLimitPacing.TakeTurnAsync(store, NoLimit, Defaults, CancellationToken.None).AsTask())));

        var free = turns.Count(t => !t.Closed && t.Wait == TimeSpan.Zero);
        var reserved = turns.Count(t => !t.Closed);
        Assert.That(free, Is.LessThanOrEqualTo(9), "a turn taken by one caller is never taken again");
        Assert.That(_gate.Store.Read().State!.Fields.Tokens, Is.EqualTo(9 - reserved).Within(1e-6), "every reserved turn, and only those, left the bucket");
        Assert.That(turns.Where(t => t.Closed), Is.All.EqualTo(RateLimitPacing.Contended), "the rest were told to ask again");
    }

    [TestCase(null)]
    [TestCase("")]
    [TestCase("g1;1;2")]
    [TestCase("g2;0;0;0;0;0;0;0;0;0;0;0;0;0;0")]
    [TestCase("g1;0;0;0;0;0;0;0;0;NaN;0;0;0;0;0")]
    [TestCase("g1;x;0;0;0;0;0;0;0;0;0;0;0;0;0")]
    public void AStateThisSdkDidNotWrite_ReadsAsNone(string? text)
    {
        Assert.That(RateLimitGateState.Parse(text), Is.Null);
    }

    [Test]
    public async Task AWriteOverAVersionAnotherWriterReplaced_IsRefused_AndTheNextReadSeesTheWinner()
    {
        var store = _gate.Store;
        var first = store.Read();
        var second = store.Read();
        var closing = new RateLimitGateState(RateLimitPacing.RateLimited(first, TimeSpan.FromSeconds(5), NoLimit, Defaults));

        Assert.That(await store.TryWriteAsync(first, closing, CancellationToken.None), Is.True);
        Assert.That(await store.TryWriteAsync(second, new RateLimitGateState(default), CancellationToken.None), Is.False, "second read an older version");
        Assert.That(store.Read().State, Is.SameAs(closing));
        Assert.That(store.Read().Version, Is.EqualTo(first.Version + 1));
    }

    private void Succeed(int count)
    {
        for (var i = 0; i < count; i++)
        {
            _gate.Store.CountSuccess();
        }
    }

    private TimeSpan Reserve(out bool closed) => _gate.Reserve(_time.GetUtcNow(), NoLimit, out closed);

    private (double Rate, double Capacity) ReserveAll(out List<TimeSpan> waits, int count)
    {
        waits = Enumerable.Range(0, count).Select(_ => Reserve(out var _)).ToList();
        return _gate.Pace;
    }

    /// <summary>The in-process store driven by the algorithm, as a client's gate stage drives it.</summary>
    private sealed class PacedGate(TimeProvider time, RateLimitPacingOptions? pacing = null)
    {
        private readonly RateLimitPacingOptions _pacing = pacing ?? new RateLimitPacingOptions();

        internal InProcessRateLimitGate Store { get; } = new(time);

        internal bool MayHold => Store.MayHold;

        internal (double Rate, double Capacity) Pace => Store.Read().State is { } s ? (s.Fields.Rate, s.Fields.Capacity) : (0, 0);

        internal void OnRateLimited(DateTimeOffset now, TimeSpan retryAfter, TimeSpan? cap = null)
        {
            Assert.That(now, Is.EqualTo(time.GetUtcNow()), "the store's clock is the provider's");
            RateLimitPacing.RateLimitedAsync(Store, retryAfter, cap ?? NoLimit, _pacing, CancellationToken.None).AsTask().GetAwaiter().GetResult();
        }

        internal TimeSpan Reserve(DateTimeOffset now, TimeSpan maxWait, out bool closed)
        {
            Assert.That(now, Is.EqualTo(time.GetUtcNow()), "the store's clock is the provider's");
            var turn = RequestTurnAsync(maxWait, CancellationToken.None).AsTask().GetAwaiter().GetResult();
            closed = turn.Closed;
            return turn.Wait;
        }

        internal ValueTask<RateLimitGateTurn> RequestTurnAsync(TimeSpan maxWait, CancellationToken token) => RateLimitPacing.TakeTurnAsync(Store, maxWait, _pacing, token);

        internal ValueTask<TimeSpan> GetClosedForAsync(CancellationToken token) => RateLimitPacing.ClosedForAsync(Store, token);

        internal ValueTask OnRateLimitedAsync(TimeSpan retryAfter, TimeSpan maxClosed, CancellationToken token) => RateLimitPacing.RateLimitedAsync(Store, retryAfter, maxClosed, _pacing, token);
    }

    /// <summary>A store whose reads and writes complete later, as a networked store's do, so concurrent steps interleave.</summary>
    private sealed class YieldingStore(InProcessRateLimitGate inner) : CallControlRateLimitGate
    {
        protected internal override async ValueTask<RateLimitGateSnapshot> ReadAsync(CancellationToken cancellationToken)
        {
            await Task.Yield();
            return await inner.ReadAsync(cancellationToken);
        }

        protected internal override async ValueTask<bool> TryWriteAsync(RateLimitGateSnapshot read, RateLimitGateState state, CancellationToken cancellationToken)
        {
            await Task.Yield();
            return await inner.TryWriteAsync(read, state, cancellationToken);
        }

        protected internal override void CountSuccess() => inner.CountSuccess();
    }
}
