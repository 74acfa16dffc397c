namespace CallControl.Sdk.Internal;

/// <summary>Facts about this SDK that go on the wire, computed once. <c>Version</c>, the package version, is written by the build (WriteSdkVersion in the project).</summary>
internal static partial class SdkInfo
{
    /// <summary>Names the SDK and its version, so Webex can tell our traffic apart (and support can ask about a version).</summary>
    internal static readonly string UserAgent = $"CallControl.Sdk/{Version} (.NET {Environment.Version.ToString(3)})";

    internal const string TrackingIdPrefix = "CallControlSdk_";

    // A random 64-bit process prefix + a counter: unique per operation and across processes for practical purposes,
    // and far cheaper than Guid.NewGuid() per call (the figures are in docs/benchmarks.md).
    // The random half of a v4 Guid: the OS's secure random source, without loading the cryptography stack at startup.
    private static readonly string ProcessPrefix = TrackingIdPrefix + Hex(BitConverter.ToUInt64(Guid.NewGuid().ToByteArray(), 8)) + "_";
    private static long _counter;

    // Written into a stack buffer and copied once: string.Create would be a generic method over the state, which the
    // framework has not precompiled, so a new process would JIT it.
    internal static string NewTrackingId()
    {
        Span<char> id = stackalloc char[ProcessPrefix.Length + 16];
        ProcessPrefix.CopyTo(id);
        WriteHex(id[ProcessPrefix.Length..], (ulong)Interlocked.Increment(ref _counter));
        return new string(id);
    }

    internal static string Hex(ulong value)
    {
        Span<char> hex = stackalloc char[16];
        WriteHex(hex, value);
        return new string(hex);
    }

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
}
