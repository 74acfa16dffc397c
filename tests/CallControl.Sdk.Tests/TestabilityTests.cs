using System.Net;

namespace CallControl.Sdk.Tests;

/// <summary>What a user needs to test their own code against a mocked client: equal requests and buildable results and exceptions.</summary>
[TestFixture]
public sealed class TestabilityTests
{
    private static IEnumerable<TestCaseData> EqualPairs()
    {
        yield return new TestCaseData(new CallRequest("c1"), new CallRequest("c1")).SetName("Call");
        yield return new TestCaseData(new DialRequest("+12223334444", "ep"), new DialRequest(CallDestination.Parse("+12223334444"), "ep")).SetName("Dial, string or parsed destination");
        yield return new TestCaseData(DivertRequest.ToOwnVoicemail("c1"), DivertRequest.ToOwnVoicemail("c1")).SetName("Divert");
        yield return new TestCaseData(ParkRequest.InGroup("c1"), ParkRequest.InGroup("c1")).SetName("Park");
        yield return new TestCaseData(TransferRequest.Attended("a", "b"), TransferRequest.CreateBuilder().WithCallId1("a").WithCallId2("b").Build()).SetName("Transfer, factory or builder");
        yield return new TestCaseData(new CallRequest("c1").WithTrackingId("t-1"), new CallRequest("c1").WithTrackingId("t-1")).SetName("Same tracking id");
    }

    private static IEnumerable<TestCaseData> UnequalPairs()
    {
        yield return new TestCaseData(new CallRequest("c1"), new CallRequest("c2")).SetName("Other call");
        yield return new TestCaseData(new CallRequest("c1"), new CallRequest("c1", lineOwnerId: "owner")).SetName("Other line owner");
        yield return new TestCaseData(new CallRequest("c1"), new CallRequest("c1").WithTrackingId("t-1")).SetName("Other tracking id");
        yield return new TestCaseData(TransferRequest.Attended("a", "b"), TransferRequest.Attended("b", "a")).SetName("Transfer, swapped calls");
        yield return new TestCaseData(ParkRequest.InGroup("c1"), ParkRequest.AgainstSelf("c1")).SetName("Park, other kind");
        yield return new TestCaseData(new PickupRequest("1234"), new BargeInRequest("1234")).SetName("Other type, same body");
    }

    [TestCaseSource(nameof(EqualPairs))]
    public void Requests_WithTheSameContent_AreEqual(CallControlRequest a, CallControlRequest b)
    {
        Assert.That(a, Is.EqualTo(b));
        Assert.That(a.GetHashCode(), Is.EqualTo(b.GetHashCode()));
        Assert.That(new HashSet<CallControlRequest> { a, b }, Has.Count.EqualTo(1));
    }

    [TestCaseSource(nameof(UnequalPairs))]
    public void Requests_ThatDiffer_AreNotEqual(CallControlRequest a, CallControlRequest b)
        => Assert.That(a, Is.Not.EqualTo(b));

    [Test]
    public async Task AMockedClient_IsVerifiedWithTheRequestItself()
    {
        var client = new RecordingClient();
        await HoldTheCaller(client, "c1");

        Assert.That(client.Holds, Is.EqualTo(new[] { new CallRequest("c1") }), "no predicate needed");
    }

    [Test]
    public void ModelFactory_BuildsEveryResultAndExceptionWithEveryPropertySet()
    {
        var api = CallControlModelFactory.CallControlApiException(HttpStatusCode.BadGateway, "upstream", retryAfter: TimeSpan.FromSeconds(3), outcomeUnknown: true, attempts: 2, trackingId: "ROUTER_1");
        var canceled = CallControlModelFactory.CallControlOperationCanceledException(outcomeUnknown: true, attempts: 1);
        var created = CallControlModelFactory.CallCreatedResult("call-9");
        var transfer = CallControlModelFactory.TransferResult(TransferKind.Mute, HttpStatusCode.Created, "call-2", "session-2");

        Assert.Multiple(() =>
        {
            Assert.That((api.StatusCode, api.ErrorMessage, api.RetryAfter, api.OutcomeUnknown, api.Attempts, api.TrackingId), Is.EqualTo((HttpStatusCode.BadGateway, "upstream", (TimeSpan?)TimeSpan.FromSeconds(3), true, 2, "ROUTER_1")));
            Assert.That(api.Message, Does.Contain("502").And.Contain("upstream"));
            Assert.That((canceled.OutcomeUnknown, canceled.Attempts), Is.EqualTo((true, 1)));
            Assert.That(canceled, Is.InstanceOf<OperationCanceledException>());
            Assert.That((created.StatusCode, created.CallId), Is.EqualTo((HttpStatusCode.Created, "call-9")));
            Assert.That((transfer.Kind, transfer.CallId, transfer.CallSessionId), Is.EqualTo((TransferKind.Mute, "call-2", "session-2")));
            Assert.That(CallControlModelFactory.CallControlAuthenticationException(statusCode: HttpStatusCode.Unauthorized).StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
            Assert.That(new CallControlException("x", "t", outcomeUnknown: false) { Attempts = 0 }.Attempts, Is.Zero, "Attempts is settable too");
        });
    }

    private static Task HoldTheCaller(CallControlClient client, string callId) => client.HoldAsync(new CallRequest(callId));

    /// <summary>A hand-written mock, as a user writes one (the protected constructor and virtual methods exist for it).</summary>
    private sealed class RecordingClient : CallControlClient
    {
        public List<CallRequest> Holds { get; } = [];

        public override Task<CallCommandResult> HoldAsync(CallRequest request, CancellationToken cancellationToken = default)
        {
            Holds.Add(request);
            return Task.FromResult(CallControlModelFactory.CallCommandResult());
        }
    }
}
