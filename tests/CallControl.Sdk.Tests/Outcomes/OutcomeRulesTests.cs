using CallControl.Sdk.Internal;

namespace CallControl.Sdk.Tests.Outcomes;

/// <summary>The rules of docs/outcomes.md for the states a sandbox run does not produce: evidence with another cause is Unknown.</summary>
[TestFixture]
public sealed class OutcomeRulesTests
{
    private static readonly OutcomeRules.Observed Gone = new("c1", Gone: true, null);

    [Test]
    public void AnAttendedTransferWithOneCallGone_IsUnknown()
    {
        var (outcome, evidence) = OutcomeRules.Decide("transfer", TransferRequest.Attended("c1", "c2"), Gone, Present("c2", CallState.Held));

        Assert.That(outcome, Is.EqualTo(CommandOutcome.Unknown));
        Assert.That(evidence, Does.Contain("call c1 is gone but call c2 is still there"));
    }

    [TestCase("hold")]
    [TestCase("resume")]
    [TestCase("answer")]
    [TestCase("divert")]
    [TestCase("park")]
    [TestCase("mute")]
    [TestCase("startRecording")]
    public void ACallThatIsGone_TellsNothingAboutACommandThatKeepsIt(string command)
    {
        Assert.That(OutcomeRules.Decide(command, new CallRequest("c1"), Gone, null).Outcome, Is.EqualTo(CommandOutcome.Unknown));
    }

    [Test]
    public void AHoldOfACallNowAlerting_IsUnknown_TheCommandDoesNotExplainIt()
    {
        var (outcome, evidence) = OutcomeRules.Decide("hold", new CallRequest("c1"), Present("c1", CallState.Alerting), null);

        Assert.That((outcome, evidence), Is.EqualTo((CommandOutcome.Unknown, "call c1 is Alerting, which the command does not explain")));
    }

    [TestCase("dial")]
    [TestCase("transmitDtmf")]
    [TestCase("pickup")]
    public void CommandsThatLeaveNoAttributableTrace_HaveNoRule(string command)
    {
        Assert.That(OutcomeRules.Decide(command, null, Present("c1", CallState.Connected), null).Outcome, Is.EqualTo(CommandOutcome.Unknown));
    }

    private static OutcomeRules.Observed Present(string id, CallState state) => new(id, Gone: false, new CallDetails { Id = id, State = state });
}
