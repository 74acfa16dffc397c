using CallControl.Sdk.ContractTests.Infrastructure;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace CallControl.Sdk.ContractTests.Conference;

/// <summary>Conference Controls over WireMock: every verb, path, query and body byte for byte, and the details read.</summary>
[TestFixture]
public sealed class ConferenceContractTests : WebexFakeFixture
{
    [SetUp]
    public void Answers()
    {
        Fake.Server.Given(Request.Create().WithPath(p => p.StartsWith("/v1/telephony/conference", StringComparison.Ordinal)).UsingPost()).RespondWith(Response.Create().WithStatusCode(204));
        Fake.Server.Given(Request.Create().WithPath("/v1/telephony/conference").UsingDelete()).RespondWith(Response.Create().WithStatusCode(204));
    }

    private static IEnumerable<TestCaseData> Commands()
    {
        yield return Case("POST /v1/telephony/conference", c => c.StartConferenceAsync(new StartConferenceRequest(["call-1", "call-2"], "owner-1")), """{"callIds":["call-1","call-2"],"lineOwnerId":"owner-1"}""");
        yield return Case("POST /v1/telephony/conference/addParticipant", c => c.AddConferenceParticipantAsync(ConferenceParticipantRequest.Call("call-3", "owner-1")), """{"callId":"call-3","lineOwnerId":"owner-1"}""");
        yield return Case("POST /v1/telephony/conference/hold", c => c.HoldConferenceAsync(new ConferenceRequest()), "{}");
        yield return Case("POST /v1/telephony/conference/resume", c => c.ResumeConferenceAsync(new ConferenceRequest("owner-1")), """{"lineOwnerId":"owner-1"}""");
        yield return Case("POST /v1/telephony/conference/mute", c => c.MuteConferenceAsync(ConferenceParticipantRequest.Host), "{}");
        yield return Case("POST /v1/telephony/conference/unmute", c => c.UnmuteConferenceAsync(ConferenceParticipantRequest.Call("call-2")), """{"callId":"call-2"}""");
        yield return Case("POST /v1/telephony/conference/deafen", c => c.DeafenConferenceParticipantAsync(ConferenceParticipantRequest.Call("call-2")), """{"callId":"call-2"}""");
        yield return Case("POST /v1/telephony/conference/undeafen", c => c.UndeafenConferenceParticipantAsync(ConferenceParticipantRequest.Call("call-2")), """{"callId":"call-2"}""");
        yield return Case("DELETE /v1/telephony/conference?lineOwnerId=owner-1", c => c.ReleaseConferenceAsync(new ConferenceRequest("owner-1")), string.Empty);

        static TestCaseData Case(string sent, Func<CallControlClient, Task> send, string body) => new TestCaseData(sent, send, body).SetArgDisplayNames(sent);
    }

    [TestCaseSource(nameof(Commands))]
    public async Task EachConferenceCommand_SendsItsVerbPathAndBody(string sent, Func<CallControlClient, Task> send, string body)
    {
        using var client = Fake.CreateClient();

        await send(client);

        var request = Fake.Requests.Single();
        Assert.That(request.Method + " " + request.AbsolutePath + (request.RawQuery ?? string.Empty), Is.EqualTo(sent));
        Assert.That(request.Body ?? string.Empty, Is.EqualTo(body), "byte for byte");
    }

    [Test]
    public async Task TheDetails_AreRead_AndTheEmptyObject_IsNoConference()
    {
        Fake.Server.Given(Request.Create().WithPath("/v1/telephony/conference").UsingGet().WithParam("lineOwnerId", "owner-1")).RespondWith(Response.Create().WithStatusCode(200)
            .WithBody("""{"state":"held","appearance":2,"created":"2026-12-07T09:00:00Z","muted":true,"type":"fancy","participants":[{"callId":"call-1","muted":false,"deafened":true},{"callId":"call-2","muted":true,"deafened":false}]}"""));
        Fake.Server.Given(Request.Create().WithPath("/v1/telephony/conference").UsingGet().WithParam("lineOwnerId", "owner-2")).RespondWith(Response.Create().WithStatusCode(200)
            .WithBody("""{"state":"brand-new","participants":[]}"""));
        Fake.Server.Given(Request.Create().WithPath("/v1/telephony/conference").UsingGet()).AtPriority(10).RespondWith(Response.Create().WithStatusCode(200).WithBody("{}"));
        using var client = Fake.CreateClient();

        var none = await client.GetConferenceAsync();
        var held = await client.GetConferenceAsync(new ConferenceRequest("owner-1"));
        var unknown = await client.GetConferenceAsync(new ConferenceRequest("owner-2"));

        Assert.That(none, Is.Null, "Webex's empty object for no conference");
        Assert.That((held!.State, held.Appearance, held.Created, held.Muted, held.Type), Is.EqualTo((ConferenceState.Held, 2, new DateTimeOffset(2026, 12, 7, 9, 0, 0, TimeSpan.Zero), true, "fancy")));
        Assert.That(held.Participants.Select(p => (p.CallId, p.Muted, p.Deafened)), Is.EqualTo(new[] { ("call-1", false, true), ("call-2", true, false) }));
        Assert.That(unknown!.State, Is.EqualTo(ConferenceState.Unknown), "a state this version does not know");
    }

    [Test]
    public async Task InvalidConferenceRequests_AreRefusedBeforeSending()
    {
        using var client = Fake.CreateClient();

        var one = Assert.Throws<CallControlRequestValidationException>(() => _ = new StartConferenceRequest(["call-1", "call-1"]));
        var host = await Assert.ThrowsAsync<CallControlRequestValidationException>(() => client.DeafenConferenceParticipantAsync(ConferenceParticipantRequest.Host));
        var owner = await Assert.ThrowsAsync<CallControlRequestValidationException>(() => client.MuteConferenceAsync(ConferenceParticipantRequest.Call("call-1", "owner-1")));

        Assert.That(one!.Message, Does.Contain("at least two distinct calls"));
        Assert.That(host!.Message, Does.Contain("names a participant's call, not the host"));
        Assert.That(owner!.Message, Does.Contain("takes no lineOwnerId"));
        Assert.That(Fake.Requests, Is.Empty);
    }
}
