using CallControl.Sdk.Internal;

namespace CallControl.Sdk.Tests.Resilience;

[TestFixture]
public sealed class RetryAfterParserTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 27, 12, 0, 0, TimeSpan.Zero);

    [TestCase("10", 10)]
    [TestCase(" 194 ", 194)]
    [TestCase("0", 0)]
    [TestCase("3600", 3600)]
    public void Parse_DeltaSeconds_IsThatManySeconds(string value, int seconds)
        => Assert.That(RetryAfterParser.Parse(value, null, Now), Is.EqualTo(TimeSpan.FromSeconds(seconds)));

    [TestCase("-5")]
    [TestCase("1.5")]
    [TestCase("abc")]
    [TestCase("120junk")]
    [TestCase("rand(30),add(30)")]
    [TestCase("")]
    [TestCase("   ")]
    [TestCase("+10")]
    [TestCase("1e3")]
    [TestCase("Fri, 32 Nov 2026 12:00:00 GMT")]
    public void Parse_GarbageNegativeOrDecimal_IsNullSoTheCallerBacksOff(string value)
        => Assert.That(RetryAfterParser.Parse(value, null, Now), Is.Null);

    [Test]
    public void Parse_Null_IsNull()
        => Assert.That(RetryAfterParser.Parse(null, null, Now), Is.Null);

    [Test]
    public void Parse_HugeNumber_IsClampedNotOverflowed()
        => Assert.That(RetryAfterParser.Parse("99999999999999999999999999", null, Now), Is.EqualTo(RetryAfterParser.Longest));

    [Test]
    public void Parse_HttpDateInTheFuture_IsTheDifferenceFromTheInjectedClock()
        => Assert.That(RetryAfterParser.Parse("Sat, 28 Nov 2026 12:00:00 GMT", null, Now), Is.EqualTo(TimeSpan.FromDays(1)));

    [Test]
    public void Parse_HttpDateInThePast_IsZero()
        => Assert.That(RetryAfterParser.Parse("Thu, 26 Nov 2026 12:00:00 GMT", null, Now), Is.EqualTo(TimeSpan.Zero));

    [Test]
    public void Parse_HttpDateWithServerDate_IsMeasuredOnTheServersClock()
    {
        // The server's clock is 5 minutes behind ours: its Retry-After date is 30 s after its own Date.
        var serverDate = Now - TimeSpan.FromMinutes(5);
        var value = (serverDate + TimeSpan.FromSeconds(30)).ToString("r", System.Globalization.CultureInfo.InvariantCulture);

        Assert.That(RetryAfterParser.Parse(value, serverDate, Now), Is.EqualTo(TimeSpan.FromSeconds(30)));
    }

    [TestCase("Sunday, 29-Nov-26 12:00:00 GMT", 2)]
    [TestCase("Sun Nov 29 12:00:00 2026", 2)]
    public void Parse_ObsoleteHttpDateForms_AreAccepted(string value, int days)
        => Assert.That(RetryAfterParser.Parse(value, null, Now), Is.EqualTo(TimeSpan.FromDays(days)));

    [Test]
    [TestCase(new[] { "5", "50" }, 50)]
    [TestCase(new[] { "50", "5" }, 50)]
    [TestCase(new[] { "5", "5" }, 5)]
    [TestCase(new[] { "5, 7" }, 7)]
    [TestCase(new[] { "garbage", "5" }, 5)]
    [TestCase(new[] { "5", "Sat, 27 Nov 2100 00:00:00 GMT" }, 3650 * 86400)]
    [TestCase(new[] { "rand(30),add(30)" }, null)]
    public void Parse_Response_SeveralValues_TakeTheLatestInstantAnyOfThemNames(string[] values, int? expectedSeconds)
    {
        using var response = new HttpResponseMessage(System.Net.HttpStatusCode.TooManyRequests);
        foreach (var value in values)
        {
            response.Headers.TryAddWithoutValidation("Retry-After", value);
        }

        Assert.That(RetryAfterParser.Parse(response, Now), Is.EqualTo(expectedSeconds is { } s ? TimeSpan.FromSeconds(s) : (TimeSpan?)null));
    }

    [Test]
    public void Parse_Response_OneHttpDateWithItsComma_IsNotSplitAsAList()
    {
        using var response = new HttpResponseMessage(System.Net.HttpStatusCode.TooManyRequests);
        response.Headers.TryAddWithoutValidation("Retry-After", Now.AddSeconds(30).ToString("r", System.Globalization.CultureInfo.InvariantCulture));

        Assert.That(RetryAfterParser.Parse(response, Now), Is.EqualTo(TimeSpan.FromSeconds(30)));
    }

    [Test]
    public void Parse_Response_UsesItsDateHeaderForSkew()
    {
        using var response = new HttpResponseMessage(System.Net.HttpStatusCode.TooManyRequests);
        response.Headers.TryAddWithoutValidation("Date", "Fri, 27 Nov 2026 11:55:00 GMT");
        response.Headers.TryAddWithoutValidation("Retry-After", "Fri, 27 Nov 2026 11:55:10 GMT");

        Assert.That(RetryAfterParser.Parse(response, Now), Is.EqualTo(TimeSpan.FromSeconds(10)));
    }

    [Test]
    public void Parse_Response_GarbageDateHeader_FallsBackToTheInjectedClock()
    {
        using var response = new HttpResponseMessage(System.Net.HttpStatusCode.TooManyRequests);
        response.Headers.TryAddWithoutValidation("Date", "yesterday-ish");
        response.Headers.TryAddWithoutValidation("Retry-After", "Fri, 27 Nov 2026 12:00:20 GMT");

        Assert.That(RetryAfterParser.Parse(response, Now), Is.EqualTo(TimeSpan.FromSeconds(20)));
    }
}
