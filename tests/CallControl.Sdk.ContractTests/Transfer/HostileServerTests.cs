using System.Net;
using CallControl.Sdk.ContractTests.Infrastructure;

namespace CallControl.Sdk.ContractTests.Transfer;

/// <summary>A server that misbehaves at the socket level: every case ends in a bounded time with a typed outcome.</summary>
[TestFixture]
public sealed class HostileServerTests
{
    [Test]
    public async Task ErrorBodyThatTricklesForever_TheBudgetEndsItWithATypedError()
    {
        using var server = new RawHttpServer(RawBehavior.TrickleBody, status: 502);
        using var client = server.CreateClient(o => o.Timeout = TimeSpan.FromSeconds(2));

        var started = Environment.TickCount64;
        var ex = await Assert.ThrowsAsync<CallControlApiException>(() => client.TransferAsync(TransferRequest.Attended("a", "b")));

        Assert.That(ex!.StatusCode, Is.EqualTo(HttpStatusCode.BadGateway), "the status arrived; only the body never ended");
        Assert.That(ex.TrackingId, Is.EqualTo("ROUTER_TRICKLE"));
        Assert.That(ex.OutcomeUnknown, Is.True);
        Assert.That(Environment.TickCount64 - started, Is.LessThan(15_000), "bounded by the 2 s budget, not by the body");
    }

    [Test]
    public async Task CreatedBodyThatTricklesForever_IsASuccessWithoutIdsWhenTheBudgetEnds()
    {
        using var server = new RawHttpServer(RawBehavior.TrickleBody, status: 201);
        using var client = server.CreateClient(o => o.Timeout = TimeSpan.FromSeconds(2));

        var result = await client.TransferAsync(TransferRequest.Mute("a", "1234"));

        Assert.That(result.StatusCode, Is.EqualTo(HttpStatusCode.Created), "the transfer happened: never an exception a caller might answer with a retry");
        Assert.That(result.CallId, Is.Null);
        Assert.That(server.Requests, Is.EqualTo(1));
    }

    [Test]
    public async Task CallerOwnedHttpClientTimeout_IsOutcomeUnknownWithATimeoutInside()
    {
        using var server = new RawHttpServer(RawBehavior.NeverAnswer);
        using var http = new HttpClient { Timeout = TimeSpan.FromMilliseconds(500) };
        using var client = new CallControlClient(http, new CallControlClientOptions { AccessToken = WebexFake.Token, BaseAddress = server.BaseAddress });

        var ex = await Assert.ThrowsAsync<CallControlException>(() => client.TransferAsync(TransferRequest.Attended("a", "b")));

        Assert.That(ex!.OutcomeUnknown, Is.True);
        Assert.That(ex.InnerException, Is.InstanceOf<TimeoutException>());
        Assert.That(ex.Message, Does.Contain("the HttpClient's own Timeout").And.Not.Contain("-00:00"));
        Assert.That(server.Requests, Is.EqualTo(1), "a timed-out command is not resent");
    }

    [Test]
    public async Task SeveralRetryAfterHeaders_OneOverTheCap_FailAtOnceWithTheLatest()
    {
        using var fake = new WebexFake();
        fake.Server.Given(WireMock.RequestBuilders.Request.Create().WithPath(WebexFake.TransferPath).UsingPost())
            .RespondWith(WireMock.ResponseBuilders.Response.Create().WithCallback(_ =>
                new WireMock.ResponseMessage { StatusCode = 429, Headers = new Dictionary<string, WireMock.Types.WireMockList<string>> { ["Retry-After"] = new("5", "3600") } }));
        using var client = fake.CreateClient(o => o.Timeout = Timeout.InfiniteTimeSpan);

        var ex = await Assert.ThrowsAsync<CallControlApiException>(() => client.TransferAsync(TransferRequest.Automatic()));

        Assert.That(ex!.RetryAfter, Is.EqualTo(TimeSpan.FromHours(1)), "the latest instant named, not the earliest and not a 1 s backoff");
        Assert.That(fake.Server.LogEntries, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task SeveralRetryAfterHeaders_RetryNoEarlierThanTheLatestInstant()
    {
        using var fake = new WebexFake();
        var time = new WaitObservingTimeProvider();
        var served = 0;
        fake.Server.Given(WireMock.RequestBuilders.Request.Create().WithPath(WebexFake.TransferPath).UsingPost())
            .RespondWith(WireMock.ResponseBuilders.Response.Create().WithCallback(_ => Interlocked.Increment(ref served) == 1
                ? new WireMock.ResponseMessage { StatusCode = 429, Headers = new Dictionary<string, WireMock.Types.WireMockList<string>> { ["Retry-After"] = new("5", "20") } }
                : new Reply(204).ToMessage()));
        using var client = fake.CreateClient(o =>
        {
            o.TimeProvider = time;
            o.Timeout = Timeout.InfiniteTimeSpan;
        });

        var transfer = client.TransferAsync(TransferRequest.Automatic());
        await time.WaitForTimersAsync(1);
        time.Advance(TimeSpan.FromSeconds(19.9));
        Assert.That(transfer.IsCompleted || Volatile.Read(ref served) != 1, Is.False, "the retry timer (20 s) has not fired: the retry cannot have been sent");
        time.Advance(TimeSpan.FromSeconds(1)); // 20 s + at most 10 ms of jitter

        Assert.That((await transfer).StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        Assert.That(served, Is.EqualTo(2));
    }

    [Test]
    public async Task HugeOrHostileTrackingIdHeader_IsTruncatedAndSanitized()
    {
        using var fake = new WebexFake();
        fake.OnTransfer(r => r.WithStatusCode(404).WithHeader("TrackingID", new string('X', 10_000) + "\u00e9"));
        using var client = fake.CreateClient();

        var ex = await Assert.ThrowsAsync<CallControlApiException>(() => client.TransferAsync(TransferRequest.Attended("a", "b")));

        Assert.That(ex!.TrackingId!.Length, Is.LessThanOrEqualTo(257));
        Assert.That(ex.Message.Length, Is.LessThan(2_000));
    }

    [Test]
    public async Task WrongContentTypeOnSuccess_IsStillReadAsJson()
    {
        using var fake = new WebexFake();
        fake.OnTransfer(r => r.WithStatusCode(201).WithHeader("Content-Type", "text/plain").WithBody("""{"callId":"c1","callSessionId":"s1"}"""));
        using var client = fake.CreateClient();

        var result = await client.TransferAsync(TransferRequest.Mute("a", "1234"));

        Assert.That(result.CallId, Is.EqualTo("c1"));
    }

    [TestCase("""{"callId":42}""")]
    [TestCase("""{"callId":"c1","callSessionId":["x"]}""")]
    [TestCase("""{"callId":"c1""")]
    [TestCase("null")]
    [TestCase("")]
    public async Task MalformedCreatedBody_IsASuccessWithoutIds(string body)
    {
        using var fake = new WebexFake();
        fake.OnTransfer(r => r.WithStatusCode(201).WithBody(body));
        using var client = fake.CreateClient();

        var result = await client.TransferAsync(TransferRequest.Mute("a", "1234"));

        Assert.That(result.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        Assert.That(result.CallId, Is.Null);
        Assert.That(fake.Requests, Has.Count.EqualTo(1));
    }
}
