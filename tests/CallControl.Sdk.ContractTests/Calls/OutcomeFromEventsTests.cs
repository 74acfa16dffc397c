using System.Text;
using CallControl.Sdk.ContractTests.Infrastructure;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace CallControl.Sdk.ContractTests.Calls;

/// <summary>
/// <see cref="CallControlClientOptions.EventTracker"/>: when reading the calls fails too (the outage that lost the
/// answer goes on), events since the failure can show a command happened, and never that it did not.
/// </summary>
[TestFixture]
public sealed class OutcomeFromEventsTests : WebexFakeFixture
{
    private const string CallId = "call-7";

    [SetUp]
    public void FailEverything()
    {
        Fake.Server.Given(Request.Create().UsingPost().WithPath("/v1/telephony/calls/hold")).RespondWith(Response.Create().WithStatusCode(504));
        Fake.Server.Given(Request.Create().UsingGet().WithPath($"/v1/telephony/calls/{CallId}")).RespondWith(Response.Create().WithStatusCode(502));
    }

    [Test]
    public async Task AHeldEventSinceTheFailure_ResolvesCarriedOut_WhenTheCallCannotBeRead()
    {
        var tracker = new CallEventTracker();
        using var client = Client(tracker);
        var failure = await Assert.ThrowsAsync<CallControlApiException>(() => client.HoldAsync(new CallRequest(CallId)));
        tracker.Apply(Event("held", DateTimeOffset.UtcNow.AddSeconds(1)));

        var resolution = await client.ResolveOutcomeAsync(failure!);

        Assert.That(resolution.Outcome, Is.EqualTo(CommandOutcome.CarriedOut));
        Assert.That(resolution.Evidence, Does.StartWith("from the call events since the failure (reading the calls failed): call call-7 is held"));
    }

    [TestCase("connected", 1, Description = "an event that shows nothing happened cannot prove it: another could be lost")]
    [TestCase("held", -60, Description = "an event from before the failure says nothing about the command")]
    public async Task EventsThatDoNotShowTheCommand_LeaveItUnknown(string eventType, int secondsFromNow)
    {
        var tracker = new CallEventTracker();
        using var client = Client(tracker);
        var failure = await Assert.ThrowsAsync<CallControlApiException>(() => client.HoldAsync(new CallRequest(CallId)));
        tracker.Apply(Event(eventType, DateTimeOffset.UtcNow.AddSeconds(secondsFromNow)));

        if (secondsFromNow < 0)
        {
            await Assert.ThrowsAsync<CallControlApiException>(() => client.ResolveOutcomeAsync(failure!), "no usable evidence: the read's own failure");
            return;
        }

        var resolution = await client.ResolveOutcomeAsync(failure!);
        Assert.That(resolution.Outcome, Is.EqualTo(CommandOutcome.Unknown));
    }

    private CallControlClient Client(CallEventTracker tracker) => Fake.CreateClient(o =>
    {
        o.OutcomeSettleTime = TimeSpan.Zero;
        o.Retry.MaxRetryAttempts = 0;
        o.EventTracker = tracker;
    });

    private static CallEvent Event(string eventType, DateTimeOffset at)
    {
        var json = $$$"""
            {"id":"wh-1","resource":"telephony_calls","event":"updated","actorId":"actor-1",
             "data":{"eventType":"{{{eventType}}}","eventTimestamp":"{{{at.UtcDateTime:yyyy-MM-ddTHH:mm:ss.fffZ}}}","callId":"{{{CallId}}}","callSessionId":"s-1",
              "personality":"originator","state":"{{{eventType}}}"}}
            """;
        return CallEventParser.Parse(Encoding.UTF8.GetBytes(json), null, null);
    }
}
