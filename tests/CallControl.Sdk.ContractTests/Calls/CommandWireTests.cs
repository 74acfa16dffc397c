using System.Net;
using CallControl.Sdk.ContractTests.Infrastructure;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace CallControl.Sdk.ContractTests.Calls;

/// <summary>Every command besides transfer over real HTTP: the exact request, each success shape, and the command resilience policy.</summary>
[TestFixture]
public sealed class CommandWireTests : WebexFakeFixture
{
    private static IEnumerable<CommandCase> Commands => CommandCase.All();

    [TestCaseSource(nameof(Commands))]
    public async Task Command_SendsTheExactRequestOnceAndReadsTheSuccess(CommandCase command)
    {
        Fake.Server.Given(Request.Create().WithPath(command.Path).UsingPost()).RespondWith(Success(command).WithHeader("TrackingID", "ROUTER_OK"));
        using var client = Fake.CreateClient();

        var result = await command.Invoke(client, CancellationToken.None);

        Assert.That(Fake.Requests, Has.Count.EqualTo(1));
        var request = Fake.Requests[0];
        Assert.Multiple(() =>
        {
            Assert.That(request.Method, Is.EqualTo("POST"));
            Assert.That(request.Path, Is.EqualTo(command.Path));
            Assert.That(WebexFake.Header(request, "Authorization"), Is.EqualTo("Bearer " + WebexFake.Token));
            Assert.That(WebexFake.Header(request, "Accept"), Is.EqualTo("application/json"));
            Assert.That(WebexFake.Header(request, "Content-Type"), Does.StartWith("application/json"));
            Assert.That(WebexFake.Header(request, "TrackingID"), Does.Match("^CallControlSdk_[0-9a-f]{16}_[0-9a-f]{16}$"));
            Assert.That(request.Body, Is.EqualTo(command.ExpectedBody));
            Assert.That(Results.Of(result), Is.EqualTo(((HttpStatusCode)command.SuccessStatus, (string?)"ROUTER_OK")));
        });

        switch (result)
        {
            case CallCreatedResult created:
                Assert.That((created.CallId, created.CallSessionId), Is.EqualTo(("new-call", "new-session")));
                break;
            case ParkResult park:
                Assert.That(park.ParkedAgainst, Is.Not.Null);
                Assert.That((park.ParkedAgainst!.Number, park.ParkedAgainst.Name, park.ParkedAgainst.CallType, park.ParkedAgainst.PrivacyEnabled), Is.EqualTo(("1000", "Park 1", CallPartyType.Location, false)));
                break;
        }
    }

    [TestCaseSource(nameof(Commands))]
    public async Task Command_AmbiguousFailure_IsSentExactlyOnceAndOutcomeUnknown(CommandCase command)
    {
        Fake.Server.Given(Request.Create().WithPath(command.Path).UsingPost()).RespondWith(Response.Create().WithStatusCode(502)
            .WithHeader("Content-Type", "application/json").WithBody("""{"message":"upstream failed","trackingId":"ROUTER_502"}"""));
        using var client = Fake.CreateClient(o => o.Retry.BaseBackoff = TimeSpan.Zero);

        var ex = await Assert.ThrowsAsync<CallControlApiException>(() => command.Invoke(client, CancellationToken.None));

        Assert.Multiple(() =>
        {
            Assert.That(Fake.Requests, Has.Count.EqualTo(1), "a command that may have been carried out is never resent");
            Assert.That(ex!.StatusCode, Is.EqualTo(HttpStatusCode.BadGateway));
            Assert.That(ex.OutcomeUnknown, Is.True);
            Assert.That(ex.TrackingId, Is.EqualTo("ROUTER_502"));
            Assert.That(ex.Message, Does.Contain($"The Webex Call Control {command.Segment} failed with 502").And.Contain("may have been carried out"));
        });
    }

    [TestCaseSource(nameof(Commands))]
    public async Task Command_RateLimited_IsRetriedWithTheSameBodyAndTrackingId(CommandCase command)
    {
        var served = 0;
        Fake.Server.Given(Request.Create().WithPath(command.Path).UsingPost()).RespondWith(Response.Create().WithCallback(_ =>
            (Interlocked.Increment(ref served) == 1 ? new Reply(429, RetryAfter: "0") : new Reply(command.SuccessStatus, Body: command.SuccessBody)).ToMessage()));
        using var client = Fake.CreateClient();

        var result = await command.Invoke(client, CancellationToken.None);

        Assert.That(Fake.Requests, Has.Count.EqualTo(2));
        Assert.Multiple(() =>
        {
            Assert.That(Fake.Requests[1].Body, Is.EqualTo(Fake.Requests[0].Body));
            Assert.That(WebexFake.Header(Fake.Requests[1], "TrackingID"), Is.EqualTo(WebexFake.Header(Fake.Requests[0], "TrackingID")));
            Assert.That(Results.Of(result).Status, Is.EqualTo((HttpStatusCode)command.SuccessStatus));
            Assert.That(Results.Of(result).TrackingId, Is.EqualTo(WebexFake.Header(Fake.Requests[0], "TrackingID")), "without a TrackingID answer header, the one sent is reported");
        });
    }

    [TestCaseSource(nameof(Commands))]
    public async Task Command_ConnectionLostAfterSending_IsSentExactlyOnceAndOutcomeUnknown(CommandCase command)
    {
        using var server = new RawHttpServer();
        using var client = server.CreateClient();

        var ex = await Assert.ThrowsAsync<CallControlException>(() => command.Invoke(client, CancellationToken.None));

        Assert.That((ex!.OutcomeUnknown, ex.Attempts, server.Requests), Is.EqualTo((true, 1, 1)));
    }

    [TestCaseSource(nameof(Commands))]
    public async Task Command_CancelledBeforehand_SendsNothing(CommandCase command)
    {
        using var client = Fake.CreateClient();
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        Assert.That(async () => await command.Invoke(client, cancelled.Token), Throws.InstanceOf<OperationCanceledException>());
        Assert.That(Fake.Requests, Is.Empty);
    }

    [Test]
    public async Task CallerTrackingId_IsSentOnTheCommandAndReportedOnItsError()
    {
        Fake.Server.Given(Request.Create().WithPath("/v1/telephony/calls/hold").UsingPost()).RespondWith(Response.Create().WithStatusCode(404)
            .WithHeader("Content-Type", "application/json")
            .WithBody("""{"message":"Call not found","errors":[{"description":"Call not found","errorCode":404001}]}"""));
        using var client = Fake.CreateClient();

        var ex = await Assert.ThrowsAsync<CallControlApiException>(() => client.HoldAsync(new CallRequest("gone").WithTrackingId("crm-4711")));

        Assert.Multiple(() =>
        {
            Assert.That(WebexFake.Header(Fake.Requests.Single(), "TrackingID"), Is.EqualTo("crm-4711"));
            Assert.That(ex!.TrackingId, Is.EqualTo("crm-4711"));
            Assert.That(ex.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(ex.ErrorMessage, Is.EqualTo("Call not found"));
            Assert.That(ex.Errors.Single().ErrorCode, Is.EqualTo(404001));
            Assert.That(ex.OutcomeUnknown, Is.False);
            Assert.That(ex.Message, Does.Contain("hold failed with 404").And.Contain("call id may be stale"));
        });
    }

    [TestCase("answer", "Only an alerting incoming call can be answered")]
    [TestCase("mute", "MuteCapable")]
    public async Task Conflict_CarriesTheOperationsHint(string segment, string hint)
    {
        Fake.Server.Given(Request.Create().WithPath("/v1/telephony/calls/" + segment).UsingPost()).RespondWith(Response.Create().WithStatusCode(409));
        using var client = Fake.CreateClient();

        var ex = await Assert.ThrowsAsync<CallControlApiException>(() => segment == "answer" ? client.AnswerAsync(new AnswerRequest("c")) : client.MuteAsync(new CallRequest("c")));

        Assert.That(ex!.Message, Does.Contain(hint));
        Assert.That(Fake.Requests, Has.Count.EqualTo(1));
    }

    [TestCase("")]
    [TestCase("<html><body>Created</body></html>")]
    [TestCase("""{"callId":""")]
    public async Task CreatedWithAnUnreadableBody_StillSucceedsWithUnknownIds(string body)
    {
        Fake.Server.Given(Request.Create().WithPath("/v1/telephony/calls/dial").UsingPost()).RespondWith(Response.Create().WithStatusCode(201).WithBody(body));
        using var client = Fake.CreateClient();

        var result = await client.DialAsync(new DialRequest("1234"));

        Assert.That((result.StatusCode, result.CallId, result.CallSessionId), Is.EqualTo((HttpStatusCode.Created, (string?)null, (string?)null)));
    }

    [Test]
    public async Task ParkWithAnUnreadableBody_StillSucceedsWithoutTheParty()
    {
        Fake.Server.Given(Request.Create().WithPath("/v1/telephony/calls/park").UsingPost()).RespondWith(Response.Create().WithStatusCode(200).WithBody("<html>ok</html>"));
        using var client = Fake.CreateClient();

        var result = await client.ParkAsync(ParkRequest.InGroup("call-1"));

        Assert.That((result.StatusCode, result.ParkedAgainst), Is.EqualTo((HttpStatusCode.OK, (CallParty?)null)));
        Assert.That(Fake.Requests.Single().Body, Is.EqualTo("""{"callId":"call-1","isGroupPark":true}"""));
    }

    [Test]
    public async Task DivertToVoicemail_SendsToVoicemailTrueAndNoDestination()
    {
        Fake.Server.Given(Request.Create().WithPath("/v1/telephony/calls/divert").UsingPost()).RespondWith(Response.Create().WithStatusCode(204));
        using var client = Fake.CreateClient();

        await client.DivertAsync(DivertRequest.ToOwnVoicemail("call-1"));
        await client.DivertAsync(DivertRequest.ToVoicemailOf("call-1", "5678"));

        Assert.That(Fake.Requests.Select(r => r.Body), Is.EqualTo(new[]
        {
            """{"callId":"call-1","toVoicemail":true}""",
            """{"callId":"call-1","destination":"5678","toVoicemail":true}""",
        }));
    }

    [Test]
    public async Task SingleNumberReach_IsSentInsteadOfAnEndpoint()
    {
        Fake.Server.Given(Request.Create().UsingPost()).RespondWith(Response.Create().WithStatusCode(201).WithBody(CommandCase.CreatedBody));
        using var client = Fake.CreateClient();

        await client.DialAsync(DialRequest.ViaSingleNumberReach("1234", "+14085550100"));
        await client.RetrieveAsync(RetrieveRequest.ViaSingleNumberReach(default(string), "tel:+14085550100", "owner-1"));

        Assert.That(Fake.Requests.Select(r => r.Body), Is.EqualTo(new[]
        {
            """{"destination":"1234","singleNumberReachPhoneNumber":"+14085550100"}""",
            """{"singleNumberReachPhoneNumber":"tel:+14085550100","lineOwnerId":"owner-1"}""",
        }));
    }

    [Test]
    public async Task MinimalRequests_SendOnlyWhatWasGiven()
    {
        Fake.Server.Given(Request.Create().UsingPost()).RespondWith(Response.Create().WithStatusCode(201).WithBody(CommandCase.CreatedBody));
        using var client = Fake.CreateClient();

        await client.RetrieveAsync(new RetrieveRequest());
        await client.PickupAsync(new PickupRequest());
        await client.RejectAsync(new RejectRequest("call-1"));
        await client.ParkAsync(ParkRequest.AgainstSelf("call-1"));

        Assert.That(Fake.Requests.Select(r => (r.Path, r.Body)), Is.EqualTo(new[]
        {
            ("/v1/telephony/calls/retrieve", "{}"),
            ("/v1/telephony/calls/pickup", "{}"),
            ("/v1/telephony/calls/reject", """{"callId":"call-1"}"""),
            ("/v1/telephony/calls/park", """{"callId":"call-1"}"""),
        }));
    }

    private static IResponseBuilder Success(CommandCase command)
    {
        var response = Response.Create().WithStatusCode(command.SuccessStatus);
        return command.SuccessBody is null ? response : response.WithHeader("Content-Type", "application/json").WithBody(command.SuccessBody);
    }
}
