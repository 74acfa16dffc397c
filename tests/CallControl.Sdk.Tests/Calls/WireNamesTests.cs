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
    public void EveryDocumentedWireValue_ReadsAsItsOwnMember()
    {
        // The wire strings as the Webex schema lists them, in the order of each enum's members after Unknown.
        Assert.Multiple(() =>
        {
            Assert.That(new[] { "connecting", "alerting", "connected", "held", "remoteHeld", "disconnected" }.Select(WireNames.ParseCallState), Is.EqualTo(Defined<CallState>()));
            Assert.That(new[] { "originator", "terminator", "clickToDial" }.Select(WireNames.ParsePersonality), Is.EqualTo(Defined<CallPersonality>()));
            Assert.That(new[] { "location", "organization", "external", "emergency", "repair", "other" }.Select(WireNames.ParsePartyType), Is.EqualTo(Defined<CallPartyType>()));
            Assert.That(new[] { "pending", "started", "paused", "stopped", "failed" }.Select(WireNames.ParseRecordingState), Is.EqualTo(Defined<RecordingState>()));
            Assert.That(new[] { "busy", "noAnswer", "unavailable", "unconditional", "timeOfDay", "divert", "followMe", "huntGroup", "callQueue", "unknown" }.Select(WireNames.ParseRedirectionReason), Is.EqualTo(Defined<RedirectionReason>()));
            Assert.That(new[] { "park" }.Select(WireNames.ParseRecallType), Is.EqualTo(Defined<RecallType>()));
            Assert.That(new[] { "placed", "missed", "received" }.Select(WireNames.ParseHistoryType), Is.EqualTo(Defined<CallHistoryType>()));
        });
    }

    [Test]
    public void SentValues_AreTheDocumentedWireStrings()
    {
        Assert.That(Enum.GetValues<RejectAction>().Select(a => WireNames.Of(a)), Is.EqualTo(new[] { "busy", "temporarilyUnavailable", "ignore" }));
        Assert.That(WireNames.Of((RejectAction?)null), Is.Null);
        Assert.That(Defined<CallHistoryType>().Select(WireNames.Of), Is.EqualTo(new[] { "placed", "missed", "received" }));
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

    private static IEnumerable<T> Defined<T>()
        where T : struct, Enum
        => Enum.GetValues<T>().Where(v => Convert.ToInt32(v, System.Globalization.CultureInfo.InvariantCulture) != 0);
}
