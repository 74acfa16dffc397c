using System.Text.RegularExpressions;

namespace CallControl.Sdk.Internal;

/// <summary>
/// Takes every secret out of text that came from a server (an error body, a reason phrase, an exception message) before
/// it goes into an exception message, a log line or a trace: each secret the client knows, wherever it stands, and
/// anything shaped like <c>Bearer &lt;value&gt;</c>. A server that echoes the request back cannot leak through us.
/// </summary>
internal static partial class Redactor
{
    internal const string Mask = "[REDACTED]";

    /// <summary>Secrets shorter than this are not searched for: they would mask ordinary words, and are no credential.</summary>
    private const int MinSecretLength = 6;

    /// <param name="text">Server-supplied text, or null.</param>
    /// <param name="secrets">Every secret the caller knows (nulls are skipped).</param>
    /// <returns>The text with every secret and every bearer credential replaced by <see cref="Mask"/>.</returns>
    internal static string? Redact(string? text, params ReadOnlySpan<string?> secrets)
    {
        if (string.IsNullOrEmpty(text))
        {
            return text;
        }

        foreach (var secret in secrets)
        {
            if (secret is { Length: >= MinSecretLength } && text.Contains(secret, StringComparison.Ordinal))
            {
                text = text.Replace(secret, Mask, StringComparison.Ordinal);
            }
        }

        return text.Contains("earer", StringComparison.OrdinalIgnoreCase) ? BearerCredential().Replace(text, "Bearer " + Mask) : text;
    }

    // RFC 6750's b64token after "Bearer", in any case, with any run of spaces or an '=' or ':' between.
    [GeneratedRegex(@"bearer[\s:=]+[A-Za-z0-9\-._~+/]+=*", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex BearerCredential();
}
