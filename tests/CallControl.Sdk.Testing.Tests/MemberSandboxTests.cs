using System.Net;
using CallControl.Sdk.ContractTests.Infrastructure;

namespace CallControl.Sdk.Testing.Tests;

/// <summary>Call Controls Members through the real HTTP stack against the sandbox's organization model.</summary>
[TestFixture]
public sealed class MemberSandboxTests : SandboxFixture
{
    [Test]
    public async Task AServiceApp_AnswersDialsParksSendsTonesHangsUpAndSetsWrapupReasons_ForItsMember()
    {
        var ringing = _sandbox.AddIncomingUnansweredCall();
        using var client = _sandbox.CreateServiceAppClient();
        var member = client.ForMember(_sandbox.MemberId, _sandbox.OrgId);

        await member.AnswerAsync(new AnswerRequest(ringing.Id));
        var listed = await member.ListCallsAsync();
        var dialed = await member.DialAsync(new DialRequest("+14085550177"));
        await member.TransmitDtmfAsync(new TransmitDtmfRequest(ringing.Id, "42#"));
        var parked = await member.ParkAsync(ParkRequest.AgainstSelf(dialed.CallId!));
        var details = await member.GetCallAsync(ringing.Id);
        await member.HangupAsync(new CallRequest(ringing.Id));
        await member.SetWrapupReasonsAsync(new WrapupReasonsRequest(["Sale"]));

        Assert.That(listed.Single().State, Is.EqualTo(CallState.Connected), "answered");
        Assert.That(details.Id, Is.EqualTo(ringing.Id));
        Assert.That(parked.ParkedAgainst, Is.Not.Null);
        Assert.That(_sandbox.Calls, Is.Empty, "one parked, one hung up");
        Assert.That(_sandbox.WrapupReasons, Is.EqualTo(new[] { "Sale" }));
        Assert.That(_sandbox.Requests.Select(r => r.Path), Is.All.StartWith($"/v1/telephony/calls/members/{_sandbox.MemberId}/"));
    }

    [Test]
    public async Task TheServiceAppTokenProvider_GetsItsPairFromTheSandbox_ThenRefreshesIt_AndTheMembersPathsAcceptBoth()
    {
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var sandbox = await CallControlSandbox.StartAsync(new CallControlSandboxOptions { TimeProvider = time });
        var options = sandbox.CreateServiceAppTokenOptions();
        options.TimeProvider = time;
        using var provider = new WebexServiceAppTokenProvider(options);
        using var client = new CallControlClient(new CallControlClientOptions { TokenProvider = provider, BaseAddress = sandbox.BaseAddress, TimeProvider = time });
        var member = client.ForMember(sandbox.MemberId);

        await member.ListCallsAsync();
        time.Advance(TimeSpan.FromMinutes(56));
        await member.ListCallsAsync();

        var paths = sandbox.Requests.Select(r => r.Method + " " + r.Path).ToList();
        Assert.That(paths, Is.EqualTo(new[]
        {
            $"POST /v1/applications/{options.ApplicationId}/token",
            $"GET /v1/telephony/calls/members/{sandbox.MemberId}/calls",
            "POST /v1/access_token",
            $"GET /v1/telephony/calls/members/{sandbox.MemberId}/calls",
        }));
        Assert.That(sandbox.Requests.Select(r => r.StatusCode), Is.All.EqualTo(200));
    }

    [Test]
    public async Task AServiceAppTokenOnAUserPath_Gets400_AndTheMessagePointsToForMember()
    {
        var call = _sandbox.AddConnectedCall();
        using var client = _sandbox.CreateServiceAppClient();

        var ex = await Catch.Async<CallControlApiException>(client.HoldAsync(new CallRequest(call.Id)));

        Assert.That(ex.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(ex.Message, Does.Contain("Target user not authorized").And.Contain("ForMember(memberId)"));
        Assert.That(_sandbox.Calls.Single().State, Is.EqualTo(SandboxCallState.Connected), "nothing changed");
    }

    [Test]
    public async Task AUserTokenOnAMembersPath_AnotherMember_AndAnotherOrganization_AreRefused()
    {
        using var user = _sandbox.CreateClient();
        using var app = _sandbox.CreateServiceAppClient();

        var byUser = await Catch.Async<CallControlApiException>(user.ForMember(_sandbox.MemberId).ListCallsAsync());
        var stranger = await Catch.Async<CallControlApiException>(app.ForMember("someone-else").ListCallsAsync());
        var otherOrg = await Catch.Async<CallControlApiException>(app.ForMember(_sandbox.MemberId, "other-org").ListCallsAsync());

        Assert.That((byUser.StatusCode, stranger.StatusCode, otherOrg.StatusCode), Is.EqualTo((HttpStatusCode.Forbidden, HttpStatusCode.NotFound, HttpStatusCode.Forbidden)));
    }
}
