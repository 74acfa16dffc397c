using System.Net;
using CallControl.Sdk.ContractTests.Infrastructure;

namespace CallControl.Sdk.ContractTests.Transfer;

/// <summary>Every documented error status, and malformed error bodies, become typed exceptions with the right fields.</summary>
[TestFixture]
public sealed class TransferErrorTests : WebexFakeFixture
{
    private const string ErrorBody = """
        {"message":"Call is not in a valid state","errors":[{"description":"Call is not in a valid state","errorCode":9601},{"description":"second","errorCode":2}],"trackingId":"ROUTER_BODY_1","errorCode":9601}
        """;

    // Status, whether the outcome is unknown (the transfer may have happened).
    private static readonly object[] DocumentedErrors =
    [
        new object[] { 400, false }, new object[] { 401, false }, new object[] { 403, false }, new object[] { 404, false },
        new object[] { 405, false }, new object[] { 409, false }, new object[] { 410, false }, new object[] { 415, false },
        new object[] { 423, false }, new object[] { 428, false }, new object[] { 429, false }, new object[] { 500, true },
        new object[] { 502, true }, new object[] { 503, false }, new object[] { 504, true },
    ];

    [TestCaseSource(nameof(DocumentedErrors))]
    public async Task TransferAsync_DocumentedErrorStatus_ThrowsApiExceptionWithEveryField(int status, bool outcomeUnknown)
    {
        Fake.OnTransfer(r => r.WithStatusCode(status).WithHeader("Content-Type", "application/json").WithHeader("TrackingID", "ROUTER_HEADER_1").WithBody(ErrorBody));
        using var client = Fake.CreateClient(o => o.Retry.MaxRetryAttempts = 0);

        var ex = await Assert.ThrowsAsync<CallControlApiException>(() => client.TransferAsync(TransferRequest.Attended("a", "b")));

        Assert.Multiple(() =>
        {
            Assert.That((int)ex!.StatusCode, Is.EqualTo(status));
            Assert.That(ex.ErrorMessage, Is.EqualTo("Call is not in a valid state"));
            Assert.That(ex.Errors.Select(e => (e.Description, e.ErrorCode)), Is.EqualTo(new[] { ("Call is not in a valid state", (long?)9601), ("second", (long?)2) }));
            Assert.That(ex.TrackingId, Is.EqualTo("ROUTER_BODY_1"), "the body's trackingId wins over the header");
            Assert.That(ex.OutcomeUnknown, Is.EqualTo(outcomeUnknown));
            Assert.That(ex.Attempts, Is.EqualTo(1));
            Assert.That(ex.Message, Does.Contain(status.ToString(System.Globalization.CultureInfo.InvariantCulture)).And.Contain("ROUTER_BODY_1"));
            Assert.That(ex.Message, Does.Not.Contain(WebexFake.Token));
            Assert.That(Fake.Requests, Has.Count.EqualTo(1), "nothing here is retried");
        });
    }

    [Test]
    public async Task TransferAsync_409_MessagePointsToDivert()
    {
        Fake.OnTransfer(r => r.WithStatusCode(409).WithBody("""{"message":"Call not answered"}"""));
        using var client = Fake.CreateClient();

        var ex = await Assert.ThrowsAsync<CallControlApiException>(() => client.TransferAsync(TransferRequest.Mute("incoming", "1234")));

        Assert.That(ex!.Message, Does.Contain("divert"));
        Assert.That(ex.OutcomeUnknown, Is.False);
    }

    [Test]
    public async Task TransferAsync_500_SaysTheTransferMayHaveHappened()
    {
        Fake.OnTransfer(r => r.WithStatusCode(500));
        using var client = Fake.CreateClient();

        var ex = await Assert.ThrowsAsync<CallControlApiException>(() => client.TransferAsync(TransferRequest.Attended("a", "b")));

        Assert.That(ex!.OutcomeUnknown, Is.True);
        Assert.That(ex.Message, Does.Contain("may have been carried out"));
        Assert.That(Fake.Requests, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task TransferAsync_ErrorWithRetryAfterHeader_ExposesIt()
    {
        Fake.OnTransfer(r => r.WithStatusCode(429).WithHeader("Retry-After", "194"));
        using var client = Fake.CreateClient();

        var ex = await Assert.ThrowsAsync<CallControlApiException>(() => client.TransferAsync(TransferRequest.Automatic()));

        Assert.That(ex!.RetryAfter, Is.EqualTo(TimeSpan.FromSeconds(194)));
        Assert.That(Fake.Requests, Has.Count.EqualTo(1), "194 s is over the 60 s cap: fail fast, no wait");
    }

    private static readonly object[] MalformedBodies =
    [
        new object[] { "html", "text/html", "<html><body><h1>502 Bad Gateway</h1></body></html>" },
        new object[] { "empty", "application/json", "" },
        new object[] { "truncated", "application/json", """{"message":"Call is no""" },
        new object[] { "wrong types", "application/json", """{"message":42,"errors":"nope","trackingId":{"a":1}}""" },
        new object[] { "array", "application/json", "[1,2,3]" },
        new object[] { "plain text", "text/plain", "Service exploded" },
        new object[] { "deep nesting", "application/json", new string('[', 5000) },
    ];

    [TestCaseSource(nameof(MalformedBodies))]
    public async Task TransferAsync_MalformedErrorBody_StillThrowsTheTypedException(string name, string contentType, string body)
    {
        Fake.OnTransfer(r => r.WithStatusCode(502).WithHeader("Content-Type", contentType).WithHeader("TrackingID", "ROUTER_GW").WithBody(body));
        using var client = Fake.CreateClient();

        var ex = await Assert.ThrowsAsync<CallControlApiException>(() => client.TransferAsync(TransferRequest.Attended("a", "b")), name);

        Assert.Multiple(() =>
        {
            Assert.That(ex!.StatusCode, Is.EqualTo(HttpStatusCode.BadGateway));
            Assert.That(ex.ErrorMessage, Is.Null);
            Assert.That(ex.TrackingId, Is.EqualTo("ROUTER_GW"), "the header is the fallback");
            Assert.That(ex.OutcomeUnknown, Is.True);
            Assert.That(ex.InnerException, Is.Null, "no JsonException leaks");
        });
    }

    [Test]
    public async Task TransferAsync_HugeErrorBody_IsReadOnlyUpToTheLimit()
    {
        var huge = "{\"message\":\"" + new string('x', 10 * 1024 * 1024) + "\"}";
        Fake.OnTransfer(r => r.WithStatusCode(400).WithBody(huge));
        using var client = Fake.CreateClient();

        var ex = await Assert.ThrowsAsync<CallControlApiException>(() => client.TransferAsync(TransferRequest.Attended("a", "b")));

        Assert.That(ex!.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(ex.ErrorMessage, Is.Null, "the body was cut at 64 KiB, so it is not parsed");
        Assert.That(ex.Message.Length, Is.LessThan(1000));
    }

    [Test]
    public async Task TransferAsync_NoTrackingIdAnywhere_FallsBackToTheOneSent()
    {
        Fake.OnTransfer(r => r.WithStatusCode(404));
        using var client = Fake.CreateClient();

        var ex = await Assert.ThrowsAsync<CallControlApiException>(() => client.TransferAsync(TransferRequest.Attended("a", "b")));

        Assert.That(ex!.TrackingId, Is.EqualTo(WebexFake.Header(Fake.Requests.Single(), "TrackingID")));
    }

    [Test]
    public async Task TransferAsync_RedirectToAnotherHost_IsAnErrorAndIsNotFollowed()
    {
        using var other = new WebexFake();
        other.OnTransfer(r => r.WithStatusCode(204));
        Fake.OnTransfer(r => r.WithStatusCode(307).WithHeader("Location", other.Server.Url + WebexFake.TransferPath));
        using var client = Fake.CreateClient();

        var ex = await Assert.ThrowsAsync<CallControlApiException>(() => client.TransferAsync(TransferRequest.Automatic()));

        Assert.That((int)ex!.StatusCode, Is.EqualTo(307));
        Assert.That(other.Requests, Is.Empty, "the Authorization header must never reach another host");
    }

    [Test]
    public async Task TransferAsync_ConnectionResetAfterSend_IsOutcomeUnknownAndSentOnce()
    {
        using var server = new RawHttpServer();
        using var client = server.CreateClient();

        var ex = await Assert.ThrowsAsync<CallControlException>(() => client.TransferAsync(TransferRequest.Attended("a", "b")));

        Assert.That(ex!.OutcomeUnknown, Is.True);
        Assert.That(ex.Message, Does.Contain("may have been carried out"));
        Assert.That(ex.TrackingId, Does.StartWith("CallControlSdk_"));
        Assert.That(server.Requests, Is.EqualTo(1), "a command whose outcome is unknown is never resent");
    }

    [Test]
    public async Task TransferAsync_NothingListening_IsAConnectionErrorWithAKnownOutcome()
    {
        var port = FreePort();
        using var client = new CallControlClient(new CallControlClientOptions
        {
            AccessToken = WebexFake.Token,
            BaseAddress = new Uri($"http://127.0.0.1:{port}/v1/"),
            Retry = { MaxRetryAttempts = 0 },
        });

        var ex = await Assert.ThrowsAsync<CallControlException>(() => client.TransferAsync(TransferRequest.Attended("a", "b")));

        Assert.That(ex!.OutcomeUnknown, Is.False);
        Assert.That(ex.Message, Does.Contain("nothing was sent"));
    }

    internal static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
