using System.Collections.Concurrent;
using System.Net;
using CallControl.Sdk.ContractTests.Infrastructure;

namespace CallControl.Sdk.ContractTests.Resilience;

/// <summary><see cref="CallControlClientOptions.RateLimitGate"/>: the client asks the gate it is given, and tells it every answer.</summary>
[TestFixture]
public sealed class PluggableGateTests : FakeClockFixture
{
    [Test]
    public async Task AClosedGate_HoldsTheCallUntilItOpens_ThenTheCallIsSentOnce()
    {
        var gate = new ScriptedGate(new RateLimitGateTurn(TimeSpan.FromSeconds(3), Closed: true, TimeSpan.FromSeconds(3)), RateLimitGateTurn.Go);
        Fake.OnTransferSequence(new Reply(204));
        using var client = Client(o => o.RateLimitGate = gate);

        var transfer = client.TransferAsync(TransferRequest.Attended("a", "b"));
        await Time.WaitForTimersAsync(1);
        Assert.That(Time.DueTimes.Single(), Is.GreaterThanOrEqualTo(TimeSpan.FromSeconds(3)), "held for the gate's wait");
        Assert.That(Fake.Requests, Is.Empty);
        Time.Advance(TimeSpan.FromSeconds(3) + TimeSpan.FromMilliseconds(10)); // plus the herd jitter of at most 10 ms
        await transfer;

        Assert.That(Fake.Requests, Has.Count.EqualTo(1));
        Assert.That(gate.Calls, Is.EqualTo(new[] { "attach", "turn", "turn", "success" }));
    }

    [Test]
    public async Task A429_IsReportedToTheGateWithItsRetryAfterAndTheCap()
    {
        var gate = new ScriptedGate();
        Fake.OnTransferSequence(new Reply(429, "120"));
        using var client = Client(o =>
        {
            o.RateLimitGate = gate;
            o.Retry.MaxRetryAfter = TimeSpan.FromSeconds(30);
        });

        var ex = await Assert.ThrowsAsync<CallControlApiException>(() => client.TransferAsync(TransferRequest.Attended("a", "b")));

        Assert.That(ex!.StatusCode, Is.EqualTo(HttpStatusCode.TooManyRequests));
        Assert.That(gate.RateLimited.Single(), Is.EqualTo((TimeSpan.FromSeconds(120), TimeSpan.FromSeconds(30))));
    }

    [Test]
    public async Task AServerAskingLongerThanTheCallMayWait_FailsWithoutSending()
    {
        var gate = new ScriptedGate(new RateLimitGateTurn(TimeSpan.FromSeconds(5), Closed: true, ServerAskedFor: TimeSpan.FromMinutes(10)));
        using var client = Client(o => o.RateLimitGate = gate);

        var ex = await Assert.ThrowsAsync<CallControlApiException>(() => client.TransferAsync(TransferRequest.Attended("a", "b")));

        Assert.That((ex!.StatusCode, ex.OutcomeUnknown, ex.Attempts), Is.EqualTo((HttpStatusCode.TooManyRequests, false, 0)));
        Assert.That(ex.RetryAfter, Is.EqualTo(TimeSpan.FromMinutes(10)));
        Assert.That(Fake.Requests, Is.Empty);
    }

    [Test]
    public void TheGateLearnsWhoseTokenItLimits_WithoutSeeingTheToken()
    {
        var gate = new ScriptedGate();
        using var first = Client(o => o.RateLimitGate = gate);
        using var second = Client(o => o.RateLimitGate = gate);
        using var other = Client(o =>
        {
            o.RateLimitGate = gate;
            o.AccessToken = "another-token";
        });

        var ids = gate.Contexts.Select(c => c.TokenOwnerId).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(ids[0], Does.Match("^[0-9a-f]{64}$"));
            Assert.That(ids[1], Is.EqualTo(ids[0]), "the same token, the same owner");
            Assert.That(ids[2], Is.Not.EqualTo(ids[0]));
            Assert.That(ids, Has.None.Contain(WebexFake.Token).And.None.Contain("another-token"));
            Assert.That(gate.Contexts[0].TimeProvider, Is.SameAs(Time));
        });
    }

    [Test]
    public void AGateWithTheGateSwitchedOff_IsAClearError()
    {
        var ex = Assert.Throws<ArgumentException>(() => Client(o =>
        {
            o.RateLimitGate = new ScriptedGate();
            o.Retry.UseSharedRateLimitGate = false;
        }));

        Assert.That(ex!.Message, Does.Contain("RateLimitGate is set but Retry.UseSharedRateLimitGate is false"));
    }

    /// <summary>Answers turns from a script (then <see cref="RateLimitGateTurn.Go"/>) and records what it is told.</summary>
    private sealed class ScriptedGate(params RateLimitGateTurn[] turns) : CallControlRateLimitGate
    {
        private readonly Queue<RateLimitGateTurn> _turns = new(turns);

        internal ConcurrentQueue<string> Calls { get; } = new();

        internal List<(TimeSpan RetryAfter, TimeSpan MaxClosed)> RateLimited { get; } = [];

        internal List<CallControlRateLimitGateContext> Contexts { get; } = [];

        public override ValueTask<RateLimitGateTurn> RequestTurnAsync(TimeSpan maxWait, CancellationToken cancellationToken)
        {
            Calls.Enqueue("turn");
            return new(_turns.TryDequeue(out var turn) ? turn : RateLimitGateTurn.Go);
        }

        public override ValueTask<TimeSpan> GetClosedForAsync(CancellationToken cancellationToken) => new(TimeSpan.Zero);

        public override ValueTask OnRateLimitedAsync(TimeSpan retryAfter, TimeSpan maxClosed, CancellationToken cancellationToken)
        {
            Calls.Enqueue("429");
            RateLimited.Add((retryAfter, maxClosed));
            return default;
        }

        public override void OnSuccess() => Calls.Enqueue("success");

        protected internal override void OnAttached(CallControlRateLimitGateContext context)
        {
            Calls.Enqueue("attach");
            Contexts.Add(context);
        }
    }
}
