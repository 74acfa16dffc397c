using System.Net;

namespace CallControl.Sdk.ContractTests.Calls;

/// <summary>
/// One Call Control command as a test case: how to call it, what must go on the wire, and the success answer Webex
/// documents for it. <see cref="All"/> lists every command but transfer (which has its own suite).
/// </summary>
public sealed record CommandCase(string Segment, string ExpectedBody, int SuccessStatus, string? SuccessBody, Func<CallControlClient, CancellationToken, Task<object>> Invoke)
{
    internal const string CreatedBody = """{"callId":"new-call","callSessionId":"new-session"}""";
    internal const string ParkBody = """{"parkedAgainst":{"name":"Park 1","number":"1000","privacyEnabled":false,"callType":"location"}}""";

    internal string Path => "/v1/telephony/calls/" + Segment;

    internal bool CreatesCall => SuccessStatus == 201;

    /// <summary>Every command but transfer, each with every optional field it has set, so the exact body proves the mapping.</summary>
    public static IEnumerable<CommandCase> All()
    {
        yield return new("dial", """{"destination":"+12223334444","endpointId":"ep-1","lineOwnerId":"owner-1"}""", 201, CreatedBody, (c, t) => Box(c.DialAsync(new DialRequest("+12223334444", "ep-1", "owner-1"), t)));
        yield return new("answer", """{"callId":"call-1","endpointId":"ep-1","lineOwnerId":"owner-1"}""", 204, null, (c, t) => Box(c.AnswerAsync(new AnswerRequest("call-1", "ep-1", "owner-1"), t)));
        yield return new("reject", """{"callId":"call-1","action":"temporarilyUnavailable","lineOwnerId":"owner-1"}""", 204, null, (c, t) => Box(c.RejectAsync(new RejectRequest("call-1", RejectAction.TemporarilyUnavailable, "owner-1"), t)));
        yield return new("hangup", """{"callId":"call-1","lineOwnerId":"owner-1"}""", 204, null, (c, t) => Box(c.HangupAsync(new CallRequest("call-1", "owner-1"), t)));
        yield return new("hold", """{"callId":"call-1"}""", 204, null, (c, t) => Box(c.HoldAsync(new CallRequest("call-1"), t)));
        yield return new("resume", """{"callId":"call-1"}""", 204, null, (c, t) => Box(c.ResumeAsync(new CallRequest("call-1"), t)));
        yield return new("divert", """{"callId":"call-1","destination":"sip:reception@company.domain","lineOwnerId":"owner-1"}""", 204, null, (c, t) => Box(c.DivertAsync(DivertRequest.ToDestination("call-1", "sip:reception@company.domain", "owner-1"), t)));
        yield return new("park", """{"callId":"call-1","destination":"*73","lineOwnerId":"owner-1"}""", 200, ParkBody, (c, t) => Box(c.ParkAsync(ParkRequest.Against("call-1", "*73", "owner-1"), t)));
        yield return new("retrieve", """{"destination":"1000","endpointId":"ep-1","lineOwnerId":"owner-1"}""", 201, CreatedBody, (c, t) => Box(c.RetrieveAsync(new RetrieveRequest("1000", "ep-1", "owner-1"), t)));
        yield return new("startRecording", """{"callId":"call-1"}""", 204, null, (c, t) => Box(c.StartRecordingAsync(new CallRequest("call-1"), t)));
        yield return new("stopRecording", """{"callId":"call-1"}""", 204, null, (c, t) => Box(c.StopRecordingAsync(new CallRequest("call-1"), t)));
        yield return new("pauseRecording", """{"callId":"call-1"}""", 204, null, (c, t) => Box(c.PauseRecordingAsync(new CallRequest("call-1"), t)));
        yield return new("resumeRecording", """{"callId":"call-1","lineOwnerId":"owner-1"}""", 204, null, (c, t) => Box(c.ResumeRecordingAsync(new CallRequest("call-1", "owner-1"), t)));
        yield return new("transmitDtmf", """{"callId":"call-1","dtmf":"1,234#*AD","lineOwnerId":"owner-1"}""", 204, null, (c, t) => Box(c.TransmitDtmfAsync(new TransmitDtmfRequest("call-1", "1,234#*AD", "owner-1"), t)));
        yield return new("push", """{"callId":"call-1"}""", 204, null, (c, t) => Box(c.PushAsync(new CallRequest("call-1"), t)));
        yield return new("pickup", """{"target":"user@company.domain","endpointId":"ep-1","lineOwnerId":"owner-1"}""", 201, CreatedBody, (c, t) => Box(c.PickupAsync(new PickupRequest("user@company.domain", "ep-1", "owner-1"), t)));
        yield return new("bargeIn", """{"target":"tel:+12223334444","endpointId":"ep-1"}""", 201, CreatedBody, (c, t) => Box(c.BargeInAsync(new BargeInRequest("tel:+12223334444", "ep-1"), t)));
        yield return new("pull", """{"endpointId":"ep-1","lineOwnerId":"owner-1"}""", 201, CreatedBody, (c, t) => Box(c.PullAsync(new PullRequest("ep-1", "owner-1"), t)));
        yield return new("mute", """{"callId":"call-1","lineOwnerId":"owner-1"}""", 204, null, (c, t) => Box(c.MuteAsync(new CallRequest("call-1", "owner-1"), t)));
        yield return new("unmute", """{"callId":"call-1"}""", 204, null, (c, t) => Box(c.UnmuteAsync(new CallRequest("call-1"), t)));
    }

    public override string ToString() => Segment;

    private static async Task<object> Box<T>(Task<T> task) => (await task)!;
}

/// <summary>Reads the fields every command result has, whatever its type.</summary>
internal static class Results
{
    internal static (HttpStatusCode Status, string? TrackingId) Of(object result) => result switch
    {
        CallCommandResult r => (r.StatusCode, r.TrackingId),
        CallCreatedResult r => (r.StatusCode, r.TrackingId),
        ParkResult r => (r.StatusCode, r.TrackingId),
        _ => throw new AssertionException($"Unexpected result type {result.GetType()}"),
    };
}
