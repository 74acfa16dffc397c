using System.Text;
using CsCheck;

namespace CallControl.Sdk.Tests.Events;

[TestFixture]
public sealed class CallEventParserTests
{
    private const string Secret = "webhook-secret-8c1f";

    internal static string Event(string eventType = "held", string timestamp = "2026-11-27T12:00:00.123Z", string callId = "Y2lzY29zcGFyazovL3VzL0NBTEwvMQ", string resource = "telephony_calls", string state = "held")
        => $$$"""
        {"id":"wh-1","name":"calls","targetUrl":"https://app.example/hooks","resource":"{{{resource}}}","event":"updated","orgId":"org-1",
         "createdBy":"person-1","appId":"app-1","ownedBy":"creator","status":"active","created":"2026-11-01T00:00:00Z","actorId":"actor-1",
         "data":{"eventType":"{{{eventType}}}","eventTimestamp":"{{{timestamp}}}","callId":"{{{callId}}}","callSessionId":"session-1",
          "personality":"originator","state":"{{{state}}}","remoteParty":{"name":"Ann","number":"+14085550100","privacyEnabled":false,"callType":"location"},
          "appearance":1,"created":"2026-11-27T11:59:00Z","answered":"2026-11-27T11:59:05Z","redirections":[],"recall":null,"recordingState":"started"}}
        """;

    private static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text);

    [Test]
    public void Parse_ASignedEvent_IsVerifiedAndTyped()
    {
        var body = Bytes(Event());

        var e = CallEventParser.Parse(body, CallEventParser.Sign(body, Secret), Secret);

        Assert.Multiple(() =>
        {
            Assert.That(e.EventType, Is.EqualTo(CallEventType.Held));
            Assert.That(e.Timestamp, Is.EqualTo(new DateTimeOffset(2026, 11, 27, 12, 0, 0, 123, TimeSpan.Zero)));
            Assert.That((e.CallId, e.CallSessionId), Is.EqualTo(("Y2lzY29zcGFyazovL3VzL0NBTEwvMQ", "session-1")));
            Assert.That(e.Call.Id, Is.EqualTo(e.CallId), "data.callId becomes CallDetails.Id");
            Assert.That((e.Call.State, e.Call.Personality, e.Call.RemoteParty!.Number, e.Call.RecordingState), Is.EqualTo((CallState.Held, CallPersonality.Originator, "+14085550100", (RecordingState?)RecordingState.Started)));
            Assert.That((e.WebhookId, e.WebhookName, e.Event, e.ActorId, e.OrgId, e.MemberId), Is.EqualTo(("wh-1", "calls", "updated", "actor-1", "org-1", "actor-1")), "the member is the actor");
        });
    }

    [Test]
    public void Sign_IsTheLowercaseHexHmacSha1OfTheBytes()
    {
        var body = "{\"a\":1}"u8.ToArray();
        using var hmac = new System.Security.Cryptography.HMACSHA1(Encoding.UTF8.GetBytes(Secret));

        Assert.That(CallEventParser.Sign(body, Secret), Is.EqualTo(Convert.ToHexStringLower(hmac.ComputeHash(body))));
    }

    [Test]
    public void Parse_SignatureInUppercaseOrWithSpaces_IsAccepted()
    {
        var body = Bytes(Event());
        Assert.That(CallEventParser.Parse(body, " " + CallEventParser.Sign(body, Secret).ToUpperInvariant() + " ", Secret).EventType, Is.EqualTo(CallEventType.Held));
    }

    [TestCase(null, CallEventProblem.MissingSignature)]
    [TestCase("", CallEventProblem.MissingSignature)]
    [TestCase("abc", CallEventProblem.InvalidSignature)]
    [TestCase("zz0123456789012345678901234567890123456z", CallEventProblem.InvalidSignature)]
    [TestCase("0000000000000000000000000000000000000000", CallEventProblem.InvalidSignature)]
    public void Parse_MissingOrWrongSignature_IsRefused(string? signature, CallEventProblem problem)
    {
        var ex = Assert.Throws<CallEventValidationException>(() => CallEventParser.Parse(Bytes(Event()), signature, Secret));

        Assert.That(ex!.Problem, Is.EqualTo(problem));
        Assert.That(ex.Message, Does.Not.Contain(Secret));
    }

    [Test]
    public void Parse_OneByteChanged_FailsTheSignature()
    {
        var body = Bytes(Event());
        var signature = CallEventParser.Sign(body, Secret);
        body[^3] ^= 1;

        Assert.That(Assert.Throws<CallEventValidationException>(() => CallEventParser.Parse(body, signature, Secret))!.Problem, Is.EqualTo(CallEventProblem.InvalidSignature));
        Assert.That(Assert.Throws<CallEventValidationException>(() => CallEventParser.Parse(Bytes(Event()), signature, "other-secret"))!.Problem, Is.EqualTo(CallEventProblem.InvalidSignature));
    }

    [Test]
    public void Parse_NoSecret_VerifiesNothing_AndAnEmptySecretIsAMistake()
    {
        Assert.That(CallEventParser.Parse(Bytes(Event()), null, null).EventType, Is.EqualTo(CallEventType.Held));
        Assert.Throws<ArgumentException>(() => CallEventParser.Parse(Bytes(Event()), "x", string.Empty));
    }

    [TestCase("alerting", CallEventType.Alerting)]
    [TestCase("answered", CallEventType.Answered)]
    [TestCase("connected", CallEventType.Connected)]
    [TestCase("held", CallEventType.Held)]
    [TestCase("remoteHeld", CallEventType.RemoteHeld)]
    [TestCase("resumed", CallEventType.Resumed)]
    [TestCase("recording", CallEventType.Recording)]
    [TestCase("disconnected", CallEventType.Disconnected)]
    [TestCase("forwarded", CallEventType.Forwarded)]
    [TestCase("transcribing", CallEventType.Unknown)]
    public void Parse_EveryEventType_AndAnUnknownOne(string wire, CallEventType expected)
        => Assert.That(CallEventParser.Parse(Bytes(Event(wire)), null, null).EventType, Is.EqualTo(expected));

    [Test]
    public void Parse_AnUnknownStateOrExtraFields_StillReads()
    {
        var e = CallEventParser.Parse(Bytes(Event(state: "teleporting").Replace("\"appearance\":1", "\"appearance\":1,\"newField\":{\"x\":[1,2]}", StringComparison.Ordinal)), null, null);
        Assert.That(e.Call.State, Is.EqualTo(CallState.Unknown));
    }

    [TestCase("{\"resource\":\"messages\",\"data\":{}}", CallEventProblem.WrongResource)]
    [TestCase("{\"data\":{}}", CallEventProblem.WrongResource)]
    [TestCase("{\"resource\":\"telephony_calls\"}", CallEventProblem.Malformed)]
    [TestCase("{\"resource\":\"telephony_calls\",\"data\":{\"eventTimestamp\":\"2026-11-27T12:00:00Z\"}}", CallEventProblem.Malformed)]
    [TestCase("{\"resource\":\"telephony_calls\",\"data\":{\"callId\":\"c\",\"eventTimestamp\":\"soon\"}}", CallEventProblem.Malformed)]
    [TestCase("null", CallEventProblem.Malformed)]
    [TestCase("[1,2,3]", CallEventProblem.Malformed)]
    [TestCase("<html>", CallEventProblem.Malformed)]
    [TestCase("", CallEventProblem.Malformed)]
    [TestCase("{\"resource\":\"telephony_calls\",\"data\":{\"callId\":5}}", CallEventProblem.Malformed)]
    public void Parse_HostileOrForeignBody_IsRefusedSayingWhy(string body, CallEventProblem problem)
        => Assert.That(Assert.Throws<CallEventValidationException>(() => CallEventParser.Parse(Bytes(body), null, null))!.Problem, Is.EqualTo(problem));

    [Test]
    public void Parse_OverOneMebibyte_IsRefusedBeforeHashing()
    {
        var body = new byte[CallEventParser.MaxBodyBytes + 1];
        Assert.That(Assert.Throws<CallEventValidationException>(() => CallEventParser.Parse(body, "00", Secret))!.Problem, Is.EqualTo(CallEventProblem.TooLarge));
    }

    [Test]
    public void Parse_DeepNesting_IsMalformedNotAStackOverflow()
    {
        var deep = "{\"resource\":\"telephony_calls\",\"data\":{\"remoteParty\":" + new string('[', 5000) + new string(']', 5000) + "}}";
        Assert.That(Assert.Throws<CallEventValidationException>(() => CallEventParser.Parse(Bytes(deep), null, null))!.Problem, Is.EqualTo(CallEventProblem.Malformed));
    }

    [Test]
    public void Parse_AnyBytes_ThrowNothingButAValidationException()
    {
        var bodies = Gen.OneOf(
            Gen.Byte.Array[0, 2048],
            Gen.String.Select(Encoding.UTF8.GetBytes),
            Gen.String[Gen.Char["{}[]\":,0123456789abcdeflnrstu\\ "], 0, 200].Select(Encoding.UTF8.GetBytes),
            Gen.Int[0, 900].Select(cut => Bytes(Event())[..Math.Min(cut, Bytes(Event()).Length)]));
        Gen.Select(bodies, Gen.OneOf(Gen.Const((string?)null), Gen.String.Select(s => (string?)s)), Gen.OneOf(Gen.Const((string?)null), Gen.Const((string?)Secret))).Sample(t =>
        {
            var (body, signature, secret) = t;
            try
            {
                CallEventParser.Parse(body, signature, secret);
            }
            catch (CallEventValidationException)
            {
            }
        }, iter: 3_000, threads: 1);
    }
}
