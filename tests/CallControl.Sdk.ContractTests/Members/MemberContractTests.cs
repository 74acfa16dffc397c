using System.Net;
using CallControl.Sdk.ContractTests.Infrastructure;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace CallControl.Sdk.ContractTests.Members;

/// <summary>
/// Call Controls Members over WireMock: every member operation's verb, path, <c>orgId</c> query and body, byte for
/// byte, and what a member path does not take refused before anything is sent.
/// </summary>
[TestFixture]
public sealed class MemberContractTests : WebexFakeFixture
{
    private const string Member = "Y2lzY29zcGFyazovL3VzL1BFT1BMRS9tZW1iZXItMQ";
    private const string Org = "Y2lzY29zcGFyazovL3VzL09SR0FOSVpBVElPTi9vcmctMQ";

    [SetUp]
    public void Answers()
    {
        Fake.Server.Given(Request.Create().UsingPost().WithPath(p => p.Contains("/members/", StringComparison.Ordinal) && p.EndsWith("/dial", StringComparison.Ordinal)))
            .RespondWith(Response.Create().WithStatusCode(201).WithBody("""{"callId":"call-new","callSessionId":"session-new"}""").WithHeader("Content-Type", "application/json"));
        Fake.Server.Given(Request.Create().UsingPost().WithPath(p => p.Contains("/members/", StringComparison.Ordinal) && p.EndsWith("/park", StringComparison.Ordinal)))
            .RespondWith(Response.Create().WithStatusCode(200).WithBody("""{"parkedAgainst":{"name":"Lobby","number":"+14085550100"}}""").WithHeader("Content-Type", "application/json"));
        Fake.Server.Given(Request.Create().UsingPost().WithPath(p => p.Contains("/members/", StringComparison.Ordinal) && (p.EndsWith("/answer", StringComparison.Ordinal) || p.EndsWith("/hangup", StringComparison.Ordinal) || p.EndsWith("/transmitDtmf", StringComparison.Ordinal) || p.EndsWith("/wrapupreasons", StringComparison.Ordinal))))
            .RespondWith(Response.Create().WithStatusCode(204));
        Fake.Server.Given(Request.Create().UsingGet().WithPath($"/v1/telephony/calls/members/{Member}/calls"))
            .RespondWith(Response.Create().WithStatusCode(200).WithBody("""{"items":[{"id":"call-1","state":"connected","personality":"originator"}]}""").WithHeader("Content-Type", "application/json"));
        Fake.Server.Given(Request.Create().UsingGet().WithPath($"/v1/telephony/calls/members/{Member}/calls/call-1"))
            .RespondWith(Response.Create().WithStatusCode(200).WithBody("""{"id":"call-1","state":"held","personality":"terminator"}""").WithHeader("Content-Type", "application/json"));
    }

    private static IEnumerable<TestCaseData> Commands()
    {
        yield return Case("answer", m => m.AnswerAsync(new AnswerRequest("call-1", endpointId: "endpoint-1")), """{"callId":"call-1","endpointId":"endpoint-1"}""");
        yield return Case("dial", m => m.DialAsync(new DialRequest("+14085550177")), """{"destination":"+14085550177"}""");
        yield return Case("hangup", m => m.HangupAsync(new CallRequest("call-1")), """{"callId":"call-1"}""");
        yield return Case("park", m => m.ParkAsync(ParkRequest.AgainstSelf("call-1")), """{"callId":"call-1"}""");
        yield return Case("transmitDtmf", m => m.TransmitDtmfAsync(new TransmitDtmfRequest("call-1", "1234#")), """{"callId":"call-1","dtmf":"1234#"}""");
        yield return Case("wrapupreasons", m => m.SetWrapupReasonsAsync(new WrapupReasonsRequest(["Sale", "Follow-up"])), """{"wrapupReasons":["Sale","Follow-up"]}""");

        static TestCaseData Case(string command, Func<CallControlMemberClient, Task> send, string body)
            => new TestCaseData(command, send, body).SetArgDisplayNames(command);
    }

    [TestCaseSource(nameof(Commands))]
    public async Task EachMemberCommand_IsAPostUnderTheMember_WithOrgIdInTheQuery_AndTheUserLevelBody(string command, Func<CallControlMemberClient, Task> send, string body)
    {
        using var client = Fake.CreateClient();

        await send(client.ForMember(Member, Org));

        var sent = Fake.Requests.Single();
        Assert.That(sent.Method, Is.EqualTo("POST"));
        Assert.That(sent.AbsolutePath, Is.EqualTo($"/v1/telephony/calls/members/{Member}/{command}"));
        Assert.That(sent.RawQuery?.TrimStart('?'), Is.EqualTo("orgId=" + Org));
        Assert.That(sent.Body, Is.EqualTo(body), "byte for byte");
        Assert.That(WebexFake.Header(sent, "Authorization"), Is.EqualTo("Bearer " + WebexFake.Token));
        Assert.That(WebexFake.Header(sent, "Content-Type"), Does.StartWith("application/json"));
    }

    [Test]
    public async Task WithoutAnOrg_TheQueryIsLeftOut_AndTheQueriesReadTheMembersCalls()
    {
        using var client = Fake.CreateClient();
        var member = client.ForMember(Member);

        var calls = await member.ListCallsAsync();
        var call = await member.GetCallAsync("call-1");

        var sent = Fake.Requests;
        Assert.That(sent.Select(r => r.Method + " " + r.AbsolutePath + (r.RawQuery ?? string.Empty)), Is.EqualTo(new[]
        {
            $"GET /v1/telephony/calls/members/{Member}/calls",
            $"GET /v1/telephony/calls/members/{Member}/calls/call-1",
        }));
        Assert.That(calls.Single().Id, Is.EqualTo("call-1"));
        Assert.That(call.State, Is.EqualTo(CallState.Held));
    }

    [Test]
    public async Task WhatAMemberPathDoesNotTake_IsRefusedBeforeSending_SayingWhy()
    {
        using var client = Fake.CreateClient();
        var member = client.ForMember(Member);

        var lineOwner = await Assert.ThrowsAsync<CallControlRequestValidationException>(() => member.HangupAsync(new CallRequest("call-1", lineOwnerId: "owner-1")));
        var reach = await Assert.ThrowsAsync<CallControlRequestValidationException>(() => member.DialAsync(DialRequest.ViaSingleNumberReach("+14085550177", "+14085550100")));
        var badId = Assert.Throws<CallControlRequestValidationException>(() => client.ForMember(".."));

        Assert.That(lineOwner!.Message, Does.Contain("takes no lineOwnerId: the member").And.Contain(Member));
        Assert.That(reach!.Message, Does.Contain("single number reach"));
        Assert.That(badId!.ParamName, Is.EqualTo("memberId"));
        Assert.That(Fake.Requests, Is.Empty);
    }

    [Test]
    public async Task AUserLevelCallWithAServiceAppToken_FailsWithAMessageThatPointsToForMember()
    {
        Fake.OnTransfer(r => r.WithStatusCode(400).WithBody("""{"message":"Target user not authorized","errors":[{"description":"Target user not authorized"}],"trackingId":"ROUTER_1"}""").WithHeader("Content-Type", "application/json"));
        using var client = Fake.CreateClient();

        var ex = await Assert.ThrowsAsync<CallControlApiException>(() => client.TransferAsync(TransferRequest.Attended("a", "b")));

        Assert.That(ex!.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(ex.Message, Does.Contain("CallControlClient.ForMember(memberId)"));
    }

    [Test]
    public async Task AMemberCommandsUnknownOutcome_IsResolvedByReadingTheMembersCall()
    {
        Fake.Server.Given(Request.Create().UsingPost().WithPath($"/v1/telephony/calls/members/{Member}/hangup")).AtPriority(-10)
            .RespondWith(Response.Create().WithStatusCode(504));
        Fake.Server.Given(Request.Create().UsingGet().WithPath($"/v1/telephony/calls/members/{Member}/calls/call-9")).AtPriority(-10)
            .RespondWith(Response.Create().WithStatusCode(404).WithBody("""{"message":"Call not found"}""").WithHeader("Content-Type", "application/json"));
        using var client = Fake.CreateClient(o => o.OutcomeSettleTime = TimeSpan.Zero);
        var failure = await Assert.ThrowsAsync<CallControlApiException>(() => client.ForMember(Member).HangupAsync(new CallRequest("call-9")));

        var resolution = await client.ResolveOutcomeAsync(failure!);

        Assert.That(failure!.OutcomeUnknown, Is.True);
        Assert.That((resolution.Command, resolution.Outcome), Is.EqualTo(("hangup", CommandOutcome.CarriedOut)));
        Assert.That(Fake.Requests.Select(r => r.Method + " " + r.AbsolutePath), Is.EqualTo(new[]
        {
            $"POST /v1/telephony/calls/members/{Member}/hangup",
            $"GET /v1/telephony/calls/members/{Member}/calls/call-9",
        }), "sent once, then read through the member path");
    }
}
