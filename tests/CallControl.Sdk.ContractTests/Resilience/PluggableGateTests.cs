using System.Collections.Concurrent;
using System.Net;
using CallControl.Sdk.ContractTests.Infrastructure;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace CallControl.Sdk.ContractTests.Resilience;

/// <summary>
/// <see cref="CallControlClientOptions.RateLimitGate"/>: a store written as a user would (public members only) is
/// enough for clients to share the gate; the client runs the algorithm over it.
/// </summary>
[TestFixture]
public sealed class PluggableGateTests : FakeClockFixture
{
    [Test]
    public async Task A429SeenByOneClient_HoldsAnotherClientOfTheStore_UntilItsInstant_ThenItSendsOnce()
    {
        var store = new TextStore(Time);
        Fake.OnTransferSequence(new Reply(429, "3"), new Reply(204));
        using var first = Client(o =>
        {
            o.RateLimitGate = store;
            o.Retry.MaxRetryAttempts = 0;
        });
        using var second = Client(o => o.RateLimitGate = store);

        await Assert.ThrowsAsync<CallControlApiException>(() => first.TransferAsync(TransferRequest.Attended("a", "b")));
        Assert.That(store.Text, Does.StartWith("g1;"), "the store kept the state as text");

        var transfer = second.TransferAsync(TransferRequest.Attended("c", "d"));
        await Time.WaitForTimersAsync(1);
        Assert.That(Time.DueTimes.Single(), Is.GreaterThanOrEqualTo(TimeSpan.FromSeconds(3)), "held for the closing the first client saw");
        Assert.That(Fake.Requests, Has.Count.EqualTo(1));
        Time.Advance(TimeSpan.FromSeconds(3) + TimeSpan.FromMilliseconds(10)); // plus the herd jitter of at most 10 ms
        await transfer;

        Assert.That(Fake.Requests, Has.Count.EqualTo(2));
        Assert.That(store.Successes, Is.EqualTo(1));
    }

    [Test]
    public async Task A429_ClosesTheStoredGateForItsRetryAfter_CappedAtMaxRetryAfter()
    {
        var store = new TextStore(Time);
        Fake.OnTransferSequence(new Reply(429, "120"));
        using var client = Client(o =>
        {
            o.RateLimitGate = store;
            o.Retry.MaxRetryAfter = TimeSpan.FromSeconds(30);
        });

        var ex = await Assert.ThrowsAsync<CallControlApiException>(() => client.TransferAsync(TransferRequest.Attended("a", "b")));

        Assert.That(ex!.StatusCode, Is.EqualTo(HttpStatusCode.TooManyRequests));
        Assert.That(RateLimitGateState.Parse(store.Text)!.ClosedUntil, Is.EqualTo(Time.GetUtcNow() + TimeSpan.FromSeconds(30)));
    }

    [Test]
    public async Task AServerAskingLongerThanTheCallMayWait_FailsWithoutSending()
    {
        var store = new TextStore(Time);
        Fake.OnTransferSequence(new Reply(429, "600"));
        using var patient = Client(o =>
        {
            o.RateLimitGate = store;
            o.Retry.MaxRetryAfter = TimeSpan.FromMinutes(5);
        });
        using var other = Client(o => o.RateLimitGate = store);
        await Assert.ThrowsAsync<CallControlApiException>(() => patient.TransferAsync(TransferRequest.Attended("a", "b")));

        var ex = await Assert.ThrowsAsync<CallControlApiException>(() => other.TransferAsync(TransferRequest.Attended("a", "b")));

        Assert.That((ex!.StatusCode, ex.OutcomeUnknown, ex.Attempts), Is.EqualTo((HttpStatusCode.TooManyRequests, false, 0)));
        Assert.That(ex.RetryAfter, Is.EqualTo(TimeSpan.FromMinutes(10)), "what the server asked for, not the capped closing");
        Assert.That(Fake.Requests, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task AStoreThatFails_NeverFailsACall_TheCallIsSentAndTheFailureLoggedWithoutItsMessage()
    {
        var logs = new FakeLogCollector();
        using var loggerFactory = LoggerFactory.Create(b => b.AddProvider(new FakeLoggerProvider(logs)));
        Fake.OnTransferSequence(new Reply(429, "1"), new Reply(204));
        using var client = Client(o =>
        {
            o.RateLimitGate = new FailingStore();
            o.LoggerFactory = loggerFactory;
        });

        var transfer = client.TransferAsync(TransferRequest.Attended("a", "b"));
        await Time.WaitForTimersAsync(1);
        Time.Advance(TimeSpan.FromSeconds(2));
        var result = await transfer.WaitAsync(TimeSpan.FromSeconds(30), TimeProvider.System);

        Assert.That(result.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        Assert.That(Fake.Requests, Has.Count.EqualTo(2));
        var failures = logs.GetSnapshot().Where(r => r.Id.Id == 15).ToList();
        Assert.That(failures, Is.Not.Empty);
        Assert.That(failures.Select(r => r.Level), Is.All.EqualTo(LogLevel.Warning));
        Assert.That(failures.Select(r => r.Message), Is.All.Contain("InvalidOperationException").And.All.Not.Contain("redis://admin:"));
    }

    [Test]
    public void TheGateLearnsWhoseTokenItLimits_WithoutSeeingTheToken()
    {
        var gate = new TextStore(Time);
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
            Assert.That(gate.Contexts.First().TimeProvider, Is.SameAs(Time));
        });
    }

    [Test]
    public void AGateWithTheGateSwitchedOff_IsAClearError()
    {
        var ex = Assert.Throws<ArgumentException>(() => Client(o =>
        {
            o.RateLimitGate = new TextStore(Time);
            o.Retry.UseSharedRateLimitGate = false;
        }));

        Assert.That(ex!.Message, Does.Contain("RateLimitGate is set but Retry.UseSharedRateLimitGate is false"));
    }

    /// <summary>A store as a user writes one over a key-value store: the state kept as text, a version, a counter.</summary>
    private sealed class TextStore(TimeProvider clock) : CallControlRateLimitGate
    {
        private readonly object _lock = new();
        private long _version;
        private long _successes;
        private DateTimeOffset? _firstSuccessAt;

        internal string? Text { get; private set; }

        internal long Successes => Interlocked.Read(ref _successes);

        internal ConcurrentQueue<CallControlRateLimitGateContext> Contexts { get; } = new();

        protected internal override ValueTask<RateLimitGateSnapshot> ReadAsync(CancellationToken cancellationToken)
        {
            lock (_lock)
            {
                return new(new RateLimitGateSnapshot(RateLimitGateState.Parse(Text), _version, _successes, _firstSuccessAt, clock.GetUtcNow()));
            }
        }

        protected internal override ValueTask<bool> TryWriteAsync(RateLimitGateSnapshot read, RateLimitGateState state, CancellationToken cancellationToken)
        {
            lock (_lock)
            {
                if (read.Version != _version)
                {
                    return new(false);
                }

                (Text, _version) = (state.ToString(), _version + 1);
                return new(true);
            }
        }

        protected internal override void CountSuccess()
        {
            lock (_lock)
            {
                _successes++;
                _firstSuccessAt ??= clock.GetUtcNow();
            }
        }

        protected internal override void OnAttached(CallControlRateLimitGateContext context) => Contexts.Enqueue(context);
    }

    /// <summary>A store whose backend is down, with a message that must never reach a log.</summary>
    private sealed class FailingStore : CallControlRateLimitGate
    {
        protected internal override ValueTask<RateLimitGateSnapshot> ReadAsync(CancellationToken cancellationToken) => throw Down();

        protected internal override ValueTask<bool> TryWriteAsync(RateLimitGateSnapshot read, RateLimitGateState state, CancellationToken cancellationToken) => throw Down();

        protected internal override void CountSuccess() => throw Down();

        private static InvalidOperationException Down() => new("cannot reach redis://admin:hunter2@cache");
    }
}
