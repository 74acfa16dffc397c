using System.Net;
using System.Text.RegularExpressions;
using CallControl.Sdk.ContractTests.Infrastructure;

namespace CallControl.Sdk.ContractTests.Transfer;

/// <summary>What goes on the wire for each kind of transfer, and how each success answer is read.</summary>
[TestFixture]
public sealed class TransferWireTests : WebexFakeFixture
{
    [Test]
    public async Task TransferAsync_Attended_PostsBothCallIdsOnceAndReturns204()
    {
        Fake.OnTransfer(r => r.WithStatusCode(204).WithHeader("TrackingID", "ROUTER_ABC"));
        using var client = Fake.CreateClient();

        var result = await client.TransferAsync(TransferRequest.Attended("call-1", "call-2"));

        Assert.That(Fake.Requests, Has.Count.EqualTo(1));
        var request = Fake.Requests[0];
        Assert.Multiple(() =>
        {
            Assert.That(request.Method, Is.EqualTo("POST"));
            Assert.That(request.Path, Is.EqualTo(WebexFake.TransferPath));
            Assert.That(WebexFake.Header(request, "Authorization"), Is.EqualTo("Bearer " + WebexFake.Token));
            Assert.That(WebexFake.Header(request, "Accept"), Is.EqualTo("application/json"));
            Assert.That(WebexFake.Header(request, "Content-Type"), Does.StartWith("application/json"));
            Assert.That(WebexFake.Header(request, "User-Agent"), Does.Match(@"^CallControl\.Sdk/\d+\.\d+\.\d+"));
            Assert.That(WebexFake.Header(request, "TrackingID"), Does.Match("^CallControlSdk_[0-9a-f]{16}_[0-9a-f]{16}$"));
            Assert.That(request.Body, Is.EqualTo("""{"callId1":"call-1","callId2":"call-2"}"""));
            Assert.That(result.Kind, Is.EqualTo(TransferKind.Attended));
            Assert.That(result.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
            Assert.That(result.CallId, Is.Null);
            Assert.That(result.TrackingId, Is.EqualTo("ROUTER_ABC"));
        });
    }

    [Test]
    public async Task TransferAsync_Mute_PostsCallIdAndDestinationAndReadsNewCallIds()
    {
        Fake.OnTransfer(r => r.WithStatusCode(201).WithHeader("Content-Type", "application/json")
            .WithBody("""{"callId":"new-call","callSessionId":"new-session"}"""));
        using var client = Fake.CreateClient();

        var result = await client.TransferAsync(TransferRequest.Mute("call-1", "tel:+12223334444"));

        Assert.That(Fake.Requests, Has.Count.EqualTo(1));
        Assert.Multiple(() =>
        {
            Assert.That(Fake.Requests[0].Body, Is.EqualTo("""{"callId1":"call-1","destination":"tel:+12223334444"}"""));
            Assert.That(result.Kind, Is.EqualTo(TransferKind.Mute));
            Assert.That(result.StatusCode, Is.EqualTo(HttpStatusCode.Created));
            Assert.That(result.CallId, Is.EqualTo("new-call"));
            Assert.That(result.CallSessionId, Is.EqualTo("new-session"));
        });
    }

    [Test]
    public async Task TransferAsync_Automatic_PostsEmptyJsonObject()
    {
        Fake.OnTransfer(r => r.WithStatusCode(204));
        using var client = Fake.CreateClient();

        var result = await client.TransferAsync(TransferRequest.Automatic());

        Assert.That(Fake.Requests, Has.Count.EqualTo(1));
        Assert.That(Fake.Requests[0].Body, Is.EqualTo("{}"));
        Assert.That(result.Kind, Is.EqualTo(TransferKind.Automatic));
    }

    [Test]
    public async Task TransferAsync_LineOwnerId_IsSentAndNullFieldsAreOmitted()
    {
        Fake.OnTransfer(r => r.WithStatusCode(204));
        using var client = Fake.CreateClient();

        await client.TransferAsync(TransferRequest.CreateBuilder().WithCallId1("a").WithCallId2("b").WithLineOwnerId("owner-7").Build());

        Assert.That(Fake.Requests[0].Body, Is.EqualTo("""{"callId1":"a","callId2":"b","lineOwnerId":"owner-7"}"""));
        Assert.That(Fake.Requests[0].Body, Does.Not.Contain("null"));
    }

    [TestCase("/v1")]
    [TestCase("/v1/")]
    public async Task TransferAsync_BaseAddressWithOrWithoutTrailingSlash_PostsToTheSamePath(string basePath)
    {
        Fake.OnTransfer(r => r.WithStatusCode(204));
        using var client = Fake.CreateClient(o => o.BaseAddress = new Uri(Fake.Server.Url + basePath));

        await client.TransferAsync(TransferRequest.Automatic());

        Assert.That(Fake.Requests.Single().Path, Is.EqualTo(WebexFake.TransferPath));
    }

    [Test]
    public async Task TransferAsync_CallerSuppliedTrackingId_IsSentAsIs()
    {
        Fake.OnTransfer(r => r.WithStatusCode(204));
        using var client = Fake.CreateClient();

        var result = await client.TransferAsync(TransferRequest.Automatic().WithTrackingId("my-app_42"));

        Assert.That(WebexFake.Header(Fake.Requests.Single(), "TrackingID"), Is.EqualTo("my-app_42"));
        Assert.That(result.TrackingId, Is.EqualTo("my-app_42"), "without a TrackingID response header the sent one is reported");
    }

    [Test]
    public async Task OptionsChangedAfterConstruction_DoNotAffectTheClient()
    {
        Fake.OnTransferSequence(new Reply(423, "0"), new Reply(204));
        var options = new CallControlClientOptions { AccessToken = WebexFake.Token, BaseAddress = Fake.BaseAddress };
        using var client = new CallControlClient(options);

        // Read at run time, so only a copy taken at construction keeps them from reaching the live client.
        options.Retry.RetryOnLocked = false;
        options.Timeout = TimeSpan.FromMilliseconds(1);
        options.AccessToken = "changed-token";

        var result = await client.TransferAsync(TransferRequest.Automatic());

        Assert.That(result.StatusCode, Is.EqualTo(HttpStatusCode.NoContent), "the 423 was still retried");
        Assert.That(Fake.Requests, Has.Count.EqualTo(2));
        Assert.That(Fake.Requests.Select(r => WebexFake.Header(r, "Authorization")), Has.All.EqualTo("Bearer " + WebexFake.Token));
    }

    [Test]
    public async Task TransferAsync_TwoOperations_GetDifferentTrackingIds()
    {
        Fake.OnTransfer(r => r.WithStatusCode(204));
        using var client = Fake.CreateClient();

        await client.TransferAsync(TransferRequest.Automatic());
        await client.TransferAsync(TransferRequest.Automatic());

        var ids = Fake.Requests.Select(r => WebexFake.Header(r, "TrackingID")).ToList();
        Assert.That(ids, Is.Unique.And.Count.EqualTo(2));
    }

    [Test]
    public async Task TransferAsync_CallerOwnedHttpClient_IsUsedAndGetsTheBaseAddress()
    {
        Fake.OnTransfer(r => r.WithStatusCode(204));
        using var http = new HttpClient();
        using (var client = new CallControlClient(http, new CallControlClientOptions { AccessToken = WebexFake.Token, BaseAddress = Fake.BaseAddress }))
        {
            await client.TransferAsync(TransferRequest.Automatic());
        }

        Assert.That(Fake.Requests.Single().Path, Is.EqualTo(WebexFake.TransferPath));
        Assert.That(http.BaseAddress, Is.EqualTo(Fake.BaseAddress));
        Assert.DoesNotThrow(() => http.CancelPendingRequests(), "disposing the SDK client must not dispose a caller-owned HttpClient");
    }

    [Test]
    public void Constructor_CallerOwnedHttpClientWithADifferentBaseAddress_Throws()
    {
        using var http = new HttpClient { BaseAddress = new Uri("https://elsewhere.example/v1/") };
        var ex = Assert.Throws<ArgumentException>(() => _ = new CallControlClient(http, new CallControlClientOptions { AccessToken = "t", BaseAddress = Fake.BaseAddress }));
        Assert.That(ex!.Message, Does.Contain("disagree"));
    }

    [Test]
    public async Task TransferAsync_201WithoutReadableBody_IsStillASuccessWithoutIds()
    {
        Fake.OnTransfer(r => r.WithStatusCode(201).WithBody("<html>created</html>"));
        using var client = Fake.CreateClient();

        var result = await client.TransferAsync(TransferRequest.Mute("call-1", "1234"));

        Assert.That(result.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        Assert.That(result.CallId, Is.Null);
        Assert.That(Fake.Requests, Has.Count.EqualTo(1));
    }

    [Test]
    public void TransferAsync_InvalidRequest_NeverReachesTheServer()
    {
        Fake.OnTransfer(r => r.WithStatusCode(204));
        using var client = Fake.CreateClient();

        Assert.Throws<TransferRequestValidationException>(() => client.TransferAsync(TransferRequest.CreateBuilder().WithCallId1("a").Build()));
        Assert.Throws<TransferRequestValidationException>(() => client.TransferAsync(TransferRequest.Mute("a", "not a number")));

        Assert.That(Fake.Requests, Is.Empty);
    }

    [Test]
    public void TransferAsync_CancelledWhileWaitingForTheAnswer_ThrowsOperationCanceled()
    {
        Fake.OnTransfer(r => r.WithStatusCode(204).WithDelay(TimeSpan.FromSeconds(3)));
        using var client = Fake.CreateClient();
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        Assert.That(async () => await client.TransferAsync(TransferRequest.Automatic(), cts.Token), Throws.InstanceOf<OperationCanceledException>());
    }

    [Test]
    public void TransferAsync_AlreadyCancelled_SendsNothing()
    {
        Fake.OnTransfer(r => r.WithStatusCode(204));
        using var client = Fake.CreateClient();

        Assert.That(async () => await client.TransferAsync(TransferRequest.Automatic(), new CancellationToken(canceled: true)), Throws.InstanceOf<OperationCanceledException>());
        Assert.That(Fake.Requests, Is.Empty);
    }
}
