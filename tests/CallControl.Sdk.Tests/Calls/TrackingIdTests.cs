using System.Globalization;
using System.Reflection;
using CallControl.Sdk.Internal;

namespace CallControl.Sdk.Tests.Calls;

/// <summary>The TrackingID the SDK makes up for an operation without one: a process prefix and a counter, both in hex.</summary>
[TestFixture]
public sealed class TrackingIdTests
{
    [Test]
    public void TheCounter_IsWrittenAsItsHexValue_AndThePrefixIsTheProcesss()
    {
        var first = SdkInfo.NewTrackingId();
        var second = SdkInfo.NewTrackingId();

        Assert.That(first, Does.Match("^CallControlSdk_[0-9a-f]{16}_[0-9a-f]{16}$"));
        Assert.That(second[..^16], Is.EqualTo(first[..^16]), "one random prefix per process");
        var a = ulong.Parse(first[^16..], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);
        var b = ulong.Parse(second[^16..], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);
        Assert.That(b, Is.GreaterThan(a), "the counter grows");
    }

    [TestCase(0x0123456789abcdefUL, "0123456789abcdef")]
    [TestCase(0UL, "0000000000000000")]
    [TestCase(0xfUL, "000000000000000f")]
    [TestCase(ulong.MaxValue, "ffffffffffffffff")]
    public void Hex_IsSixteenLowercaseDigits_MostSignificantFirst(ulong value, string expected)
        => Assert.That(SdkInfo.Hex(value), Is.EqualTo(expected));

    /// <summary>The build writes the version as a constant; it must be the assembly's own (the package's), as sent in User-Agent.</summary>
    [Test]
    public void TheVersion_IsTheAssemblysInformationalVersion_WithoutItsSourceRevision()
    {
        var informational = typeof(CallControlClient).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()!.InformationalVersion;

        string written = SdkInfo.Version;

        Assert.That(written, Is.EqualTo(informational.Split('+')[0]));
        Assert.That(SdkInfo.UserAgent, Does.StartWith($"CallControl.Sdk/{written} (.NET "));
    }
}
