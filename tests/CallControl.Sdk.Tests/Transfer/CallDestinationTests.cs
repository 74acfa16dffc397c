namespace CallControl.Sdk.Tests.Transfer;

[TestFixture]
public sealed class CallDestinationTests
{
    [TestCase("1234", CallDestinationKind.Digits, "1234")]
    [TestCase("2223334444", CallDestinationKind.Digits, "2223334444")]
    [TestCase("+12223334444", CallDestinationKind.E164Number, "+12223334444")]
    [TestCase("tel:+12223334444", CallDestinationKind.TelUri, "tel:+12223334444")]
    [TestCase("TEL:+12223334444", CallDestinationKind.TelUri, "tel:+12223334444")]
    [TestCase("tel:1234", CallDestinationKind.TelUri, "tel:1234")]
    [TestCase("user@company.domain", CallDestinationKind.UserAtDomain, "user@company.domain")]
    [TestCase("first.last+tag@sub.company.domain", CallDestinationKind.UserAtDomain, "first.last+tag@sub.company.domain")]
    [TestCase("+0@ihdj.example", CallDestinationKind.UserAtDomain, "+0@ihdj.example")]
    [TestCase("sip:user@company.domain", CallDestinationKind.SipUri, "sip:user@company.domain")]
    [TestCase("SIP:user@host:5061", CallDestinationKind.SipUri, "sip:user@host:5061")]
    [TestCase("*73", CallDestinationKind.FeatureAccessCode, "*73")]
    [TestCase("*9", CallDestinationKind.FeatureAccessCode, "*9")]
    [TestCase("*73#", CallDestinationKind.FeatureAccessCode, "*73#")]
    [TestCase("1234#", CallDestinationKind.Digits, "1234#")]
    [TestCase("**21*1234#", CallDestinationKind.Digits, "**21*1234#")]
    [TestCase("sips:user@company.domain", CallDestinationKind.SipUri, "sips:user@company.domain")]
    [TestCase("sip:user@company.domain;transport=tls", CallDestinationKind.SipUri, "sip:user@company.domain;transport=tls")]
    [TestCase("sip:+12223334444@company.domain;user=phone", CallDestinationKind.SipUri, "sip:+12223334444@company.domain;user=phone")]
    [TestCase("sip:alice:pw@[2001:db8::1]:5061;lr?subject=hi%20there&priority=urgent", CallDestinationKind.SipUri, "sip:alice:pw@[2001:db8::1]:5061;lr?subject=hi%20there&priority=urgent")]
    [TestCase("sip:company.domain", CallDestinationKind.SipUri, "sip:company.domain")]
    [TestCase("tel:+1-222-333-4444", CallDestinationKind.TelUri, "tel:+1-222-333-4444")]
    [TestCase("tel:+1(222)333.4444;ext=12", CallDestinationKind.TelUri, "tel:+1(222)333.4444;ext=12")]
    [TestCase("tel:7042;phone-context=example.com", CallDestinationKind.TelUri, "tel:7042;phone-context=example.com")]
    [TestCase("user@localhost", CallDestinationKind.UserAtDomain, "user@localhost")]
    [TestCase("o'brien+tag@company.domain", CallDestinationKind.UserAtDomain, "o'brien+tag@company.domain")]
    public void Parse_DocumentedForm_HasItsKindAndWireForm(string value, CallDestinationKind kind, string wire)
    {
        var destination = CallDestination.Parse(value);

        Assert.That(destination.Kind, Is.EqualTo(kind));
        Assert.That(destination.ToString(), Is.EqualTo(wire));
        Assert.That(CallDestination.Parse(destination.ToString()), Is.EqualTo(destination), "the wire form parses back to itself");
    }

    [TestCase("", "empty")]
    [TestCase("   ", "empty")]
    [TestCase("222-333-4444", "expected digits")]
    [TestCase("+1 222 333 4444", "whitespace")]
    [TestCase("+0123", "+0")]
    [TestCase("+1", "E.164")]
    [TestCase("+1234567890123456", "E.164")]
    [TestCase("tel:", "tel:")]
    [TestCase("tel:+1", "tel:")]
    [TestCase("tel:1234x", "tel:")]
    [TestCase("tel:+1-222;ext=", "parameter value")]
    [TestCase("sip:", "sip:")]
    [TestCase("sip:@company.domain", "user part")]
    [TestCase("sip:user@company.domain;", "parameter name")]
    [TestCase("sip:user@company.domain?", "headers")]
    [TestCase("sip:us%zzer@company.domain", "hex digits")]
    [TestCase("sip:user@host:99999", "port")]
    [TestCase("sip:user@[2001:db8::1", "']'")]
    [TestCase("sips:", "sips:")]
    [TestCase("user@", "host")]
    [TestCase("user@bad..domain", "empty part")]
    [TestCase(".user@company.domain", "empty part")]
    [TestCase("user@comp(any).domain", "'('")]
    [TestCase("@company.domain", "user part")]
    [TestCase("a@b@company.domain", "exactly one '@'")]
    [TestCase("us er@company.domain", "whitespace")]
    [TestCase("1234\r\n", "whitespace")]
    [TestCase("12\u200B34", "invisible")]
    [TestCase("+1222\u202E3334444", "invisible")]
    [TestCase("sip:user@company.domain\\uD800", "surrogate")]
    [TestCase("mailto:user@company.domain", "not supported")]
    [TestCase("alice", "expected digits")]
    [TestCase("*", "at least one digit")]
    [TestCase("*#", "at least one digit")]
    [TestCase("*7a", "feature access code")]
    public void Parse_InvalidValue_ThrowsFormatExceptionSayingWhy(string value, string why)
    {
        value = System.Text.RegularExpressions.Regex.Unescape(value);
        var ex = Assert.Throws<FormatException>(() => CallDestination.Parse(value));

        Assert.That(ex!.Message, Does.Contain(why));
        Assert.That(CallDestination.TryParse(value, out var parsed), Is.False);
        Assert.That(parsed, Is.Null);
    }

    [Test]
    public void Parse_TooLong_IsRejected()
        => Assert.Throws<FormatException>(() => CallDestination.Parse("user@" + string.Join('.', Enumerable.Repeat("abcdefghij", 60)) + ".com"));

    [Test]
    public void Parse_ControlCharacters_AreNotEchoedRaw()
    {
        var ex = Assert.Throws<FormatException>(() => CallDestination.Parse("12\n34"));
        Assert.That(ex!.Message, Does.Not.Contain("\n"));
    }

    [Test]
    public void Parse_Null_ThrowsArgumentNull()
        => Assert.Throws<ArgumentNullException>(() => CallDestination.Parse(null!));

    [Test]
    public void TryParse_Null_IsFalse()
        => Assert.That(CallDestination.TryParse(null, out _), Is.False);

    [Test]
    public void Equality_IsByWireForm()
    {
        Assert.That(CallDestination.Parse("tel:+12223334444") == CallDestination.Parse("TEL:+12223334444"), Is.True);
        Assert.That(CallDestination.Parse("1234") != CallDestination.Parse("+1234"), Is.True);
        Assert.That(CallDestination.Parse("tel:1234").GetHashCode(), Is.EqualTo(CallDestination.Parse("TEL:1234").GetHashCode()));
    }
}
