namespace CallControl.Sdk.Tests.Transfer;

/// <summary>Every combination of absent, empty, whitespace and valid callId1, callId2 and destination through the builder.</summary>
[TestFixture]
public sealed class TransferRequestBuilderTests
{
    public enum Part
    {
        Absent,
        Empty,
        Blank,
        Valid,
    }

    private static readonly Part[] AllParts = [Part.Absent, Part.Empty, Part.Blank, Part.Valid];

    /// <summary>
    /// The expected outcome of each combination, written from the reference text rather than from the SDK's code:
    /// a kind when valid, else the exact number of broken rules and the parameters they name.
    /// </summary>
    public static IEnumerable<TestCaseData> Combinations()
    {
        foreach (var c1 in AllParts)
        {
            foreach (var c2 in AllParts)
            {
                foreach (var d in AllParts)
                {
                    bool has1 = c1 != Part.Absent, has2 = c2 != Part.Absent, hasD = d != Part.Absent;
                    var broken = new List<string>();
                    if (c1 is Part.Empty or Part.Blank)
                    {
                        broken.Add("callId1 must not be empty");
                    }

                    if (c2 is Part.Empty or Part.Blank)
                    {
                        broken.Add("callId2 must not be empty");
                    }

                    if (d is Part.Empty or Part.Blank)
                    {
                        broken.Add("destination");
                    }

                    if (has2 && !has1)
                    {
                        broken.Add("callId1 is required when callId2 is given");
                    }

                    if (hasD && !has1)
                    {
                        broken.Add("callId1 is required when destination is given");
                    }

                    if (has1 && !has2 && !hasD)
                    {
                        broken.Add("callId1 alone is not a transfer");
                    }

                    if (has2 && hasD)
                    {
                        broken.Add("rejected as ambiguous");
                    }

                    TransferKind? kind = broken.Count > 0 ? null : (has1, has2, hasD) switch
                    {
                        (false, false, false) => TransferKind.Automatic,
                        (true, true, false) => TransferKind.Attended,
                        (true, false, true) => TransferKind.Mute,
                        _ => throw new InvalidOperationException("unreachable"),
                    };

                    yield return new TestCaseData(c1, c2, d, kind, broken.ToArray())
                        .SetName($"Build_callId1 {c1}, callId2 {c2}, destination {d} -> {(kind?.ToString() ?? $"{broken.Count} violations")}");
                }
            }
        }
    }

    [TestCaseSource(nameof(Combinations))]
    public void Build_EveryCombination_HasTheDocumentedOutcome(Part c1, Part c2, Part d, TransferKind? expectedKind, string[] expectedViolations)
    {
        var builder = TransferRequest.CreateBuilder()
            .WithCallId1(Value(c1, "call-1"))
            .WithCallId2(Value(c2, "call-2"))
            .WithDestination(Value(d, "+12223334444"));

        if (expectedKind is { } kind)
        {
            var request = builder.Build();
            Assert.Multiple(() =>
            {
                Assert.That(request.Kind, Is.EqualTo(kind));
                Assert.That(request.CallId1, Is.EqualTo(Value(c1, "call-1")));
                Assert.That(request.CallId2, Is.EqualTo(Value(c2, "call-2")));
                Assert.That(request.Destination?.ToString(), Is.EqualTo(Value(d, "+12223334444")));
            });
        }
        else
        {
            var ex = Assert.Throws<TransferRequestValidationException>(() => builder.Build());
            Assert.That(ex!.Violations, Has.Count.EqualTo(expectedViolations.Length), string.Join(Environment.NewLine, ex.Violations));
            foreach (var expected in expectedViolations)
            {
                Assert.That(ex.Violations, Has.Some.Contains(expected));
                Assert.That(ex.Message, Does.Contain(expected));
            }
        }
    }

    [Test]
    public void Build_CallId2AndDestination_IsRejectedAsAmbiguousWithAClearMessage()
    {
        var ex = Assert.Throws<TransferRequestValidationException>(() =>
            TransferRequest.CreateBuilder().WithCallId1("a").WithCallId2("b").WithDestination("1234").Build());

        Assert.That(ex!.Violations, Is.EqualTo(new[]
        {
            "callId2 and destination cannot both be given: Webex does not define that combination, so it is rejected as ambiguous. Give callId2 for an attended transfer or destination for a mute transfer.",
        }));
        Assert.That(ex.ParamName, Is.EqualTo("destination"));
    }

    [Test]
    public void Build_InvalidDestination_NamesTheParameterTheValueAndTheRule()
    {
        var ex = Assert.Throws<TransferRequestValidationException>(() =>
            TransferRequest.CreateBuilder().WithCallId1("a").WithDestination("222-333-4444").Build());

        Assert.That(ex!.ParamName, Is.EqualTo("destination"));
        Assert.That(ex.Violations.Single(), Does.StartWith("destination '222-333-4444' is not valid:").And.Contain("E.164"));
    }

    [Test]
    public void Build_NullClearsAPartThatWasSet()
    {
        var request = TransferRequest.CreateBuilder().WithCallId1("a").WithCallId2("b").WithCallId2(null).WithDestination("1234").Build();
        Assert.That(request.Kind, Is.EqualTo(TransferKind.Mute));
    }

    [Test]
    public void Build_ParsedDestinationAndLineOwner_AreKept()
    {
        var request = TransferRequest.CreateBuilder().WithCallId1("a").WithDestination(CallDestination.Parse("sip:user@company.domain")).WithLineOwnerId("owner").Build();

        Assert.That(request.Destination!.Kind, Is.EqualTo(CallDestinationKind.SipUri));
        Assert.That(request.LineOwnerId, Is.EqualTo("owner"));
    }

    [TestCase("")]
    [TestCase("   ")]
    [TestCase("bad\nid")]
    public void Build_BadLineOwnerId_IsRejected(string lineOwnerId)
    {
        var ex = Assert.Throws<TransferRequestValidationException>(() => TransferRequest.CreateBuilder().WithLineOwnerId(lineOwnerId).Build());
        Assert.That(ex!.ParamName, Is.EqualTo("lineOwnerId"));
    }

    [TestCase("abc\r\nX-Injected: 1")]
    [TestCase("")]
    [TestCase("naïve")]
    public void WithTrackingId_UnsafeValue_IsRejectedBeforeSending(string trackingId)
    {
        Assert.Throws<TransferRequestValidationException>(() => TransferRequest.Automatic().WithTrackingId(trackingId));
        Assert.Throws<TransferRequestValidationException>(() => TransferRequest.CreateBuilder().WithTrackingId(trackingId).Build());
    }

    private static string? Value(Part part, string valid) => part switch
    {
        Part.Absent => null,
        Part.Empty => string.Empty,
        Part.Blank => " \t ",
        _ => valid,
    };
}
