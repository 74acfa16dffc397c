using System.Net;
using CallControl.Sdk.Internal;
using CsCheck;
using Microsoft.Extensions.Time.Testing;
using Polly;

namespace CallControl.Sdk.Tests.Properties;

/// <summary>
/// Properties over thousands of generated inputs, seeded so a run is reproducible (set CsCheck_Seed to replay a
/// printed failure). Each names the only outcomes allowed; any other exception fails the property.
/// </summary>
[TestFixture]
public sealed class PropertyTests
{
    private const string Seed = "2RpNrwO_JWd1";
    private const long Iterations = 5_000;

    /// <summary>Text that reaches every branch: empty, blanks, control characters, documented forms, near misses, unicode.</summary>
    private static readonly Gen<string> HostileText = Gen.OneOf(
        Gen.String,
        Gen.String[0, 12],
        Gen.String[Gen.Char["0123456789+@:.-_ \t\r\n\0telsip"], 0, 24],
        Gen.Const(string.Empty),
        Gen.Const("   "),
        Gen.Const("1234"),
        Gen.Const("+12223334444"),
        Gen.Const("tel:+12223334444"),
        Gen.Const("sip:user@company.domain"),
        Gen.Const("user@company.domain"),
        Gen.Char.Select(c => new string(c, 3)));

    private static readonly Gen<string> Alnum = Gen.String[Gen.Char["abcdefghijABCXYZ0123456789"], 1, 10];

    // RFC 5322 dot-atom: atoms of atext joined by single dots.
    private static readonly Gen<string> DotAtom = Gen.String[Gen.Char["abcxyz0123456789!#$%&'*+-/=?^_`{|}~"], 1, 8].Array[1, 4].Select(atoms => string.Join('.', atoms));

    // RFC 1035-style host labels (letters, digits, inner hyphens).
    private static readonly Gen<string> Hostname = Gen.Select(Alnum, Gen.String[Gen.Char["abc012-"], 0, 6], Alnum, (a, m, b) => a + m + b).Array[1, 4].Select(labels => string.Join('.', labels));

    // RFC 3261 SIP and SIPS URIs: [user[:password]@]host[:port] *(;param) [?headers].
    private static readonly Gen<string> SipUri = Gen.Select(
        Gen.OneOf(Gen.Const("sip:"), Gen.Const("sips:"), Gen.Const("SIP:")),
        Gen.OneOf(Gen.Const(string.Empty), Gen.String[Gen.Char["abc019-_.!~*'()&=+$,;?/"], 1, 12].Select(u => u + "@"), Gen.Select(Alnum, Alnum, (u, pw) => $"{u}:{pw}@")),
        Gen.OneOf(Hostname, Gen.Select(Gen.Int[0, 255].Array[4], o => string.Join('.', o)), Gen.Const("[2001:db8::1]")),
        Gen.OneOf(Gen.Const(string.Empty), Gen.Int[1, 65535].Select(p => ":" + p.ToString(System.Globalization.CultureInfo.InvariantCulture))),
        Gen.OneOf(Gen.Const(string.Empty), Gen.Const(";transport=tls"), Gen.Const(";user=phone"), Gen.Const(";lr;maddr=10.0.0.1")),
        Gen.OneOf(Gen.Const(string.Empty), Gen.Const("?subject=hi%20there&priority=urgent")),
        (scheme, user, host, port, parameters, headers) => scheme + user + host + port + parameters + headers);

    // RFC 3966 tel: URIs: global numbers with visual separators, local numbers, parameters.
    private static readonly Gen<string> TelUri = Gen.OneOf(
        Gen.String[Gen.Char["0123456789"], 1, 14].Select(d => "tel:+1" + d),
        Gen.Const("tel:+1-222-333-4444"),
        Gen.Const("tel:+1(222)333.4444;ext=12"),
        Gen.String[Gen.Char["0123456789*#"], 1, 10].Select(d => "tel:7" + d + ";phone-context=example.com"));

    private static readonly Gen<string> ValidDestination = Gen.OneOf(
        Gen.String[Gen.Char["0123456789"], 1, 32],
        Gen.String[Gen.Char["0123456789*#"], 1, 20].Select(d => "1" + d),
        Gen.String[Gen.Char["0123456789"], 1, 14].Select(d => "+1" + d),
        Gen.String[Gen.Char["0123456789"], 1, 8].Select(d => "*" + d),
        Gen.String[Gen.Char["0123456789"], 1, 8].Select(d => "*" + d + "#"),
        TelUri,
        SipUri,
        Gen.Select(DotAtom, DotAtom, (u, h) => $"{u}@{h}"));

    // Strings an attacker or a broken UI would pass as an id: dot segments, encoded traversal, controls (C0 and C1),
    // invisible and bidirectional formatting characters, lone surrogates, and very long ones.
    private static readonly Gen<string> HostileId = Gen.OneOf(
        Gen.OneOf(Gen.Const("."), Gen.Const("..")),
        Gen.Select(Alnum, Gen.OneOf(Gen.Const('\u0085'), Gen.Const('\u009B'), Gen.Const('\u202E'), Gen.Const('\u200B'), Gen.Const('\uFEFF'), Gen.Const('\u0000'), Gen.Const('\u007F'), Gen.Const('\uD800'), Gen.Const('\uDC00')), Alnum, (a, c, b) => a + c + b),
        Gen.Int[1025, 20_000].Select(n => new string('a', n)));

    [Test]
    public void Builder_AnyPresenceAndContent_GivesExactlyThoseFieldsOrAValidationException()
    {
        Gen.Select(HostileText.Null(0.4), HostileText.Null(0.4), HostileText.Null(0.4), HostileText.Null(0.7))
            .Sample(t =>
            {
                var (c1, c2, d, owner) = t;
                TransferRequest request;
                try
                {
                    request = TransferRequest.CreateBuilder().WithCallId1(c1).WithCallId2(c2).WithDestination(d).WithLineOwnerId(owner).Build();
                }
                catch (TransferRequestValidationException ex)
                {
                    Assert.That(ex.Violations, Is.Not.Empty);
                    Assert.That(ex.Message, Does.Not.Contain("\n").And.Not.Contain("\r"), "caller text is echoed without control characters");
                    return;
                }

                Assert.That((request.CallId1, request.CallId2, request.LineOwnerId), Is.EqualTo((c1, c2, owner)));
                Assert.That(request.Destination?.ToString(), Is.EqualTo(d is null ? null : CallDestination.Parse(d).ToString()));
                Assert.That(request.Kind, Is.EqualTo(c2 is not null ? TransferKind.Attended : d is not null ? TransferKind.Mute : TransferKind.Automatic));
                Assert.That(c2 is not null && d is not null, Is.False, "callId2 with destination is never accepted");
            }, seed: Seed, iter: Iterations, threads: 1);
    }

    [Test]
    public void Parse_AnyString_IsAFormatExceptionOrRoundTrips()
    {
        HostileText.Sample(text =>
        {
            CallDestination parsed;
            try
            {
                parsed = CallDestination.Parse(text);
            }
            catch (FormatException)
            {
                Assert.That(CallDestination.TryParse(text, out _), Is.False);
                return;
            }

            Assert.That(CallDestination.TryParse(text, out var again), Is.True);
            Assert.That(again, Is.EqualTo(parsed));
            var reparsed = CallDestination.Parse(parsed.ToString());
            Assert.That(reparsed, Is.EqualTo(parsed));
            Assert.That(reparsed.Kind, Is.EqualTo(parsed.Kind));
        }, seed: Seed, iter: Iterations, threads: 1);
    }

    [Test]
    public void AnyHostileId_IsRefusedByEveryRequestAndNothingElseIsThrown()
    {
        HostileId.Sample(id =>
        {
            Assert.Throws<CallControlRequestValidationException>(() => _ = new CallRequest(id));
            Assert.Throws<CallControlRequestValidationException>(() => _ = new CallRequest("c1", lineOwnerId: id));
            Assert.Throws<TransferRequestValidationException>(() => TransferRequest.Attended(id, "c2"));
            Assert.Throws<CallControlRequestValidationException>(() => _ = new DialRequest("1234", endpointId: id));
        }, seed: Seed, iter: Iterations, threads: 1);
    }

    [Test]
    public void AnyStringWithAnInvisibleCharacter_IsNeverADestination()
    {
        Gen.Select(ValidDestination, Gen.OneOf(Gen.Const('\u0085'), Gen.Const('\u202E'), Gen.Const('\u200B'), Gen.Const('\uD800')), Gen.Int[0, 100], (d, c, at) => d.Insert(at % (d.Length + 1), c.ToString())).Sample(text =>
        {
            Assert.That(CallDestination.TryParse(text, out _), Is.False, text);
        }, seed: Seed, iter: Iterations, threads: 1);
    }

    [Test]
    public void Parse_EveryDocumentedForm_IsAccepted()
    {
        ValidDestination.Sample(text =>
        {
            var parsed = CallDestination.Parse(text);
            Assert.That(parsed.ToString(), Is.EqualTo(text.StartsWith("SIP:", StringComparison.Ordinal) ? "sip:" + text[4..] : text));
        }, seed: Seed, iter: Iterations, threads: 1);
    }

    [Test]
    public void RetryAfterParser_AnyHeaderValue_NeverThrowsNeverNegativeNeverHuge()
    {
        var now = new DateTimeOffset(2026, 11, 27, 12, 0, 0, TimeSpan.Zero);
        var values = Gen.OneOf(HostileText, Gen.Long.Select(l => l.ToString(System.Globalization.CultureInfo.InvariantCulture)), Gen.Double.Select(d => d.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            Gen.DateTimeOffset.Select(d => d.ToString("r", System.Globalization.CultureInfo.InvariantCulture)));
        Gen.Select(values, Gen.DateTimeOffset.Nullable(0.5)).Sample(t =>
        {
            var delay = RetryAfterParser.Parse(t.Item1, t.Item2, now);
            if (delay is { } d)
            {
                Assert.That(d, Is.GreaterThanOrEqualTo(TimeSpan.Zero).And.LessThanOrEqualTo(RetryAfterParser.Longest));
            }
        }, seed: Seed, iter: Iterations, threads: 1);
    }

    [Test]
    public void RetryDecision_AnyRetryAfter_NeverThrowsAndNeverWaitsBeyondTheCap()
    {
        var options = new CallControlRetryOptions();
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 27, 12, 0, 0, TimeSpan.Zero));
        Gen.Select(HostileText, Gen.OneOf(Gen.Const(429), Gen.Const(423), Gen.Const(503)), Gen.Double[0, 1]).Sample(t =>
        {
            var (retryAfter, status, random) = t;
            using var response = new HttpResponseMessage((HttpStatusCode)status);
            response.Headers.TryAddWithoutValidation("Retry-After", retryAfter);
            var run = new OperationRun(ApiRequest.Query(Operation.Transfer, null), "t", null, 0, new ClientTransport(null!, null!, Guarded: false, default), null!);
            var outcome = AttemptOutcome.Answered(run, response, RetryAfterParser.Parse(response, time.GetUtcNow()), mayHaveActed: false);
            if (RetryPolicy.ShouldRetry(outcome, options, time) && RetryPolicy.RetryAfterDelay(outcome, () => random) is { } delay)
            {
                // A server-named delay; without one, Polly's own backoff (capped at MaxBackoff by Polly) applies.
                Assert.That(delay, Is.GreaterThanOrEqualTo(TimeSpan.Zero));
                Assert.That(delay, Is.LessThanOrEqualTo(options.MaxRetryAfter + RetryPolicy.MaxRetryAfterJitter));
            }
        }, seed: Seed, iter: Iterations, threads: 1);
    }

}
