using System.Net;
using CallControl.Sdk;
using CallControl.Sdk.Testing;
using Microsoft.Extensions.DependencyInjection;

// A Native AOT smoke test: the three transfers, a waited-out 429, a typed error, the everyday commands and the queries,
// against the sandbox,
// through a hand-built client and through DI. Exit code 0 only when every step behaved as documented.
await using var sandbox = await CallControlSandbox.StartAsync();
using var client = sandbox.CreateClient();
var failures = 0;

void Check(bool ok, string step)
{
    Console.WriteLine($"{(ok ? "ok  " : "FAIL")} {step}");
    failures += ok ? 0 : 1;
}

var held = sandbox.AddHeldCall();
var consult = sandbox.AddConnectedCall();
Check((await client.TransferAsync(TransferRequest.Attended(held.Id, consult.Id))).StatusCode == HttpStatusCode.NoContent, "attended transfer -> 204");

var caller = sandbox.AddConnectedCall();
var mute = await client.TransferAsync(TransferRequest.Mute(caller.Id, CallDestination.Parse("sip:user@company.domain")));
Check(mute.StatusCode == HttpStatusCode.Created && mute.CallId is not null, "mute transfer -> 201 with the new callId (source-generated JSON)");

sandbox.AddConnectedCall();
sandbox.AddHeldCall();
sandbox.FailNext(1, HttpStatusCode.TooManyRequests, "0");
Check((await client.TransferAsync(TransferRequest.Automatic())).StatusCode == HttpStatusCode.NoContent, "automatic transfer after a 429 retry -> 204");

try
{
    await client.TransferAsync(TransferRequest.Attended("missing-1", "missing-2"));
    Check(false, "unknown call -> 404");
}
catch (CallControlApiException ex)
{
    Check(ex.StatusCode == HttpStatusCode.NotFound && ex.ErrorMessage is not null && ex.TrackingId is not null, "unknown call -> typed 404 with message and TrackingID");
}

var dialed = await client.DialAsync(new DialRequest("+12223334444"));
await client.HoldAsync(new CallRequest(dialed.CallId!));
var listed = await client.ListCallsAsync();
Check(listed.Count == 1 && listed[0].Id == dialed.CallId && listed[0].State == CallState.Held, "dial + hold, then list calls -> the held call (query JSON, enum mapping)");
var parked = await client.ParkAsync(ParkRequest.AgainstSelf(dialed.CallId!));
Check(parked.ParkedAgainst?.Number == CallControlSandbox.SandboxOwnNumber, "park -> parkedAgainst read");
var retrieved = await client.RetrieveAsync(new RetrieveRequest());
await client.HangupAsync(new CallRequest(retrieved.CallId!));
var history = await client.GetCallHistoryAsync(CallHistoryType.Placed);
Check(history.Count == 1 && history[0].Time is not null, "retrieve, hangup, then call history -> one placed record");

using (var serviceApp = sandbox.CreateServiceAppClient())
{
    var member = serviceApp.ForMember(sandbox.MemberId, sandbox.OrgId);
    var memberCall = await member.DialAsync(new DialRequest("+14085550166"));
    var memberCalls = await member.ListCallsAsync();
    await member.HangupAsync(new CallRequest(memberCall.CallId!));
    Check(memberCalls.Count == 1 && memberCalls[0].Id == memberCall.CallId, "Service App: a member's dial, list and hangup on the members paths");
}

var inConference = new[] { sandbox.AddConnectedCall("+14085550161").Id, sandbox.AddConnectedCall("+14085550162").Id };
await client.StartConferenceAsync(new StartConferenceRequest(inConference));
var conference = await client.GetConferenceAsync();
await client.ReleaseConferenceAsync(new ConferenceRequest());
Check(conference is { State: ConferenceState.Active, Participants.Count: 2 } && await client.GetConferenceAsync() is null, "conference: start, details (source-generated JSON), release, then none");

var services = new ServiceCollection();
services.AddCallControlClient(o =>
{
    o.AccessToken = sandbox.AccessToken;
    o.BaseAddress = sandbox.BaseAddress;
});
await using (var provider = services.BuildServiceProvider())
{
    sandbox.AddHeldCall();
    sandbox.AddConnectedCall();
    var fromDi = provider.GetRequiredService<CallControlClient>();
    Check((await fromDi.TransferAsync(TransferRequest.Automatic())).StatusCode == HttpStatusCode.NoContent, "client from DI (IHttpClientFactory) -> 204");
}

var delivery = System.Text.Encoding.UTF8.GetBytes("""
    {"id":"wh-1","resource":"telephony_calls","event":"updated","data":{"eventType":"connected","eventTimestamp":"2026-11-27T12:00:00Z","callId":"c-9","state":"connected","remoteParty":{"number":"+14085550100"}}}
    """);
var callEvent = CallEventParser.Parse(delivery, CallEventParser.Sign(delivery, "aot-secret"), "aot-secret");
var tracker = new CallEventTracker();
Check(tracker.Apply(callEvent) && callEvent.EventType == CallEventType.Connected && callEvent.Call.Id == "c-9" && tracker.WaitForStateAsync("c-9", CallState.Connected).IsCompletedSuccessfully,
    "webhook event: signature verified, parsed (source-generated JSON), tracked");

Console.WriteLine(failures == 0 ? "AOT smoke test passed." : $"AOT smoke test: {failures} failure(s).");
return failures == 0 ? 0 : 1;
