using System.Net;
using CallControl.Sdk.ContractTests.Infrastructure;
using CallControl.Sdk.Testing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using StackExchange.Redis;

namespace CallControl.Sdk.Redis.Tests;

/// <summary>
/// The shared gate over a real redis-server (a child process per test, so a test may kill it) and the real sandbox.
/// Each "process" is a client with its own HttpClient, its own gate and its own Redis connection: they share only Redis.
/// </summary>
[TestFixture]
public sealed class RedisGateTests
{
    private RedisServer _redis = null!;
    private CallControlSandbox _sandbox = null!;
    private readonly List<IDisposable> _owned = [];

    [SetUp]
    public async Task StartAsync()
    {
        _redis = await RedisServer.StartAsync();
        _sandbox = await CallControlSandbox.StartAsync();
    }

    [TearDown]
    public async Task StopAsync()
    {
        foreach (var owned in _owned)
        {
            owned.Dispose();
        }

        _owned.Clear();
        await _sandbox.DisposeAsync();
        await _redis.DisposeAsync();
    }

    [Test]
    public async Task A429SeenByOneProcess_DelaysAnotherProcessesCallToTheInstant_NeverEarlier()
    {
        var a = Client(Gate(), o => o.Retry.MaxRetryAttempts = 0);
        var b = Client(Gate());
        _sandbox.FailNext(1, HttpStatusCode.TooManyRequests, "2");

        var limited = await Catch.Async<CallControlApiException>(a.ListCallsAsync());
        await b.ListCallsAsync();

        var requests = _sandbox.Requests;
        Assert.That(limited.StatusCode, Is.EqualTo(HttpStatusCode.TooManyRequests));
        Assert.That(requests, Has.Count.EqualTo(2), "B waited at the shared gate and was sent once, after it opened");
        Assert.That(requests[1].ReceivedAt - requests[0].ReceivedAt, Is.GreaterThanOrEqualTo(TimeSpan.FromSeconds(2)), "never before the instant A was given");
        Assert.That(requests[1].ReceivedAt - requests[0].ReceivedAt, Is.LessThan(TimeSpan.FromSeconds(5)));
    }

    [Test]
    public async Task ACallWaitingAtTheSharedGate_EndsOnTheCallersCancellation_AndOnDispose_SendingNothing()
    {
        var closer = Gate();
        Client(closer);
        await closer.OnRateLimitedAsync(TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(60), CancellationToken.None);
        var waiting = Client(Gate());
        var disposed = _sandbox.CreateClient(o => o.RateLimitGate = Gate());

        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
        var canceled = await Catch.Async<OperationCanceledException>(waiting.ListCallsAsync(cts.Token));
        var call = disposed.ListCallsAsync();
        disposed.Dispose();
        await Catch.Async<ObjectDisposedException>(call);

        Assert.That(canceled, Is.InstanceOf<CallControlOperationCanceledException>());
        Assert.That(((CallControlOperationCanceledException)canceled).Attempts, Is.Zero, "it was waiting at the gate Redis holds closed for 30 s");
        Assert.That(_sandbox.Requests, Is.Empty);
    }

    [Test]
    public async Task ThePaceLearnedFromOneProcessesWindow_PacesAnotherProcess()
    {
        var gateA = Gate();
        var gateB = Gate();
        Client(gateA);
        Client(gateB);
        for (var i = 0; i < 50; i++)
        {
            gateA.OnSuccess();
        }

        await gateA.OnRateLimitedAsync(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(60), CancellationToken.None);
        await WaitUntilOpenAsync(gateB);

        var waits = new List<TimeSpan>();
        for (var i = 0; i < 70; i++)
        {
            waits.Add((await gateB.RequestTurnAsync(TimeSpan.FromHours(1), CancellationToken.None)).Wait);
        }

        var free = waits.Count(w => w == TimeSpan.Zero);
        Assert.Multiple(() =>
        {
            Assert.That(free, Is.InRange(45, 55), "the bucket A's window taught: 50 successes less 10%, plus what refilled meanwhile");
            Assert.That(waits.Last(), Is.GreaterThan(TimeSpan.FromMilliseconds(200)), "turns beyond it are spread at about 49/s");
            Assert.That(waits.Skip(free), Is.Ordered, "each turn after the one before");
            Assert.That(gateB.IsShared, Is.True);
        });
    }

    [Test]
    public async Task TwoTokens_NeverShareAGate_AndTheKeyNeverHoldsTheToken()
    {
        var one = Gate();
        var two = Gate();
        Client(one, o => o.AccessToken = "token-of-one");
        Client(two, o => o.AccessToken = "token-of-two");

        await one.OnRateLimitedAsync(TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(60), CancellationToken.None);

        Assert.That(await one.RequestTurnAsync(TimeSpan.FromHours(1), CancellationToken.None), Has.Property("Closed").True);
        Assert.That(await two.RequestTurnAsync(TimeSpan.FromHours(1), CancellationToken.None), Is.EqualTo(CallControl.Sdk.Internal.RateLimitGateTurn.Go));
        Assert.That(one.Key, Does.Match("^callcontrol:gate:token:[0-9a-f]{32}$"));
        Assert.That(two.Key, Is.Not.EqualTo(one.Key));
        Assert.That(one.Key + two.Key, Does.Not.Contain("token-of"));

        var ex = Assert.Throws<InvalidOperationException>(() => Client(one, o => o.AccessToken = "token-of-three"));
        Assert.That(ex!.Message, Does.Contain("already limits another token owner"));
    }

    [Test]
    public void AClientWithATokenProvider_MustNameThePartition()
    {
        var ex = Assert.Throws<ArgumentException>(() => Client(Gate(), o =>
        {
            o.AccessToken = null;
            o.TokenProvider = new FixedProvider(_sandbox.AccessToken);
        }));
        Assert.That(ex!.Message, Does.Contain("RedisRateLimitGateOptions.Partition must name the token owner"));

        var named = Gate(new RedisRateLimitGateOptions { Partition = "reception-bot" });
        Client(named, o =>
        {
            o.AccessToken = null;
            o.TokenProvider = new FixedProvider(_sandbox.AccessToken);
        });
        Assert.That(named.Key, Is.EqualTo("callcontrol:gate:name:reception-bot"));
    }

    [Test]
    public async Task RedisKilledAndRestarted_NoCallFails_OneWarningPerOutage_ThenSharedAgain()
    {
        var logs = new FakeLogCollector();
        var gate = Gate(new RedisRateLimitGateOptions { LoggerFactory = Logging(logs), RetryInterval = TimeSpan.FromMilliseconds(100) });
        var client = Client(gate);
        await client.ListCallsAsync();
        Assert.That((gate.IsShared, gate.Mode), Is.EqualTo((true, RateLimitGateMode.Shared)));

        await _redis.KillAsync();
        for (var i = 0; i < 20; i++)
        {
            await client.ListCallsAsync();
        }

        Assert.That((gate.IsShared, gate.Mode), Is.EqualTo((false, RateLimitGateMode.Fallback)));
        Assert.That(Warnings(logs), Has.Count.EqualTo(1), "one warning per outage, not per call");

        // While Redis is away, a 429 still closes this process's gate.
        _sandbox.FailNext(1, HttpStatusCode.TooManyRequests, "30");
        var limited = Client(gate, o => o.Retry.MaxRetryAttempts = 0);
        Assert.That((await Catch.Async<CallControlApiException>(limited.ListCallsAsync())).StatusCode, Is.EqualTo(HttpStatusCode.TooManyRequests));
        var held = Client(gate, o => o.Timeout = TimeSpan.FromSeconds(5));
        var refused = await Catch.Async<CallControlApiException>(held.ListCallsAsync());
        Assert.That((refused.StatusCode, refused.Attempts), Is.EqualTo((HttpStatusCode.TooManyRequests, 0)), "held by the local gate, nothing sent");

        await _redis.RestartAsync();
        await Eventually.TrueAsync(() =>
        {
            _ = gate.RequestTurnAsync(TimeSpan.Zero, CancellationToken.None).AsTask();
            return logs.GetSnapshot().Any(r => r.Id.Id == 2);
        }, "the gate to find Redis back");

        Assert.That(gate.IsShared, Is.True);
        Assert.That(logs.GetSnapshot().Count(r => r.Id.Id == 2), Is.EqualTo(1), "one line when it is back");
        Assert.That(Warnings(logs), Has.Count.EqualTo(1), "still one warning for the one outage");
        var turn = await gate.RequestTurnAsync(TimeSpan.FromHours(1), CancellationToken.None);
        Assert.That(turn.Closed, Is.True, "what this process learned while Redis was away went back to Redis");
        Assert.That(turn.Wait, Is.GreaterThan(TimeSpan.FromSeconds(20)));
    }

    /// <summary>
    /// An operator's report: with Redis down and the server rate limiting, one dial logged "waits 0 ms at the gate"
    /// hundreds of times a second and the wait histogram got more samples than there were dials. A send waits at the
    /// gate at most once: one line and one sample, whatever the gate answers.
    /// </summary>
    [Test]
    public async Task RedisDown_UnderARateLimit_EachSendWaitsAtTheGateAtMostOnce()
    {
        var logs = new FakeLogCollector();
        using var samples = new GateWaitSamples();
        var gates = new[] { Gate(new RedisRateLimitGateOptions { RetryInterval = TimeSpan.FromMilliseconds(50) }), Gate(new RedisRateLimitGateOptions { RetryInterval = TimeSpan.FromMilliseconds(50) }) };
        using var debug = LoggerFactory.Create(b => b.AddProvider(new FakeLoggerProvider(logs)).SetMinimumLevel(LogLevel.Debug));
        var clients = gates.Select(g => Client(g, o => o.LoggerFactory = debug)).ToArray();
        await clients[0].ListCallsAsync();
        _sandbox.SetRateLimit(20, burst: 2);
        await _redis.KillAsync();

        await Task.WhenAll(clients.Select(async client =>
        {
            for (var i = 0; i < 15; i++)
            {
                try
                {
                    await client.DialAsync(new DialRequest("+12223334444"));
                }
                catch (CallControlApiException ex) when (ex.StatusCode == HttpStatusCode.TooManyRequests)
                {
                    // Retries used up under the limit: an answer, not a spin.
                }
            }
        })).WaitAsync(TimeSpan.FromSeconds(60));

        var sends = _sandbox.Requests.Count - 1;
        var waitLines = logs.GetSnapshot().Count(r => r.Id.Id == 5);
        Assert.That(_sandbox.RateLimitedCount, Is.GreaterThan(0), "the server did rate limit");
        Assert.That(waitLines, Is.LessThanOrEqualTo(sends), "at most one gate line per send");
        Assert.That(samples.Count, Is.LessThanOrEqualTo(sends), "at most one histogram sample per send");
    }

    [Test]
    public async Task AfterAnOutage_TheFirst429TeachesNoPace_TheNextOneDoes()
    {
        var logs = new FakeLogCollector();
        var gate = Gate(new RedisRateLimitGateOptions { LoggerFactory = Logging(logs), RetryInterval = TimeSpan.FromMilliseconds(10) });
        Client(gate);
        await _redis.KillAsync();
        await gate.RequestTurnAsync(TimeSpan.Zero, CancellationToken.None);
        await _redis.RestartAsync(); // longer than the 10 ms RetryInterval: an outage, not a blip
        await Eventually.TrueAsync(() =>
        {
            _ = gate.RequestTurnAsync(TimeSpan.Zero, CancellationToken.None).AsTask();
            return logs.GetSnapshot().Any(r => r.Id.Id == 2);
        }, "the gate to find Redis back");

        var afterOutage = await StormAsync(gate);
        var next = await StormAsync(gate);

        Assert.That(afterOutage, Is.All.EqualTo(TimeSpan.Zero), "the window that began in the outage teaches nothing");
        Assert.That(next.Last(), Is.GreaterThan(TimeSpan.Zero), "the window that began at an opening teaches a pace");
    }

    [Test]
    public async Task RedisTooSlow_TheCallIsAnsweredFromTheLocalGate_WithoutWaitingForRedis()
    {
        var logs = new FakeLogCollector();
        var gate = Gate(new RedisRateLimitGateOptions { LoggerFactory = Logging(logs) });
        var client = Client(gate);
        await client.ListCallsAsync();

        Assert.That(await _redis.CommandAsync("CLIENT", "PAUSE", "3000", "ALL"), Is.EqualTo("+OK"));
        await client.ListCallsAsync();

        Assert.That(gate.IsShared, Is.False, "the call completed while Redis was still paused: it did not wait for it");
        Assert.That(Warnings(logs).Single().Message, Does.Contain("no answer within 50 ms"));
    }

    [Test]
    public async Task AProcessWhoseRedisTurnsSlow_StillWaitsForTheClosingItLastSaw()
    {
        var a = Gate();
        var b = Gate();
        Client(a);
        Client(b);
        await a.OnRateLimitedAsync(TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(60), CancellationToken.None);
        Assert.That((await b.RequestTurnAsync(TimeSpan.FromHours(1), CancellationToken.None)).Closed, Is.True, "B saw A's closing in Redis");

        Assert.That(await _redis.CommandAsync("CLIENT", "PAUSE", "2000", "ALL"), Is.EqualTo("+OK"));
        var fallback = await b.RequestTurnAsync(TimeSpan.FromHours(1), CancellationToken.None);

        Assert.That(b.IsShared, Is.False, "answered without Redis");
        Assert.That(fallback.Closed, Is.True, "B's own copy kept the closing it saw, although B never got a 429");
        Assert.That(fallback.Wait, Is.GreaterThan(TimeSpan.FromSeconds(25)));
    }

    [Test]
    public async Task RedisAnsweringErrors_FallsBackAtOnce()
    {
        var logs = new FakeLogCollector();
        var gate = Gate(new RedisRateLimitGateOptions { LoggerFactory = Logging(logs) });
        var client = Client(gate);
        await _redis.CommandAsync("SET", gate.Key!, "not a hash");

        await client.ListCallsAsync();
        await client.ListCallsAsync();

        Assert.That(gate.IsShared, Is.False);
        Assert.That(Warnings(logs).Single().Message, Does.Contain("RedisServerException"));
    }

    [Test]
    public async Task AKeyThatDisappears_CostsOneMore429_ThenTheGateClosesAgain()
    {
        var a = Client(Gate(), o => o.Retry.MaxRetryAttempts = 0);
        var b = Client(Gate(), o => o.Retry.MaxRetryAttempts = 0);
        var c = Client(Gate(), o => o.Timeout = TimeSpan.FromSeconds(5));
        _sandbox.FailNext(2, HttpStatusCode.TooManyRequests, "30");
        await Catch.Async<CallControlApiException>(a.ListCallsAsync());

        Assert.That(await _redis.CommandAsync("FLUSHALL"), Is.EqualTo("+OK"));
        var extra = await Catch.Async<CallControlApiException>(b.ListCallsAsync());
        var held = await Catch.Async<CallControlApiException>(c.ListCallsAsync());

        Assert.That(extra.Attempts, Is.EqualTo(1), "the flushed gate let B through: one more 429");
        Assert.That(held.Attempts, Is.EqualTo(0), "which closed the gate again for everyone");
        Assert.That(_sandbox.Requests, Has.Count.EqualTo(2));
    }

    [Test]
    public async Task ProcessClocksThatDisagree_StillAgreeOnTheInstant()
    {
        var ahead = Gate();
        var behind = Gate();
        var a = Client(ahead, o =>
        {
            o.TimeProvider = new SkewedClock(TimeSpan.FromHours(1));
            o.Retry.MaxRetryAttempts = 0;
        });
        Client(behind, o => o.TimeProvider = new SkewedClock(TimeSpan.FromHours(-1)));
        _sandbox.FailNext(1, HttpStatusCode.TooManyRequests, "2");

        await Catch.Async<CallControlApiException>(a.ListCallsAsync());
        var turn = await behind.RequestTurnAsync(TimeSpan.FromHours(1), CancellationToken.None);

        Assert.That(turn.Closed, Is.True);
        Assert.That(turn.Wait, Is.InRange(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2)), "Redis's clock, not either process's");
    }

    /// <summary>The shared gate names the instant it opens (on Redis's clock): waits for exactly that event.</summary>
    private static async Task WaitUntilOpenAsync(RedisRateLimitGate gate)
    {
        for (var closed = await gate.GetClosedForAsync(CancellationToken.None); closed > TimeSpan.Zero; closed = await gate.GetClosedForAsync(CancellationToken.None))
        {
            await Task.Delay(closed);
        }
    }

    /// <summary>50 successes, a 429 of 300 ms, and 70 turns once the gate opens: their waits.</summary>
    private static async Task<List<TimeSpan>> StormAsync(RedisRateLimitGate gate)
    {
        for (var i = 0; i < 50; i++)
        {
            gate.OnSuccess();
        }

        await gate.OnRateLimitedAsync(TimeSpan.FromMilliseconds(300), TimeSpan.FromSeconds(60), CancellationToken.None);
        await WaitUntilOpenAsync(gate);

        var waits = new List<TimeSpan>();
        for (var i = 0; i < 70; i++)
        {
            waits.Add((await gate.RequestTurnAsync(TimeSpan.FromHours(1), CancellationToken.None)).Wait);
        }

        return waits;
    }

    private RedisRateLimitGate Gate(RedisRateLimitGateOptions? options = null)
    {
        var connection = ConnectionMultiplexer.Connect(_redis.Configuration);
        _owned.Add(connection);
        return new RedisRateLimitGate(connection, options);
    }

    private CallControlClient Client(RedisRateLimitGate gate, Action<CallControlClientOptions>? configure = null)
    {
        var client = _sandbox.CreateClient(o =>
        {
            o.RateLimitGate = gate;
            configure?.Invoke(o);
        });
        _owned.Add(client);
        return client;
    }

    private static ILoggerFactory Logging(FakeLogCollector logs) => LoggerFactory.Create(b => b.AddProvider(new FakeLoggerProvider(logs)));

    private static List<FakeLogRecord> Warnings(FakeLogCollector logs) => logs.GetSnapshot().Where(r => r.Level == LogLevel.Warning).ToList();

    /// <summary>Counts the samples of the gate-wait histogram (callcontrol.rate_limit.wait) recorded while it lives.</summary>
    private sealed class GateWaitSamples : IDisposable
    {
        private readonly System.Diagnostics.Metrics.MeterListener _listener = new();
        private int _count;

        internal GateWaitSamples()
        {
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == CallControlTelemetry.MeterName && instrument.Name == CallControlTelemetry.RateLimitWait)
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            };
            _listener.SetMeasurementEventCallback<double>((_, _, _, _) => Interlocked.Increment(ref _count));
            _listener.Start();
        }

        internal int Count => Volatile.Read(ref _count);

        public void Dispose() => _listener.Dispose();
    }

    private sealed class FixedProvider(string token) : CallControlTokenProvider
    {
        public override ValueTask<string> GetTokenAsync(CancellationToken cancellationToken) => new(token);
    }

    private sealed class SkewedClock(TimeSpan skew) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + skew;
    }
}
