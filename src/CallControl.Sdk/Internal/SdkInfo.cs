using System.Reflection;

namespace CallControl.Sdk.Internal;

/// <summary>Facts about this SDK that go on the wire, computed once.</summary>
internal static class SdkInfo
{
    internal static readonly string Version = ReadVersion();

    /// <summary>Names the SDK and its version, so Webex can tell our traffic apart (and support can ask about a version).</summary>
    internal static readonly string UserAgent = $"CallControl.Sdk/{Version} (.NET {Environment.Version.ToString(3)})";

    internal const string TrackingIdPrefix = "CallControlSdk_";

    // A random 64-bit process prefix + a counter: unique per operation and across processes for practical purposes,
    // and far cheaper than Guid.NewGuid() per call (the figures are in docs/benchmarks.md).
    // The random half of a v4 Guid: the OS's secure random source, without loading the cryptography stack at startup.
    private static readonly string ProcessPrefix = TrackingIdPrefix + Hex(BitConverter.ToUInt64(Guid.NewGuid().ToByteArray(), 8)) + "_";
    private static long _counter;

    internal static string NewTrackingId()
        => string.Create(ProcessPrefix.Length + 16, (ulong)Interlocked.Increment(ref _counter), static (span, n) =>
        {
            ProcessPrefix.AsSpan().CopyTo(span);
            WriteHex(span[ProcessPrefix.Length..], n);
        });

    internal static string Hex(ulong value) => string.Create(16, value, static (span, n) => WriteHex(span, n));

    /// <summary>
    /// 16 lowercase hex digits. By hand: the framework's formatter parses its format string on every call (a
    /// measurable share of a call), and a new process would compile it.
    /// </summary>
    private static void WriteHex(Span<char> into, ulong value)
    {
        for (var i = 15; i >= 0; i--)
        {
            into[i] = "0123456789abcdef"[(int)(value & 0xF)];
            value >>= 4;
        }
    }

    private static string ReadVersion()
    {
        var informational = typeof(SdkInfo).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;
        if (string.IsNullOrEmpty(informational))
        {
            return typeof(SdkInfo).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";
        }

        var plus = informational.IndexOf('+', StringComparison.Ordinal);
        return plus < 0 ? informational : informational[..plus];
    }
}
