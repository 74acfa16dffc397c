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
    // Formatted as the counter is (x16), so a new process compiles one hex formatter, not two.
    private static readonly string ProcessPrefix = TrackingIdPrefix + BitConverter.ToUInt64(Guid.NewGuid().ToByteArray(), 8).ToString("x16", System.Globalization.CultureInfo.InvariantCulture) + "_";
    private static long _counter;

    internal static string NewTrackingId()
    {
        var next = (ulong)Interlocked.Increment(ref _counter);
        return string.Create(ProcessPrefix.Length + 16, next, static (span, n) =>
        {
            ProcessPrefix.AsSpan().CopyTo(span);
            n.TryFormat(span[ProcessPrefix.Length..], out _, "x16", System.Globalization.CultureInfo.InvariantCulture);
        });
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
