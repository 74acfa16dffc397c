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
        using var client = new CallControlClient(new CallControlClientOptions { AccessToken = WebexFake.Token, BaseAddress = server.BaseAddress, Timeout = TimeSpan.FromSeconds(2) });

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
        using var client = new CallControlClient(new CallControlClientOptions { AccessToken = WebexFake.Token, BaseAddress = server.BaseAddress, Timeout = TimeSpan.FromSeconds(2) });

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
        Assert.That(server.Requests, Is.EqualTo(1), "a timed-out command is not resent");
    }
}
