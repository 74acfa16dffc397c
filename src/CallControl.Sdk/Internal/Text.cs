using System.Text;

namespace CallControl.Sdk.Internal;

/// <summary>Makes caller- or server-supplied text safe to put in an exception message or a log line.</summary>
internal static class Text
{
    internal const int MaxEchoLength = 80;

    /// <summary>Replaces control characters (CR/LF among them, which could forge log lines) and truncates.</summary>
    internal static string Printable(string? value, int maxLength = MaxEchoLength)
    {
        if (value is null)
        {
            return string.Empty;
        }

        var needsWork = value.Length > maxLength;
        foreach (var c in value)
        {
            if (char.IsControl(c))
            {
                needsWork = true;
                break;
            }
        }

        if (!needsWork)
        {
            return value;
        }

        var builder = new StringBuilder(Math.Min(value.Length, maxLength) + 1);
        foreach (var c in value.AsSpan(0, Math.Min(value.Length, maxLength)))
        {
            builder.Append(char.IsControl(c) ? '\uFFFD' : c);
        }

        if (value.Length > maxLength)
        {
            builder.Append('…');
        }

        return builder.ToString();
    }

    /// <summary>True when the value has a character that must never reach an HTTP header (CR, LF, NUL, other controls, non-ASCII).</summary>
    internal static bool IsUnsafeForHeader(string value)
    {
        foreach (var c in value)
        {
            if (c < 0x20 || c > 0x7E)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>True when <paramref name="s"/> is not empty and holds only the ASCII digits 0-9.</summary>
    internal static bool IsAllDigits(ReadOnlySpan<char> s) => !s.IsEmpty && !s.ContainsAnyExceptInRange('0', '9');
}
