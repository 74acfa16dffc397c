using System.Net;

namespace CallControl.Sdk.Testing.Tests;

/// <summary>The sandbox keeps one consistent state across every Call Control endpoint, read back through the SDK's own queries.</summary>
[TestFixture]
public sealed class SandboxCallsTests : SandboxFixture
{
    [Test]
    public async Task Dial_AddsAConnectedOutgoingCallThatListAndDetailsShow()
    {
        var dialed = await _client.DialAsync(new DialRequest("+12223334444"));

        var listed = await _client.ListCallsAsync();
        var details = await _client.GetCallAsync(dialed.CallId!);
        Assert.Multiple(() =>
        {
            Assert.That(dialed.StatusCode, Is.EqualTo(HttpStatusCode.Created));
            Assert.That(listed.Select(c => c.Id), Is.EqualTo(new[] { dialed.CallId }));
            Assert.That((details.State, details.Personality, details.RemoteParty!.Number, details.CallSessionId), Is.EqualTo((CallState.Connected, CallPersonality.Originator, "+12223334444", dialed.CallSessionId)));
            Assert.That(details.Created, Is.Not.Null);
            Assert.That(details.MuteCapable, Is.True);
        });
    }

    [Test]
    public async Task HoldAndResume_ChangeTheStateAndRefuseTheWrongState()
    {
        var call = new CallRequest(_sandbox.AddConnectedCall().Id);

        await _client.HoldAsync(call);
        var held = (await _client.GetCallAsync(call.CallId)).State;
        var holdAgain = await Assert.ThrowsAsync<CallControlApiException>(() => _client.HoldAsync(call));
        await _client.ResumeAsync(call);
        var resumed = (await _client.GetCallAsync(call.CallId)).State;
        var resumeAgain = await Assert.ThrowsAsync<CallControlApiException>(() => _client.ResumeAsync(call));

        Assert.That((held, resumed), Is.EqualTo((CallState.Held, CallState.Connected)));
        Assert.That((holdAgain!.StatusCode, resumeAgain!.StatusCode), Is.EqualTo((HttpStatusCode.Conflict, HttpStatusCode.Conflict)));
    }

    [Test]
    public async Task Answer_ConnectsAnAlertingCallOnly()
    {
        var ringing = _sandbox.AddIncomingUnansweredCall();

        await _client.AnswerAsync(new AnswerRequest(ringing.Id));
        var again = await Assert.ThrowsAsync<CallControlApiException>(() => _client.AnswerAsync(new AnswerRequest(ringing.Id)));

        Assert.That((await _client.GetCallAsync(ringing.Id)).State, Is.EqualTo(CallState.Connected));
        Assert.That(again!.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
    }

    [Test]
    public async Task DivertAndReject_RemoveAnAlertingCallIntoMissedHistory()
    {
        var first = _sandbox.AddIncomingUnansweredCall("+14085550001");
        var second = _sandbox.AddIncomingUnansweredCall("+14085550002");

        await _client.DivertAsync(DivertRequest.ToDestination(first.Id, "5678"));
        await _client.RejectAsync(new RejectRequest(second.Id, RejectAction.Busy));

        var missed = await _client.GetCallHistoryAsync(CallHistoryType.Missed);
        Assert.That(await _client.ListCallsAsync(), Is.Empty);
        Assert.That(missed.Select(r => r.Number), Is.EqualTo(new[] { "+14085550002", "+14085550001" }), "newest first");
        Assert.That(missed.All(r => r.Type == CallHistoryType.Missed && r.Time is not null), Is.True);
    }

    [Test]
    public async Task Reject_ARingingCallOnly()
    {
        var connected = _sandbox.AddConnectedCall();

        var ex = await Assert.ThrowsAsync<CallControlApiException>(() => _client.RejectAsync(new RejectRequest(connected.Id)));

        Assert.That(ex!.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
        Assert.That(_sandbox.Calls, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task Hangup_RemovesTheCallIntoHistoryAndAnUnknownCallIs404()
    {
        var placed = await _client.DialAsync(new DialRequest("1234"));
        var received = _sandbox.AddConnectedCall("+14085550003");

        await _client.HangupAsync(new CallRequest(placed.CallId!));
        await _client.HangupAsync(new CallRequest(received.Id));
        var gone = await Assert.ThrowsAsync<CallControlApiException>(() => _client.HangupAsync(new CallRequest(received.Id)));

        var history = await _client.GetCallHistoryAsync();
        Assert.That(_sandbox.Calls, Is.Empty);
        Assert.That(gone!.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(history.Select(r => (r.Type, r.Number)), Is.EqualTo(new[] { (CallHistoryType.Received, "+14085550003"), (CallHistoryType.Placed, "1234") }));
        Assert.That((await _client.GetCallHistoryAsync(CallHistoryType.Placed)).Single().Number, Is.EqualTo("1234"));
    }

    [Test]
    public async Task History_KeepsAtMostTwentyRecordsPerType()
    {
        for (var i = 0; i < 22; i++)
        {
            await _client.HangupAsync(new CallRequest(_sandbox.AddIncomingUnansweredCall($"+1408555{i:0000}").Id));
        }

        var missed = await _client.GetCallHistoryAsync(CallHistoryType.Missed);

        Assert.That(missed, Has.Count.EqualTo(20));
        Assert.That(missed[0].Number, Is.EqualTo("+14085550021"));
    }

    [Test]
    public async Task ParkThenRetrieve_MovesTheCallThroughTheParkedMap()
    {
        var call = _sandbox.AddConnectedCall("+14085550004");

        var parked = await _client.ParkAsync(ParkRequest.Against(call.Id, "2000"));
        var whileParked = (await _client.ListCallsAsync()).Count;
        var retrieved = await _client.RetrieveAsync(new RetrieveRequest(parked.ParkedAgainst!.Number));
        var twice = await Assert.ThrowsAsync<CallControlApiException>(() => _client.RetrieveAsync(new RetrieveRequest("2000")));

        Assert.Multiple(() =>
        {
            Assert.That((parked.StatusCode, parked.ParkedAgainst.Number, whileParked), Is.EqualTo((HttpStatusCode.OK, "2000", 0)));
            Assert.That(retrieved.CallId, Is.Not.EqualTo(call.Id), "a retrieve places a new call");
            Assert.That(_sandbox.Calls.Single().RemoteParty, Is.EqualTo("+14085550004"));
            Assert.That(_sandbox.ParkedCalls, Is.Empty);
            Assert.That(twice!.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        });
    }

    [Test]
    public async Task Park_DefaultsToSelfOrTheGroup()
    {
        var a = await _client.ParkAsync(ParkRequest.AgainstSelf(_sandbox.AddConnectedCall().Id));
        var b = await _client.ParkAsync(ParkRequest.InGroup(_sandbox.AddConnectedCall().Id));
        var alerting = await Assert.ThrowsAsync<CallControlApiException>(() => _client.ParkAsync(ParkRequest.AgainstSelf(_sandbox.AddIncomingUnansweredCall().Id)));

        Assert.That((a.ParkedAgainst!.Number, b.ParkedAgainst!.Number), Is.EqualTo((CallControlSandbox.SandboxOwnNumber, CallControlSandbox.SandboxGroupParkNumber)));
        Assert.That(alerting!.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
        Assert.That((await _client.RetrieveAsync(new RetrieveRequest())).StatusCode, Is.EqualTo(HttpStatusCode.Created), "retrieve without a destination takes the user's own park");
    }

    [Test]
    public async Task Recording_FollowsItsStateMachine()
    {
        var call = new CallRequest(_sandbox.AddConnectedCall().Id);

        var pauseFirst = await Assert.ThrowsAsync<CallControlApiException>(() => _client.PauseRecordingAsync(call));
        await _client.StartRecordingAsync(call);
        await _client.PauseRecordingAsync(call);
        var paused = (await _client.GetCallAsync(call.CallId)).RecordingState;
        await _client.ResumeRecordingAsync(call);
        var started = (await _client.GetCallAsync(call.CallId)).RecordingState;
        await _client.StopRecordingAsync(call);

        Assert.That(pauseFirst!.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
        Assert.That((paused, started, (await _client.GetCallAsync(call.CallId)).RecordingState), Is.EqualTo((RecordingState.Paused, RecordingState.Started, RecordingState.Stopped)));
    }

    [Test]
    public async Task DtmfMuteAndUnmute_AreRecordedOnTheCall()
    {
        var call = new CallRequest(_sandbox.AddConnectedCall().Id);

        await _client.TransmitDtmfAsync(new TransmitDtmfRequest(call.CallId, "1,23"));
        await _client.TransmitDtmfAsync(new TransmitDtmfRequest(call.CallId, "#"));
        await _client.MuteAsync(call);
        var muted = (await _client.GetCallAsync(call.CallId)).Muted;
        await _client.UnmuteAsync(call);

        Assert.That(_sandbox.Calls.Single().Dtmf, Is.EqualTo("1,23#"));
        Assert.That((muted, (await _client.GetCallAsync(call.CallId)).Muted), Is.EqualTo((true, false)));
    }

    [Test]
    public async Task Dtmf_OnAHeldCall_IsRefused()
    {
        var held = _sandbox.AddHeldCall();

        var ex = await Assert.ThrowsAsync<CallControlApiException>(() => _client.TransmitDtmfAsync(new TransmitDtmfRequest(held.Id, "1")));

        Assert.That(ex!.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
    }

    [Test]
    public async Task Pull_AlertsATemporaryCallForTheUsersConnectedCall_AndNeedsOne()
    {
        var nothing = await Assert.ThrowsAsync<CallControlApiException>(() => _client.PullAsync(new PullRequest()));
        var connected = _sandbox.AddConnectedCall("+14085550042");

        var pulled = await _client.PullAsync(new PullRequest("desk-phone"));

        Assert.That(nothing!.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        var temporary = _sandbox.Calls.Single(c => c.Id == pulled.CallId);
        Assert.That((temporary.State, temporary.RemoteParty), Is.EqualTo((SandboxCallState.Alerting, connected.RemoteParty)));
    }

    [Test]
    public async Task PickupBargeInAndPush_AddOrRemoveCalls()
    {
        _sandbox.AddCallRingingFor("alice@company.domain", "+14085550005");
        var pushed = _sandbox.AddConnectedCall();

        var picked = await _client.PickupAsync(new PickupRequest("alice@company.domain"));
        var nothingLeft = await Assert.ThrowsAsync<CallControlApiException>(() => _client.PickupAsync(new PickupRequest()));
        var barged = await _client.BargeInAsync(new BargeInRequest("bob@company.domain"));
        await _client.PushAsync(new CallRequest(pushed.Id));

        var calls = await _client.ListCallsAsync();
        Assert.That(nothingLeft!.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(calls.Select(c => (c.Id, c.RemoteParty!.Number)), Is.EquivalentTo(new[] { (picked.CallId!, "+14085550005"), (barged.CallId!, "bob@company.domain") }));
    }

    [Test]
    public async Task GetCall_UnknownCall_Is404()
    {
        var ex = await Assert.ThrowsAsync<CallControlApiException>(() => _client.GetCallAsync("no-such-call"));

        Assert.That(ex!.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public async Task Faults_ApplyToEveryEndpoint()
    {
        using var retrying = _sandbox.CreateClient(o => o.Retry.BaseBackoff = TimeSpan.Zero);
        _sandbox.FailNext(1, HttpStatusCode.ServiceUnavailable, retryAfter: "0");
        _sandbox.FailNext(1, HttpStatusCode.InternalServerError);

        var calls = await retrying.ListCallsAsync();

        Assert.That(calls, Is.Empty);
        Assert.That(_sandbox.Requests.Select(r => r.StatusCode), Is.EqualTo(new[] { 503, 500, 200 }), "a query is retried after 503 and after 500");
    }
}
