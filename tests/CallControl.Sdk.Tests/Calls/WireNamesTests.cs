using CallControl.Sdk.Internal;
using CallControl.Sdk.Internal.Wire;

namespace CallControl.Sdk.Tests.Calls;

/// <summary>The one mapping between the SDK's enumerations and Webex's strings, and the model mapping built on it.</summary>
[TestFixture]
public sealed class WireNamesTests
{
    [TestCase("connecting", CallState.Connecting)]
    [TestCase("alerting", CallState.Alerting)]
    [TestCase("connected", CallState.Connected)]
    [TestCase("held", CallState.Held)]
    [TestCase("remoteHeld", CallState.RemoteHeld)]
    [TestCase("disconnected", CallState.Disconnected)]
    [TestCase("Connected", CallState.Unknown)]
    [TestCase("parked-on-the-moon", CallState.Unknown)]
    [TestCase(null, CallState.Unknown)]
    public void CallState_ReadsDocumentedValuesAndNeverFails(string? wire, CallState expected)
        => Assert.That(WireNames.ParseCallState(wire), Is.EqualTo(expected));

    [Test]
    public void EveryDefinedValue_HasAWireNameThatReadsBack()
    {
        Assert.Multiple(() =>
        {
            foreach (var value in Enum.GetValues<CallState>().Where(v => v != CallState.Unknown))
            {
                Assert.That(WireNames.ParseCallState(WireNames.Of(value)), Is.EqualTo(value));
            }

            foreach (var value in Enum.GetValues<CallPersonality>().Where(v => v != CallPersonality.Unknown))
            {
                Assert.That(WireNames.ParsePersonality(WireNames.Of(value)), Is.EqualTo(value));
            }

            foreach (var value in Enum.GetValues<CallPartyType>().Where(v => v != CallPartyType.Unknown))
            {
                Assert.That(WireNames.ParsePartyType(WireNames.Of(value)), Is.EqualTo(value));
            }

            foreach (var value in Enum.GetValues<CallHistoryType>().Where(v => v != CallHistoryType.Unknown))
            {
                Assert.That(WireNames.ParseHistoryType(WireNames.Of(value)), Is.EqualTo(value));
            }

            Assert.That(Enum.GetValues<RejectAction>().Select(a => WireNames.Of(a)), Is.EqualTo(new[] { "busy", "temporarilyUnavailable", "ignore" }));
            Assert.That(WireNames.Of((RejectAction?)null), Is.Null);
        });
    }

    [TestCase("pending", RecordingState.Pending)]
    [TestCase("failed", RecordingState.Failed)]
    [TestCase("recording", RecordingState.Unknown)]
    public void RecordingState_Reads(string wire, RecordingState expected)
        => Assert.That(WireNames.ParseRecordingState(wire), Is.EqualTo(expected));

    [TestCase("unknown", RedirectionReason.Unspecified)]
    [TestCase("callQueue", RedirectionReason.CallQueue)]
    [TestCase("teleport", RedirectionReason.Unknown)]
    public void RedirectionReason_WebexsOwnUnknownIsNotOurUnknown(string wire, RedirectionReason expected)
        => Assert.That(WireNames.ParseRedirectionReason(wire), Is.EqualTo(expected));

    [TestCase(1.0, 1)]
    [TestCase(1.5, null)]
    [TestCase(1e12, null)]
    public void Appearance_OnlyWholeNumbersInRange(double wire, int? expected)
        => Assert.That(CallMapper.ToDetails(new CallBody { Appearance = wire }).Appearance, Is.EqualTo(expected));

    [Test]
    public void EmptyCallBody_MapsToSafeDefaults()
    {
        var call = CallMapper.ToDetails(new CallBody { Created = "not a date", Redirections = [null] });

        Assert.Multiple(() =>
        {
            Assert.That(call.Id, Is.Empty);
            Assert.That((call.State, call.Personality, call.RemoteParty, call.Created, call.RecordingState), Is.EqualTo((CallState.Unknown, CallPersonality.Unknown, (CallParty?)null, (DateTimeOffset?)null, (RecordingState?)null)));
            Assert.That(call.Redirections, Is.Empty);
        });
    }
}
