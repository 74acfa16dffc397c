using System.Net;
using CallControl.Sdk.ContractTests.Infrastructure;

namespace CallControl.Sdk.ContractTests.Resilience;

/// <summary>The resilience case matrix over real HTTP (WireMock.Net), with every wait on a fake clock.</summary>
[TestFixture]
public sealed class RetryOverHttpTests : FakeClockFixture
{
    [Test]
    public async Task Case01_429WithRetryAfter10_WaitsTenSecondsOnTheClockThenRetriesOnce()
    {
        Fake.OnTransferSequence(new Reply(429, "10"), new Reply(204));
        using var client = Client();

        var transfer = client.TransferAsync(TransferRequest.Attended("a", "b"));
        await Time.WaitForTimersAsync(1);
        // Case 9, never before the Retry-After instant: the retry is sent only when its delay's timer fires, and that
        // timer is due no earlier than 10 s; the fake clock fires it at its due time and not before.
        Assert.That(Time.DueTimes.Single(), Is.GreaterThanOrEqualTo(TimeSpan.FromSeconds(10)));
        Time.Advance(TimeSpan.FromSeconds(10) - TimeSpan.FromMilliseconds(1));
        Assert.That((transfer.IsCompleted, Fake.Requests.Count), Is.EqualTo((false, 1)));

        Time.Advance(TimeSpan.FromMilliseconds(1) + RetryPipelineJitter);
        var result = await transfer;

        Assert.That(result.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        Assert.That(Fake.Requests, Has.Count.EqualTo(2));
    }

    [Test]
    public async Task Case05_NoRetryAfter_WaitsPollysBackoff_NeverPastMaxBackoff()
    {
        Fake.OnTransferSequence(new Reply(429), new Reply(204));
        using var client = Client(o =>
        {
            o.Retry.BaseBackoff = TimeSpan.FromSeconds(2);
            o.Retry.MaxBackoff = TimeSpan.FromSeconds(3);
        });

        var transfer = client.TransferAsync(TransferRequest.Attended("a", "b"));
        await Time.WaitForTimersAsync(1);
        var due = Time.DueTimes.Single();
        Assert.That(due, Is.GreaterThan(TimeSpan.Zero).And.LessThanOrEqualTo(TimeSpan.FromSeconds(3)), "Polly's jittered exponential backoff, capped at MaxBackoff");
        Time.Advance(due);
        await transfer;

        Assert.That(Fake.Requests, Has.Count.EqualTo(2));
    }

    [Test]
    public async Task Case13_503WithRetryAfter_IsRetriedUpToTheLimitAndNotBeyond()
    {
        Fake.OnTransfer(r => r.WithStatusCode(503).WithHeader("Retry-After", "1"));
        using var client = Client(o => o.Retry.MaxRetryAttempts = 2);

        var transfer = client.TransferAsync(TransferRequest.Automatic());
        for (var wait = 1; wait <= 2; wait++)
        {
            await Time.WaitForTimersAsync(wait);
            Time.Advance(TimeSpan.FromSeconds(2));
        }

        var ex = await Assert.ThrowsAsync<CallControlApiException>(() => transfer);
        Assert.Multiple(() =>
        {
            Assert.That(ex!.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
            Assert.That(ex.Attempts, Is.EqualTo(3), "case 25: the last status surfaces with the attempt count");
            Assert.That(ex.OutcomeUnknown, Is.False);
            Assert.That(Fake.Requests, Has.Count.EqualTo(3));
        });
    }

    [TestCase(500)]
    [TestCase(502)]
    [TestCase(504)]
    [TestCase(520)] // proxies (Cloudflare and others) answer 52x when the origin failed or timed out: it may have acted
    [TestCase(524)]
    [TestCase(599)]
    public async Task Case16_TransferAnsweredWithAnAmbiguousStatus_IsSentExactlyOnce(int status)
    {
        Fake.OnTransfer(r => r.WithStatusCode(status).WithHeader("Retry-After", "0"));
        using var client = Client();

        var ex = await Assert.ThrowsAsync<CallControlApiException>(() => client.TransferAsync(TransferRequest.Attended("a", "b")));

        Assert.That(ex!.OutcomeUnknown, Is.True);
        Assert.That(ex.Attempts, Is.EqualTo(1));
        Assert.That(Fake.Requests, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task Case17_TransferTimesOutWhileInFlight_IsSentExactlyOnceAndOutcomeUnknown()
    {
        using var server = new RawHttpServer(RawBehavior.NeverAnswer);
        using var client = server.CreateClient(o =>
        {
            o.TimeProvider = Time;
            o.Timeout = TimeSpan.FromSeconds(5);
        });

        var transfer = client.TransferAsync(TransferRequest.Attended("a", "b"));
        await Eventually.TrueAsync(() => server.Requests == 1, "the request to arrive");
        Time.Advance(TimeSpan.FromSeconds(5));

        var ex = await Assert.ThrowsAsync<CallControlException>(() => transfer);
        Assert.That(ex!.OutcomeUnknown, Is.True);
        Assert.That(ex.InnerException, Is.InstanceOf<TimeoutException>());
        Assert.That(ex.Message, Does.Contain("timed out while waiting for Webex to answer (the operation's Timeout of 5 s)"));
        Assert.That(server.Requests, Is.EqualTo(1), "a timed-out command is never resent");
    }

    [Test]
    public async Task Case17_ConnectionResetAfterSend_IsSentExactlyOnceWithRetriesOn()
    {
        using var server = new RawHttpServer();
        using var client = server.CreateClient(o => o.TimeProvider = Time);

        var ex = await Assert.ThrowsAsync<CallControlException>(() => client.TransferAsync(TransferRequest.Mute("a", "1234")));

        Assert.That(ex!.OutcomeUnknown, Is.True);
        Assert.That(ex.Attempts, Is.EqualTo(1));
        Assert.That(server.Requests, Is.EqualTo(1));
    }

    [Test]
    public async Task Case18_ConnectionRefused_IsRetriedThenFailsClearlyWithAKnownOutcome()
    {
        var port = Transfer.TransferErrorTests.FreePort();
        using var client = new CallControlClient(new CallControlClientOptions
        {
            AccessToken = WebexFake.Token,
            BaseAddress = new Uri($"http://127.0.0.1:{port}/v1/"),
            TimeProvider = Time,
            Timeout = Timeout.InfiniteTimeSpan,
            Retry = { MaxRetryAttempts = 2 },
        });

        var transfer = client.TransferAsync(TransferRequest.Attended("a", "b"));
        for (var wait = 1; wait <= 2; wait++)
        {
            await Time.WaitForTimersAsync(wait);
            Time.Advance(TimeSpan.FromSeconds(10));
        }

        var ex = await Assert.ThrowsAsync<CallControlException>(() => transfer);
        Assert.That(ex!.OutcomeUnknown, Is.False);
        Assert.That(ex.Attempts, Is.EqualTo(3));
        Assert.That(ex.Message, Does.Contain("nothing was sent"));
    }

    [Test]
    public async Task Case19_EveryDiscardedResponse_IsDisposed()
    {
        Fake.OnTransferSequence(new Reply(429, "0", """{"message":"slow down"}"""), new Reply(503, "0", "busy"), new Reply(201, Body: """{"callId":"c"}"""));
        var counter = new DisposalCountingHandler(new SocketsHttpHandler());
        using var http = new HttpClient(counter) { BaseAddress = Fake.BaseAddress };
        using var client = new CallControlClient(http, new CallControlClientOptions { AccessToken = WebexFake.Token, TimeProvider = Time });

        await client.TransferAsync(TransferRequest.Mute("a", "1234"));

        Assert.That(counter.Responses, Is.EqualTo(3));
        Assert.That(counter.Disposed, Is.EqualTo(3), "two discarded answers and the final one");
    }

    [Test]
    public async Task Case20_CancelDuringTheWait_ThrowsPromptlyAndSendsNothingMore()
    {
        Fake.OnTransfer(r => r.WithStatusCode(429).WithHeader("Retry-After", "30"));
        using var client = Client();
        using var cts = new CancellationTokenSource();

        var transfer = client.TransferAsync(TransferRequest.Automatic(), cts.Token);
        await Time.WaitForTimersAsync(1);
        await cts.CancelAsync();

        Assert.That(async () => await transfer, Throws.InstanceOf<OperationCanceledException>(), "case 21: the caller's cancellation is not a retryable timeout");
        Assert.That(Time.TimersAlive, Is.Zero, "nothing is left scheduled that could send again");
        Time.Advance(TimeSpan.FromMinutes(5));
        Assert.That(Fake.Requests, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task Case22_TheRetriedRequest_HasAnIdenticalBodyAndTrackingId()
    {
        Fake.OnTransferSequence(new Reply(423), new Reply(201, Body: """{"callId":"c"}"""));
        using var client = Client();

        var transfer = client.TransferAsync(TransferRequest.Mute("call-1", "tel:+12223334444"));
        await Time.WaitForTimersAsync(1);
        Time.Advance(TimeSpan.FromSeconds(2));
        await transfer;

        Assert.That(Fake.Requests, Has.Count.EqualTo(2));
        Assert.That(Fake.Requests[1].Body, Is.EqualTo(Fake.Requests[0].Body));
        Assert.That(WebexFake.Header(Fake.Requests[1], "TrackingID"), Is.EqualTo(WebexFake.Header(Fake.Requests[0], "TrackingID")));
        Assert.That(WebexFake.Header(Fake.Requests[1], "Authorization"), Is.EqualTo("Bearer " + WebexFake.Token));
    }

    [Test]
    public async Task Case23_After429ClosesTheGate_NewCallsSendNothingUntilTheInstant()
    {
        Fake.OnTransferSequence(new Reply(429, "5"), new Reply(204));
        using var client = Client();

        var first = client.TransferAsync(TransferRequest.Automatic());
        await Time.WaitForTimersAsync(1);
        var others = Enumerable.Range(0, 10).Select(_ => client.TransferAsync(TransferRequest.Automatic())).ToList();
        await Time.WaitForTimersAsync(11);
        // Each new call scheduled its wait at the gate instead of sending: a call sends only when that timer fires.
        Assert.That(Time.DueTimes.Skip(1), Has.All.GreaterThanOrEqualTo(TimeSpan.FromSeconds(5) - TimeSpan.FromMilliseconds(1)));
        Assert.That(Fake.Requests, Has.Count.EqualTo(1), "the ten new calls wait at the gate instead of collecting 429s");

        Time.Advance(TimeSpan.FromSeconds(5) + RetryPipelineJitter);
        await Task.WhenAll(others.Append(first));

        Assert.That(Fake.Requests, Has.Count.EqualTo(12));
        Assert.That(Fake.Server.LogEntries.Count(e => e.ResponseMessage!.StatusCode is 429), Is.EqualTo(1));
    }

    [Test]
    public async Task GateClosedLongerThanTheCap_FailsAtOnceWithoutSending()
    {
        Fake.OnTransfer(r => r.WithStatusCode(429).WithHeader("Retry-After", "120"));
        using var client = Client();

        var first = await Assert.ThrowsAsync<CallControlApiException>(() => client.TransferAsync(TransferRequest.Automatic()));
        var second = await Assert.ThrowsAsync<CallControlApiException>(() => client.TransferAsync(TransferRequest.Automatic()));

        Assert.That(first!.RetryAfter, Is.EqualTo(TimeSpan.FromSeconds(120)));
        Assert.That(second!.StatusCode, Is.EqualTo(HttpStatusCode.TooManyRequests));
        Assert.That(second.Message, Does.Contain("was not sent"));
        Assert.That(Fake.Requests, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task Case24_TheFinalExceptionCarriesStatusRetryAfterAttemptsAndTrackingId()
    {
        Fake.OnTransfer(r => r.WithStatusCode(429).WithHeader("Retry-After", "1"));
        using var client = Client(o =>
        {
            o.Retry.MaxRetryAttempts = 1;
            o.Retry.UseSharedRateLimitGate = false;
        });

        var transfer = client.TransferAsync(TransferRequest.Automatic().WithTrackingId("case-24"));
        await Time.WaitForTimersAsync(1);
        Time.Advance(TimeSpan.FromSeconds(2));
        var ex = await Assert.ThrowsAsync<CallControlApiException>(() => transfer);

        Assert.Multiple(() =>
        {
            Assert.That(ex!.StatusCode, Is.EqualTo(HttpStatusCode.TooManyRequests));
            Assert.That(ex.RetryAfter, Is.EqualTo(TimeSpan.FromSeconds(1)));
            Assert.That(ex.Attempts, Is.EqualTo(2));
            Assert.That(ex.TrackingId, Is.EqualTo("case-24"));
            Assert.That(Fake.Requests, Has.Count.EqualTo(2));
        });
    }

    [Test]
    public async Task RetryAfterZero_RetriesAtOnceAndCounts()
    {
        Fake.OnTransferSequence(new Reply(429, "0"), new Reply(204));
        using var client = Client();

        await client.TransferAsync(TransferRequest.Automatic());

        Assert.That(Fake.Requests, Has.Count.EqualTo(2));
        Assert.That(Time.TimersCreated, Is.Zero, "no wait at all");
    }

    [Test]
    public async Task CancelWhileWaitingAtTheGate_ThrowsPromptlyAndSendsNothing()
    {
        Fake.OnTransfer(r => r.WithStatusCode(429).WithHeader("Retry-After", "30"));
        using var client = Client(o => o.Retry.MaxRetryAttempts = 0);
        await Assert.ThrowsAsync<CallControlApiException>(() => client.TransferAsync(TransferRequest.Automatic()));
        using var cts = new CancellationTokenSource();

        var waiting = client.TransferAsync(TransferRequest.Automatic(), cts.Token);
        await Time.WaitForTimersAsync(1);
        await cts.CancelAsync();

        Assert.That(async () => await waiting, Throws.InstanceOf<OperationCanceledException>());
        Assert.That(Fake.Requests, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task ConfigurePipeline_AddsStrategiesThatRunAroundEachAttempt()
    {
        Fake.OnTransferSequence(new Reply(429, "0"), new Reply(204));
        var attemptsSeen = 0;
        using var client = Client(o => o.Retry.ConfigurePipeline = builder => Polly.ResiliencePipelineBuilderExtensions.AddStrategy(builder,
            _ => new CountingStrategy(() => Interlocked.Increment(ref attemptsSeen)),
            new CountingStrategyOptions()));

        await client.TransferAsync(TransferRequest.Automatic());

        Assert.That(attemptsSeen, Is.EqualTo(2));
    }

    private sealed class CountingStrategyOptions : Polly.ResilienceStrategyOptions
    {
    }

    private sealed class CountingStrategy(Action onAttempt) : Polly.ResilienceStrategy<HttpResponseMessage>
    {
        protected override ValueTask<Polly.Outcome<HttpResponseMessage>> ExecuteCore<TState>(
            Func<Polly.ResilienceContext, TState, ValueTask<Polly.Outcome<HttpResponseMessage>>> callback, Polly.ResilienceContext context, TState state)
        {
            onAttempt();
            return callback(context, state);
        }
    }

    private static readonly TimeSpan RetryPipelineJitter = TimeSpan.FromMilliseconds(10);

    /// <summary>Counts responses and how many of them were disposed (through their content).</summary>
    private sealed class DisposalCountingHandler(HttpMessageHandler inner) : DelegatingHandler(inner)
    {
        private int _responses;
        private int _disposed;

        internal int Responses => Volatile.Read(ref _responses);

        internal int Disposed => Volatile.Read(ref _disposed);

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var response = await base.SendAsync(request, cancellationToken);
            Interlocked.Increment(ref _responses);
            response.Content = new TrackingContent(response.Content, () => Interlocked.Increment(ref _disposed));
            return response;
        }

        private sealed class TrackingContent(HttpContent inner, Action onDispose) : HttpContent
        {
            private int _once;

            protected override Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context) => inner.CopyToAsync(stream);

            protected override Task<Stream> CreateContentReadStreamAsync() => inner.ReadAsStreamAsync();

            protected override bool TryComputeLength(out long length)
            {
                length = inner.Headers.ContentLength ?? -1;
                return length >= 0;
            }

            protected override void Dispose(bool disposing)
            {
                if (disposing && Interlocked.Exchange(ref _once, 1) == 0)
                {
                    inner.Dispose();
                    onDispose();
                }

                base.Dispose(disposing);
            }
        }
    }
}
