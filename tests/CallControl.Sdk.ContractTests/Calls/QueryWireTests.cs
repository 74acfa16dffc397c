using System.Net;
using CallControl.Sdk.ContractTests.Infrastructure;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace CallControl.Sdk.ContractTests.Calls;

/// <summary>The queries (list calls, call details, call history) over real HTTP: requests, answers, retries and hostile bodies.</summary>
[TestFixture]
public sealed class QueryWireTests : WebexFakeFixture
{
    private const string CallsPath = "/v1/telephony/calls";

    // The documented Call shape with every field, plus values this SDK does not know.
    private const string FullCall = """
        {
          "id": "call-1",
          "callSessionId": "session-1",
          "personality": "terminator",
          "state": "alerting",
          "remoteParty": { "name": "John Smith", "number": "+12223334444", "personId": "person-1", "placeId": "place-1", "privacyEnabled": false, "callType": "external" },
          "appearance": 2,
          "created": "2016-04-21T17:00:00.000Z",
          "answered": "2016-04-21T17:00:05.000Z",
          "redirections": [ { "reason": "noAnswer", "redirectingParty": { "number": "1234", "privacyEnabled": true, "callType": "location" } } ],
          "recall": { "type": "park", "party": { "number": "1000", "privacyEnabled": false, "callType": "organization" } },
          "recordingState": "paused",
          "muteCapable": true,
          "muted": true
        }
        """;

    private static readonly string[] HostileBodies =
    [
        "<html><body>502 Bad Gateway</body></html>",
        """{"items":[{"id":"call-1",""",
        "[1,2,3]",
        "null",
        """{"items":"not an array"}""",
        """{"items":[{"id":123,"muted":"yes"}]}""",
        new string('[', 5000) + new string(']', 5000),
    ];

    [Test]
    public async Task ListCalls_GetsTheCollectionAndMapsEveryDocumentedField()
    {
        Fake.Server.Given(Request.Create().WithPath(CallsPath).UsingGet()).RespondWith(Response.Create().WithStatusCode(200)
            .WithHeader("Content-Type", "application/json").WithBody("""{"items":[""" + FullCall + ""","id-placeholder"]}""".Replace("\"id-placeholder\"", """{"id":"call-2","state":"someFutureState","personality":"clickToDial","remoteParty":{"callType":"interstellar"}}""", StringComparison.Ordinal)));
        using var client = Fake.CreateClient();

        var calls = await client.ListCallsAsync();

        var request = Fake.Requests.Single();
        Assert.Multiple(() =>
        {
            Assert.That(request.Method, Is.EqualTo("GET"));
            Assert.That(request.Path, Is.EqualTo(CallsPath));
            Assert.That(request.Query, Is.Null.Or.Empty);
            Assert.That(request.Body, Is.Null.Or.Empty);
            Assert.That(WebexFake.Header(request, "Authorization"), Is.EqualTo("Bearer " + WebexFake.Token));
            Assert.That(WebexFake.Header(request, "Accept"), Is.EqualTo("application/json"));
            Assert.That(WebexFake.Header(request, "TrackingID"), Does.Match("^CallControlSdk_[0-9a-f]{16}_[0-9a-f]{16}$"));
        });

        Assert.That(calls, Has.Count.EqualTo(2));
        var call = calls[0];
        Assert.Multiple(() =>
        {
            Assert.That((call.Id, call.CallSessionId, call.Personality, call.State), Is.EqualTo(("call-1", "session-1", CallPersonality.Terminator, CallState.Alerting)));
            Assert.That(call.RemoteParty, Is.Not.Null);
            Assert.That((call.RemoteParty!.Name, call.RemoteParty.Number, call.RemoteParty.PersonId, call.RemoteParty.PlaceId, call.RemoteParty.PrivacyEnabled, call.RemoteParty.CallType),
                Is.EqualTo(("John Smith", "+12223334444", "person-1", "place-1", false, CallPartyType.External)));
            Assert.That(call.Appearance, Is.EqualTo(2));
            Assert.That(call.Created, Is.EqualTo(new DateTimeOffset(2016, 4, 21, 17, 0, 0, TimeSpan.Zero)));
            Assert.That(call.Answered, Is.EqualTo(new DateTimeOffset(2016, 4, 21, 17, 0, 5, TimeSpan.Zero)));
            Assert.That(call.Redirections.Single().Reason, Is.EqualTo(RedirectionReason.NoAnswer));
            Assert.That(call.Redirections.Single().RedirectingParty!.PrivacyEnabled, Is.True);
            Assert.That((call.Recall!.Type, call.Recall.Party!.Number, call.Recall.Party.CallType), Is.EqualTo((RecallType.Park, "1000", CallPartyType.Organization)));
            Assert.That(call.RecordingState, Is.EqualTo(RecordingState.Paused));
            Assert.That((call.MuteCapable, call.Muted), Is.EqualTo((true, true)));

            // Values added by Webex later read as Unknown instead of failing the whole list.
            Assert.That((calls[1].State, calls[1].Personality, calls[1].RemoteParty!.CallType), Is.EqualTo((CallState.Unknown, CallPersonality.ClickToDial, CallPartyType.Unknown)));
            Assert.That((calls[1].Created, calls[1].RecordingState, calls[1].Redirections), Is.EqualTo(((DateTimeOffset?)null, (RecordingState?)null, Array.Empty<CallRedirection>())));
        });
    }

    [TestCase("""{"items":[]}""")]
    [TestCase("{}")]
    public async Task ListCalls_WithNoCalls_IsEmpty(string body)
    {
        Fake.Server.Given(Request.Create().WithPath(CallsPath).UsingGet()).RespondWith(Response.Create().WithStatusCode(200).WithBody(body));
        using var client = Fake.CreateClient();

        Assert.That(await client.ListCallsAsync(), Is.Empty);
    }

    [Test]
    public async Task GetCall_EscapesTheCallIdIntoOnePathSegment()
    {
        Fake.Server.Given(Request.Create().UsingGet()).RespondWith(Response.Create().WithStatusCode(200).WithBody(FullCall));
        using var client = Fake.CreateClient();

        var call = await client.GetCallAsync("Y2lz/Y29z+cGFy=");

        Assert.That(call.Id, Is.EqualTo("call-1"));
        Assert.That(Fake.Requests.Single().AbsoluteUrl, Does.EndWith("/v1/telephony/calls/Y2lz%2FY29z+cGFy="), "one segment: the slash is escaped; + and = are legal in a path");
    }

    [Test]
    public async Task GetCall_NotFound_IsAnApiExceptionWithTheHintAndIsNotRetried()
    {
        Fake.Server.Given(Request.Create().UsingGet()).RespondWith(Response.Create().WithStatusCode(404).WithHeader("TrackingID", "ROUTER_404"));
        using var client = Fake.CreateClient();

        var ex = await Assert.ThrowsAsync<CallControlApiException>(() => client.GetCallAsync("gone"));

        Assert.That((ex!.StatusCode, ex.TrackingId, ex.OutcomeUnknown, Fake.Requests.Count), Is.EqualTo((HttpStatusCode.NotFound, "ROUTER_404", false, 1)));
        Assert.That(ex.Message, Does.Contain("getCall failed with 404"));
    }

    [TestCase(null, "")]
    [TestCase(CallHistoryType.Placed, "placed")]
    [TestCase(CallHistoryType.Missed, "missed")]
    [TestCase(CallHistoryType.Received, "received")]
    public async Task GetCallHistory_SendsTheTypeFilterAndMapsRecords(CallHistoryType? type, string wire)
    {
        Fake.Server.Given(Request.Create().WithPath(CallsPath + "/history").UsingGet()).RespondWith(Response.Create().WithStatusCode(200).WithBody("""
            {"items":[{"type":"missed","name":"Jane","number":"+12225554444","privacyEnabled":false,"time":"2016-04-21T17:00:00.000Z"},{"type":"voicemailed","privacyEnabled":true}]}
            """));
        using var client = Fake.CreateClient();

        var history = await client.GetCallHistoryAsync(type);

        var request = Fake.Requests.Single();
        Assert.That(request.Path, Is.EqualTo(CallsPath + "/history"));
        Assert.That(new Uri(request.AbsoluteUrl).Query, Is.EqualTo(wire.Length == 0 ? string.Empty : "?type=" + wire));
        Assert.Multiple(() =>
        {
            Assert.That((history[0].Type, history[0].Name, history[0].Number, history[0].PrivacyEnabled, history[0].Time),
                Is.EqualTo((CallHistoryType.Missed, "Jane", "+12225554444", false, (DateTimeOffset?)new DateTimeOffset(2016, 4, 21, 17, 0, 0, TimeSpan.Zero))));
            Assert.That((history[1].Type, history[1].PrivacyEnabled, history[1].Time), Is.EqualTo((CallHistoryType.Unknown, true, (DateTimeOffset?)null)));
        });
    }

    [TestCase(500)]
    [TestCase(502)]
    [TestCase(504)]
    public async Task Query_AmbiguousStatus_IsRetriedBecauseAGetChangesNothing(int status)
    {
        var served = 0;
        Fake.Server.Given(Request.Create().WithPath(CallsPath).UsingGet()).RespondWith(Response.Create().WithCallback(_ =>
            (Interlocked.Increment(ref served) == 1 ? new Reply(status) : new Reply(200, Body: $$"""{"items":[{{FullCall}}]}""")).ToMessage()));
        using var client = Fake.CreateClient(o => o.Retry.BaseBackoff = TimeSpan.Zero);

        var calls = await client.ListCallsAsync();

        Assert.That((calls.Count, Fake.Requests.Count), Is.EqualTo((1, 2)));
        Assert.That(WebexFake.Header(Fake.Requests[1], "TrackingID"), Is.EqualTo(WebexFake.Header(Fake.Requests[0], "TrackingID")));
    }

    /// <summary>Every query, and every webhook operation, sends the caller's TrackingID when its request has one, on every attempt.</summary>
    [TestCase("listCalls")]
    [TestCase("getCall")]
    [TestCase("getCallHistory")]
    [TestCase("listCallWebhooks")]
    [TestCase("getWebhook")]
    [TestCase("deleteWebhook")]
    [TestCase("createCallWebhook")]
    [TestCase("updateWebhook")]
    public async Task EveryQueryAndWebhookOperation_SendsTheCallersTrackingId_OnEveryAttempt(string operation)
    {
        var served = 0;
        var body = operation switch
        {
            "listCalls" or "getCallHistory" or "listCallWebhooks" => """{"items":[]}""",
            "deleteWebhook" => string.Empty,
            "getCall" => FullCall,
            _ => """{"id":"wh-1","name":"calls","targetUrl":"https://example.com/hooks","resource":"telephony_calls","event":"all"}""",
        };
        Fake.Server.Given(Request.Create()).RespondWith(Response.Create().WithCallback(_ =>
            (Interlocked.Increment(ref served) == 1 ? new Reply(503, RetryAfter: "0") : new Reply(operation == "deleteWebhook" ? 204 : 200, Body: body)).ToMessage()));
        using var client = Fake.CreateClient(o => o.Retry.BaseBackoff = TimeSpan.Zero);
        const string Id = "crm-4711";
        var target = new Uri("https://example.com/hooks");

        Task sent = operation switch
        {
            "listCalls" => client.ListCallsAsync(new ListCallsRequest().WithTrackingId(Id)),
            "getCall" => client.GetCallAsync(new GetCallRequest("call-1").WithTrackingId(Id)),
            "getCallHistory" => client.GetCallHistoryAsync(new CallHistoryRequest(CallHistoryType.Missed).WithTrackingId(Id)),
            "listCallWebhooks" => client.ListCallWebhooksAsync(new ListCallWebhooksRequest().WithTrackingId(Id)),
            "getWebhook" => client.GetWebhookAsync(new WebhookRequest("wh-1").WithTrackingId(Id)),
            "deleteWebhook" => client.DeleteWebhookAsync(new WebhookRequest("wh-1").WithTrackingId(Id)),
            "createCallWebhook" => client.CreateCallWebhookAsync(new CallWebhookRequest("calls", target).WithTrackingId(Id)),
            _ => client.UpdateWebhookAsync("wh-1", new CallWebhookUpdate("calls", target).WithTrackingId(Id)),
        };
        await sent;

        Assert.That(Fake.Requests.Select(r => WebexFake.Header(r, "TrackingID")), Is.EqualTo(new[] { Id, Id }), "a 503 proves nothing was done: the retry carries the same id");
    }

    [Test]
    public void AQueryRequestsTrackingId_FollowsTheHeaderRule_AndNothingIsSent()
    {
        using var client = Fake.CreateClient();

        var ex = Assert.Throws<CallControlRequestValidationException>(() => new GetCallRequest("call-1").WithTrackingId("line\nbreak"))!;

        Assert.That(ex.ParamName, Is.EqualTo("trackingId"));
        var copy = new GetCallRequest("c1").WithTrackingId("a");
        Assert.That(copy, Is.EqualTo(new GetCallRequest("c1").WithTrackingId("a")).And.Not.EqualTo(new GetCallRequest("c1")), "requests compare by value, so a mock can be verified with one");
        Assert.That(Fake.Requests, Is.Empty);
    }

    [Test]
    public async Task Query_AmbiguousStatusEveryTime_FailsAfterTheRetriesWithAKnownOutcome()
    {
        Fake.Server.Given(Request.Create().UsingGet()).RespondWith(Response.Create().WithStatusCode(504));
        using var client = Fake.CreateClient(o => { o.Retry.BaseBackoff = TimeSpan.Zero; o.Retry.MaxRetryAttempts = 2; });

        var ex = await Assert.ThrowsAsync<CallControlApiException>(() => client.GetCallHistoryAsync());

        Assert.That((ex!.StatusCode, ex.OutcomeUnknown, ex.Attempts, Fake.Requests.Count), Is.EqualTo((HttpStatusCode.GatewayTimeout, false, 3, 3)));
    }

    [Test]
    public async Task Query_ConnectionLostAfterSending_IsRetried()
    {
        using var server = new RawHttpServer();
        using var client = server.CreateClient(o => { o.Retry.MaxRetryAttempts = 2; o.Retry.BaseBackoff = TimeSpan.Zero; });

        var ex = await Assert.ThrowsAsync<CallControlException>(() => client.ListCallsAsync());

        Assert.That((ex!.OutcomeUnknown, ex.Attempts, server.Requests), Is.EqualTo((false, 3, 3)));
    }

    [Test]
    public async Task Query_AttemptThatHangs_IsAbandonedAtQueryAttemptTimeoutAndRetried()
    {
        var time = new WaitObservingTimeProvider();
        using var server = new RawHttpServer(RawBehavior.NeverAnswer);
        using var client = server.CreateClient(o =>
        {
            o.TimeProvider = time;
            o.Timeout = TimeSpan.FromSeconds(100);
            o.Retry.MaxRetryAttempts = 1;
            o.Retry.BaseBackoff = TimeSpan.Zero;
            o.Retry.QueryAttemptTimeout = TimeSpan.FromSeconds(10);
        });

        var list = client.ListCallsAsync();
        await Eventually.TrueAsync(() => server.Requests == 1, "the first attempt to arrive");
        time.Advance(TimeSpan.FromSeconds(10));
        await Eventually.TrueAsync(() => server.Requests == 2, "the second attempt to arrive");
        time.Advance(TimeSpan.FromSeconds(10));

        var ex = await Assert.ThrowsAsync<CallControlException>(() => list);
        Assert.Multiple(() =>
        {
            Assert.That((ex!.OutcomeUnknown, ex.Attempts, server.Requests), Is.EqualTo((false, 2, 2)));
            Assert.That(ex.InnerException, Is.InstanceOf<TimeoutException>());
            Assert.That(ex.Message, Does.Contain("listCalls timed out").And.Contain("QueryAttemptTimeout of 10 s"));
        });
    }

    [Test]
    public async Task Query_WaitingAtAClosedGate_IsNotCutByItsAttemptTimeout()
    {
        var time = new WaitObservingTimeProvider();
        var served = 0;
        Fake.Server.Given(Request.Create().WithPath(CallsPath).UsingGet()).RespondWith(Response.Create().WithCallback(_ =>
            (Interlocked.Increment(ref served) == 1 ? new Reply(429, RetryAfter: "30") : new Reply(200, Body: """{"items":[]}""")).ToMessage()));
        using var client = Fake.CreateClient(o =>
        {
            o.TimeProvider = time;
            o.Retry.MaxRetryAttempts = 0;
            o.Retry.QueryAttemptTimeout = TimeSpan.FromSeconds(10);
        });
        await Assert.ThrowsAsync<CallControlApiException>(() => client.ListCallsAsync());   // closes the gate for 30 s

        var timers = time.TimersCreated;
        var waiting = client.ListCallsAsync();
        await time.WaitForTimersAsync(timers + 2);                                          // its budget and its wait at the gate
        // Its wait at the gate is a timer due at the gate's 30 s: halfway, it cannot have fired, so nothing can have been sent.
        Assert.That(time.DueTimes[^1], Is.GreaterThanOrEqualTo(TimeSpan.FromSeconds(30)));
        time.Advance(TimeSpan.FromSeconds(15));
        Assert.That((waiting.IsCompleted, Fake.Requests.Count), Is.EqualTo((false, 1)), "15 s into a 30 s gate: still waiting, nothing sent");
        time.Advance(TimeSpan.FromSeconds(16));

        Assert.That(await waiting, Is.Empty);
        Assert.That(Fake.Requests, Has.Count.EqualTo(2));
    }

    [Test]
    public async Task Command_ThatHangs_HasNoAttemptTimeoutAndIsNeverResent()
    {
        var time = new WaitObservingTimeProvider();
        using var server = new RawHttpServer(RawBehavior.NeverAnswer);
        using var client = server.CreateClient(o =>
        {
            o.TimeProvider = time;
            o.Timeout = TimeSpan.FromSeconds(30);
            o.Retry.QueryAttemptTimeout = TimeSpan.FromSeconds(10);
        });

        var hangup = client.HangupAsync(new CallRequest("call-1"));
        await Eventually.TrueAsync(() => server.Requests == 1, "the request to arrive");
        Assert.That(time.DueTimes, Is.EqualTo(new[] { TimeSpan.FromSeconds(30) }), "only the budget: the query attempt timeout must not apply to a command");
        time.Advance(TimeSpan.FromSeconds(29));
        Assert.That(hangup.IsCompleted, Is.False);
        time.Advance(TimeSpan.FromSeconds(1));

        var ex = await Assert.ThrowsAsync<CallControlException>(() => hangup);
        Assert.That((ex!.OutcomeUnknown, server.Requests), Is.EqualTo((true, 1)));
    }

    [TestCaseSource(nameof(HostileBodies))]
    public async Task Query_HostileSuccessBody_IsATypedExceptionNeverAJsonException(string body)
    {
        Fake.Server.Given(Request.Create().UsingGet()).RespondWith(Response.Create().WithStatusCode(200).WithHeader("TrackingID", "ROUTER_BAD").WithBody(body));
        using var client = Fake.CreateClient();

        var ex = await Assert.ThrowsAsync<CallControlException>(() => client.ListCallsAsync());

        Assert.Multiple(() =>
        {
            Assert.That(ex, Is.Not.InstanceOf<CallControlApiException>());
            Assert.That(ex!.Message, Does.StartWith("The Webex Call Control listCalls answered 200 but its answer could not be read"));
            Assert.That(ex.TrackingId, Is.EqualTo("ROUTER_BAD"));
            Assert.That(ex.OutcomeUnknown, Is.False);
            Assert.That(Fake.Requests, Has.Count.EqualTo(1), "an unreadable answer is not retried");
        });
    }

    [TestCase("")]
    [TestCase("x")]
    public async Task Query_EmptyOrHugeBody_IsATypedException(string kind)
    {
        var body = kind.Length == 0 ? string.Empty : """{"items":[""" + string.Join(',', Enumerable.Repeat(FullCall, 2000)) + "]}";
        Fake.Server.Given(Request.Create().UsingGet()).RespondWith(Response.Create().WithStatusCode(200).WithBody(body));
        using var client = Fake.CreateClient();

        var ex = await Assert.ThrowsAsync<CallControlException>(() => client.GetCallAsync("call-1"));

        Assert.That(ex!.Message, Does.Contain(kind.Length == 0 ? "the body is empty" : "larger than 1024 KiB"));
    }

    [Test]
    public async Task InvalidQueryArguments_SendNothing()
    {
        using var client = Fake.CreateClient();

        var empty = await Assert.ThrowsAsync<CallControlRequestValidationException>(() => client.GetCallAsync(" "));
        var missing = await Assert.ThrowsAsync<CallControlRequestValidationException>(() => client.GetCallAsync(default(string)!));
        var unknown = await Assert.ThrowsAsync<CallControlRequestValidationException>(() => client.GetCallHistoryAsync(CallHistoryType.Unknown));
        var undefined = await Assert.ThrowsAsync<CallControlRequestValidationException>(() => client.GetCallHistoryAsync((CallHistoryType)42));

        Assert.Multiple(() =>
        {
            Assert.That(empty!.ParamName, Is.EqualTo("callId"));
            Assert.That(missing!.Message, Does.Contain("callId is required"));
            Assert.That(unknown!.ParamName, Is.EqualTo("type"));
            Assert.That(undefined!.Message, Does.Contain("use Placed, Missed or Received"));
            Assert.That(Fake.Requests, Is.Empty);
        });
    }
}
