using System.Net;
using CallControl.Sdk.ContractTests.Infrastructure;

namespace CallControl.Sdk.Testing.Tests;

/// <summary>Conference Controls through the real HTTP stack against the sandbox's conference.</summary>
[TestFixture]
public sealed class SandboxConferenceTests : SandboxFixture
{
    [Test]
    public async Task AfterAConsultCall_TheUserConferencesInsteadOfTransferring_ThenReleasesIt()
    {
        var caller = _sandbox.AddHeldCall();
        var colleague = _sandbox.AddConnectedCall("+14085550177", SandboxCallDirection.Outgoing);
        var third = _sandbox.AddConnectedCall("+14085550178");
        using var client = _sandbox.CreateClient();

        Assert.That(await client.GetConferenceAsync(), Is.Null, "none yet: Webex's empty object");
        await client.StartConferenceAsync(new StartConferenceRequest([caller.Id, colleague.Id]));
        await client.AddConferenceParticipantAsync(ConferenceParticipantRequest.Call(third.Id));
        await client.MuteConferenceAsync(ConferenceParticipantRequest.Host);
        await client.DeafenConferenceParticipantAsync(ConferenceParticipantRequest.Call(third.Id));
        await client.HoldConferenceAsync(new ConferenceRequest());
        var during = await client.GetConferenceAsync();
        await client.ReleaseConferenceAsync(new ConferenceRequest());

        Assert.That((during!.State, during.Muted), Is.EqualTo((ConferenceState.Held, true)));
        Assert.That(during.Participants.Select(p => (p.CallId, p.Deafened)), Is.EquivalentTo(new[] { (caller.Id, false), (colleague.Id, false), (third.Id, true) }));
        Assert.That(await client.GetConferenceAsync(), Is.Null, "released");
        Assert.That(_sandbox.Calls, Is.Empty, "releasing the conference ended its calls");
    }

    [Test]
    public async Task WithoutAConference_ItsCommandsAre409_AndAnUnknownCallIs404()
    {
        var call = _sandbox.AddConnectedCall();
        using var client = _sandbox.CreateClient();

        var hold = await Catch.Async<CallControlApiException>(client.HoldConferenceAsync(new ConferenceRequest()));
        var start = await Catch.Async<CallControlApiException>(client.StartConferenceAsync(new StartConferenceRequest([call.Id, "no-such-call"])));

        Assert.That((hold.StatusCode, start.StatusCode), Is.EqualTo((HttpStatusCode.Conflict, HttpStatusCode.NotFound)));
    }
}
