namespace CallControl.Sdk.Tests.Transfer;

[TestFixture]
public sealed class TransferRequestFactoryTests
{
    [Test]
    public void Attended_ValidIds_CreatesAnAttendedRequest()
    {
        var request = TransferRequest.Attended("a", "b", lineOwnerId: "owner");
        Assert.That((request.Kind, request.CallId1, request.CallId2, request.Destination, request.LineOwnerId), Is.EqualTo((TransferKind.Attended, "a", "b", (CallDestination?)null, "owner")));
    }

    [Test]
    public void Mute_StringAndParsedDestination_AreEquivalent()
    {
        var fromString = TransferRequest.Mute("a", "user@company.domain");
        var fromParsed = TransferRequest.Mute("a", CallDestination.Parse("user@company.domain"));

        Assert.That(fromString.Destination, Is.EqualTo(fromParsed.Destination));
        Assert.That(fromString.Kind, Is.EqualTo(TransferKind.Mute));
    }

    [Test]
    public void Automatic_HasNoFields()
    {
        var request = TransferRequest.Automatic();
        Assert.That((request.CallId1, request.CallId2, request.Destination), Is.EqualTo(((string?)null, (string?)null, (CallDestination?)null)));
    }

    [Test]
    public void Attended_NullAndBlankIds_ListEveryProblem()
    {
        var ex = Assert.Throws<TransferRequestValidationException>(() => TransferRequest.Attended(null!, " "));
        Assert.That(ex!.Violations, Has.Count.EqualTo(2));
        Assert.That(ex.Violations[0], Does.StartWith("callId1"));
        Assert.That(ex.Violations[1], Does.StartWith("callId2"));
        Assert.That(ex, Is.InstanceOf<ArgumentException>());
    }

    [Test]
    public void Mute_NullParsedDestination_ThrowsArgumentNull()
        => Assert.Throws<ArgumentNullException>(() => TransferRequest.Mute("a", (CallDestination)null!));

    [Test]
    public void WithTrackingId_KeepsEverythingElse()
    {
        var request = TransferRequest.Mute("a", "1234", "owner").WithTrackingId("app_1");
        Assert.That((request.Kind, request.CallId1, request.Destination?.ToString(), request.LineOwnerId, request.TrackingId), Is.EqualTo((TransferKind.Mute, "a", "1234", "owner", "app_1")));
    }
}
