using System.Reflection;
using CallControl.Sdk.Internal;

namespace CallControl.Sdk.Tests.Calls;

/// <summary>The rules of every command request: each broken rule is named before anything can be sent.</summary>
[TestFixture]
public sealed class CommandRequestTests
{
    private static readonly string LongId = new('x', RequestRules.MaxIdLength + 1);

    private static IEnumerable<TestCaseData> Invalid()
    {
        TestCaseData Case(string name, Func<object> create, string parameter, string fragment)
            => new TestCaseData(create, parameter, fragment).SetName(name);

        yield return Case("Call: missing call id", () => new CallRequest(null!), "callId", "callId is required");
        yield return Case("Call: empty call id", () => new CallRequest(""), "callId", "must not be empty");
        yield return Case("Call: control character", () => new CallRequest("a\nb"), "callId", "control characters");
        yield return Case("Call: too long", () => new CallRequest(LongId), "callId", "the limit is 1024");
        yield return Case("Call: blank line owner", () => new CallRequest("c", " "), "lineOwnerId", "must not be empty");
        yield return Case("Dial: missing destination", () => new DialRequest((string)null!), "destination", "destination is required");
        yield return Case("Dial: undocumented form", () => new DialRequest("222-333-4444"), "destination", "is not valid: expected digits");
        yield return Case("Dial: blank endpoint", () => new DialRequest("1234", endpointId: ""), "endpointId", "must not be empty");
        yield return Case("Dial: Single Number Reach missing", () => DialRequest.ViaSingleNumberReach("1234", null!), "singleNumberReachPhoneNumber", "the phone number to use");
        yield return Case("Dial: Single Number Reach not a phone number", () => DialRequest.ViaSingleNumberReach("1234", "user@company.domain"), "singleNumberReachPhoneNumber", "must be a phone number (digits, +E.164 or tel:), not a UserAtDomain");
        yield return Case("Retrieve: Single Number Reach feature code", () => RetrieveRequest.ViaSingleNumberReach(default(string), "*73"), "singleNumberReachPhoneNumber", "not a FeatureAccessCode");
        yield return Case("Answer: missing call id", () => new AnswerRequest(null!), "callId", "the call to answer");
        yield return Case("Reject: undefined action", () => new RejectRequest("c", (RejectAction)9), "action", "not a defined RejectAction");
        yield return Case("Divert: missing destination", () => DivertRequest.ToDestination("c", (string)null!), "destination", "only a divert to the user's own voicemail has no destination");
        yield return Case("Divert: bad voicemail owner", () => DivertRequest.ToVoicemailOf("c", "user@"), "destination", "is not valid");
        yield return Case("Divert: missing call id", () => DivertRequest.ToOwnVoicemail(null!), "callId", "the call to divert");
        yield return Case("Park: missing destination", () => ParkRequest.Against("c", (string)null!), "destination", "ParkRequest.AgainstSelf");
        yield return Case("Park: missing call id", () => ParkRequest.InGroup(""), "callId", "must not be empty");
        yield return Case("Retrieve: bad destination", () => new RetrieveRequest("park lot"), "destination", "whitespace");
        yield return Case("Pickup: bad target", () => new PickupRequest("mailto:a@b.c"), "target", "not supported");
        yield return Case("BargeIn: missing target", () => new BargeInRequest((string)null!), "target", "target is required");
        yield return Case("Dtmf: missing", () => new TransmitDtmfRequest("c", null!), "dtmf", "dtmf is required");
        yield return Case("Dtmf: empty", () => new TransmitDtmfRequest("c", ""), "dtmf", "must not be empty");
        yield return Case("Dtmf: only pauses", () => new TransmitDtmfRequest("c", ",,,"), "dtmf", "at least one tone");
        yield return Case("Dtmf: letter outside A-D", () => new TransmitDtmfRequest("c", "12E"), "dtmf", "'E' at position 3");
        yield return Case("Dtmf: lower-case letter", () => new TransmitDtmfRequest("c", "a"), "dtmf", "'a' at position 1");
        yield return Case("Dtmf: space", () => new TransmitDtmfRequest("c", "1 2"), "dtmf", "U+0020 at position 2");
        yield return Case("Dtmf: plus sign", () => new TransmitDtmfRequest("c", "+1"), "dtmf", "'+' at position 1");
        yield return Case("Dtmf: too long", () => new TransmitDtmfRequest("c", new string('1', 257)), "dtmf", "the limit is 256");
    }

    [TestCaseSource(nameof(Invalid))]
    public void InvalidRequest_ThrowsNamingTheParameterAndTheRule(Func<object> create, string parameter, string fragment)
    {
        var ex = Assert.Throws<CallControlRequestValidationException>(() => create());

        Assert.That(ex!.ParamName, Is.EqualTo(parameter));
        Assert.That(ex.Violations, Has.Count.EqualTo(1));
        Assert.That(ex.Violations[0], Does.Contain(fragment));
        Assert.That(ex, Is.InstanceOf<ArgumentException>(), "callers can catch it as an ArgumentException");
    }

    [Test]
    public void EveryViolation_IsListedNotJustTheFirst()
    {
        var ex = Assert.Throws<CallControlRequestValidationException>(() => new TransmitDtmfRequest(null!, "x", " "));

        Assert.That(ex!.Violations, Has.Count.EqualTo(3));
        Assert.That(ex.Message, Does.StartWith("The transmitDtmf request is invalid (3 problems): (1) callId is required"));
    }

    [TestCase("0123456789")]
    [TestCase("*#")]
    [TestCase("ABCD")]
    [TestCase("1,234")]
    [TestCase(",1,")]
    public void Dtmf_DocumentedTones_AreAccepted(string dtmf)
        => Assert.That(new TransmitDtmfRequest("c", dtmf).Dtmf, Is.EqualTo(dtmf));

    [Test]
    public void FactoryShapes_HoldWhatTheyPromise()
    {
        var own = DivertRequest.ToOwnVoicemail("c");
        var of = DivertRequest.ToVoicemailOf("c", "+12223334444");
        var to = DivertRequest.ToDestination("c", "tel:+12223334444");
        var group = ParkRequest.InGroup("c");
        var self = ParkRequest.AgainstSelf("c");
        var against = ParkRequest.Against("c", "*73");

        Assert.Multiple(() =>
        {
            Assert.That((own.ToVoicemail, own.Destination), Is.EqualTo((true, (CallDestination?)null)));
            Assert.That((of.ToVoicemail, of.Destination!.Kind), Is.EqualTo((true, CallDestinationKind.E164Number)));
            Assert.That((to.ToVoicemail, to.Destination!.ToString()), Is.EqualTo((false, "tel:+12223334444")));
            Assert.That((group.IsGroupPark, group.Destination), Is.EqualTo((true, (CallDestination?)null)));
            Assert.That((self.IsGroupPark, self.Destination), Is.EqualTo((false, (CallDestination?)null)));
            Assert.That(against.Destination!.Kind, Is.EqualTo(CallDestinationKind.FeatureAccessCode));
            Assert.That(new RejectRequest("c").Action, Is.Null, "no action lets Webex apply busy");
        });
    }

    [Test]
    public void WithTrackingId_CopiesKeepsTheTypeAndLeavesTheOriginalAlone()
    {
        var original = new DialRequest("1234", "ep", "owner");

        var copy = original.WithTrackingId("crm-1");

        Assert.Multiple(() =>
        {
            Assert.That(copy, Is.TypeOf<DialRequest>().And.Not.SameAs(original));
            Assert.That((copy.Destination, copy.EndpointId, copy.LineOwnerId, copy.TrackingId), Is.EqualTo((original.Destination, "ep", "owner", "crm-1")));
            Assert.That(original.TrackingId, Is.Null);
        });
    }

    [TestCase("")]
    [TestCase("a\r\nInjected: yes")]
    [TestCase("é")]
    public void WithTrackingId_UnsafeForAHeader_IsRejected(string trackingId)
    {
        var ex = Assert.Throws<CallControlRequestValidationException>(() => new CallRequest("c").WithTrackingId(trackingId));

        Assert.That(ex!.ParamName, Is.EqualTo("trackingId"));
    }

    [Test]
    public void EveryCommandRequestType_HasWithTrackingIdReturningItsOwnType()
    {
        var requestTypes = typeof(CallControlRequest).Assembly.GetExportedTypes().Where(t => t.IsSubclassOf(typeof(CallControlRequest))).ToList();

        Assert.That(requestTypes, Has.Count.EqualTo(16));
        Assert.That(requestTypes.Where(t => t.GetMethod("WithTrackingId", [typeof(string)])?.ReturnType != t).Select(t => t.Name), Is.Empty);
    }

    [Test]
    public void TransferValidation_IsTheSameExceptionFamily()
    {
        var ex = Assert.Throws<TransferRequestValidationException>(() => TransferRequest.Attended("a", ""));

        Assert.That(ex, Is.InstanceOf<CallControlRequestValidationException>());
        Assert.That(ex!.Message, Does.StartWith("The transfer request is invalid"));
    }

    [Test]
    public void Operations_CommandsArePostsAndQueriesAreGets()
    {
        var operations = typeof(Operation).GetProperties(BindingFlags.Static | BindingFlags.NonPublic)
            .Where(p => p.PropertyType == typeof(Operation)).Select(p => (Operation)p.GetValue(null)!).ToList();

        Assert.That(operations, Has.Count.EqualTo(47));
        Assert.That(operations, Is.EquivalentTo(Operation.All), "every operation is a line of the table");
        Assert.That(operations.Select(o => o.Name), Is.Unique);
        var webhooks = operations.Where(o => o.Path.StartsWith("webhooks", StringComparison.Ordinal)).ToList();
        var conference = operations.Where(o => o.Path.StartsWith("telephony/conference", StringComparison.Ordinal)).ToList();
        Assert.That(conference.Select(o => (o.Name, o.Method, o.IsCommand)), Is.EquivalentTo(new[]
        {
            ("conference.start", "POST", true), ("conference.addParticipant", "POST", true), ("conference.hold", "POST", true),
            ("conference.resume", "POST", true), ("conference.mute", "POST", true), ("conference.unmute", "POST", true),
            ("conference.deafen", "POST", true), ("conference.undeafen", "POST", true), ("conference.get", "GET", false),
            ("conference.release", "DELETE", true),
        }), "releasing the conference is a command although it is a DELETE");
        Assert.That(webhooks.Select(o => (o.Name, o.Method, o.IsCommand)), Is.EquivalentTo(new[]
        {
            ("createCallWebhook", "POST", true), ("listCallWebhooks", "GET", false), ("getWebhook", "GET", false),
            ("updateWebhook", "PUT", true), ("deleteWebhook", "DELETE", true),
        }), "webhook changes are commands (never resent after an ambiguous failure), reads are queries");
        Assert.Multiple(() =>
        {
            foreach (var operation in operations.Except(webhooks).Except(conference))
            {
                Assert.That(operation.Method, Is.EqualTo(operation.IsCommand ? "POST" : "GET"), operation.Name);
                if (operation.IsCommand)
                {
                    var under = operation.IsMember ? "telephony/calls/members/{memberId}/" : "telephony/calls/";
                    Assert.That(operation.Path, Is.EqualTo(under + operation.Command), operation.Name);
                    Assert.That(operation.Segment, Is.EqualTo(operation.Command), operation.Name);
                    Assert.That(operation.Name, Is.EqualTo(operation.IsMember ? "member." + operation.Command : operation.Command), operation.Name);
                }
            }

            Assert.That(operations.Except(webhooks).Except(conference).Where(o => !o.IsCommand).Select(o => o.Name), Is.EquivalentTo(new[] { "listCalls", "getCall", "getCallHistory", "member.listCalls", "member.getCall" }));
        });
    }

    [Test]
    public void EveryDestinationOverload_BuildsTheSameRequestAsItsString()
    {
        var to = CallDestination.Parse("sip:agent@company.domain;transport=tls");
        var wire = to.ToString();

        Assert.Multiple(() =>
        {
            Assert.That(Wire(new DialRequest(to, "ep")), Is.EqualTo(Wire(new DialRequest(wire, "ep"))));
            Assert.That(Wire(DialRequest.ViaSingleNumberReach(to, "+12223334444")), Is.EqualTo(Wire(DialRequest.ViaSingleNumberReach(wire, "+12223334444"))));
            Assert.That(Wire(DivertRequest.ToDestination("c", to)), Is.EqualTo(Wire(DivertRequest.ToDestination("c", wire))));
            Assert.That(Wire(DivertRequest.ToVoicemailOf("c", to)), Is.EqualTo(Wire(DivertRequest.ToVoicemailOf("c", wire))));
            Assert.That(Wire(ParkRequest.Against("c", to)), Is.EqualTo(Wire(ParkRequest.Against("c", wire))));
            Assert.That(Wire(new RetrieveRequest(to)), Is.EqualTo(Wire(new RetrieveRequest(wire))));
            Assert.That(Wire(new PickupRequest(to)), Is.EqualTo(Wire(new PickupRequest(wire))));
            Assert.That(Wire(new BargeInRequest(to)), Is.EqualTo(Wire(new BargeInRequest(wire))));
            Assert.That(new DialRequest(to).Destination, Is.EqualTo(to));
        });
        Assert.Throws<ArgumentNullException>(() => _ = new DialRequest((CallDestination)null!));
        Assert.Throws<ArgumentNullException>(() => DivertRequest.ToDestination("c", (CallDestination)null!));
    }

    private static string Wire(CallControlRequest request)
        => System.Text.Encoding.UTF8.GetString(request.WriteBody());
}
