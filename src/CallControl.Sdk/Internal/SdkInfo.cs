using System.Reflection;

namespace CallControl.Sdk.Internal;

/// <summary>Facts about this SDK that go on the wire, computed once.</summary>
internal static class SdkInfo
{
    internal static readonly string Version = ReadVersion();

    /// <summary>Names the SDK and its version, so Webex can tell our traffic apart (and support can ask about a version).</summary>
    internal static readonly string UserAgent = $"CallControl.Sdk/{Version} (.NET {Environment.Version.ToString(3)})";

    internal const string TrackingIdPrefix = "CallControlSdk_";

    internal static string NewTrackingId() => TrackingIdPrefix + Guid.NewGuid().ToString("D");

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
