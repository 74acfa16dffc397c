using System.Globalization;

namespace CallControl.Sdk.Internal;

/// <summary>
/// The one place that reads <c>Retry-After</c>. It never throws and never returns a negative value: a missing,
/// negative, decimal or garbage value (Webex once sent <c>rand(30),add(30)</c>) yields <see langword="null"/>, and the
/// caller falls back to backoff; several values yield the latest instant any of them names.
/// </summary>
internal static class RetryAfterParser
{
    /// <summary>Any longer value is clamped here: it only needs to be "far beyond every cap", not exact.</summary>
    internal static readonly TimeSpan Longest = TimeSpan.FromDays(3650);

    private static readonly string[] HttpDateFormats =
    [
        "r", // IMF-fixdate: Sun, 06 Nov 1994 08:49:37 GMT
        "dddd, dd-MMM-yy HH:mm:ss 'GMT'", // obsolete RFC 850
        "ddd MMM d HH:mm:ss yyyy", // obsolete asctime
    ];

    /// <summary>Reads the response's Retry-After, correcting an HTTP-date for clock skew with the response's own <c>Date</c>.</summary>
    /// <param name="response">The response.</param>
    /// <param name="now">The current time from the injected clock, used when the response has no <c>Date</c>.</param>
    internal static TimeSpan? Parse(HttpResponseMessage response, DateTimeOffset now)
    {
        if (!response.Headers.NonValidated.TryGetValues("Retry-After", out var values))
        {
            return null;
        }

        DateTimeOffset? serverDate = null;
        if (response.Headers.NonValidated.TryGetValues("Date", out var dates) && dates.Count == 1)
        {
            foreach (var date in dates)
            {
                serverDate = TryParseHttpDate(date);
            }
        }

        // Several values (repeated headers, or one folded into a list): the latest instant any of them names, so a retry
        // is never earlier than the server asked. Values that do not parse name no instant. A value that parses whole
        // (an HTTP-date has a comma of its own) is never split.
        TimeSpan? latest = null;
        foreach (var value in values)
        {
            if (Parse(value, serverDate, now) is { } single)
            {
                latest = latest is { } known && known >= single ? known : single;
            }
            else if (value.Contains(',', StringComparison.Ordinal))
            {
                foreach (var part in value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
                {
                    if (Parse(part, serverDate, now) is { } listed)
                    {
                        latest = latest is { } known && known >= listed ? known : listed;
                    }
                }
            }
        }

        return latest;
    }

    /// <summary>Parses delta-seconds or an HTTP-date (RFC 9110 §10.2.3).</summary>
    /// <param name="raw">The header value.</param>
    /// <param name="serverDate">The response's <c>Date</c>: an HTTP-date is measured against the server's own clock when it is known.</param>
    /// <param name="now">The injected clock's current time, used when <paramref name="serverDate"/> is unknown.</param>
    internal static TimeSpan? Parse(string? raw, DateTimeOffset? serverDate, DateTimeOffset now)
    {
        if (raw is null)
        {
            return null;
        }

        var value = raw.AsSpan().Trim();
        if (value.IsEmpty)
        {
            return null;
        }

        if (Text.IsAllDigits(value))
        {
            return ulong.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) && seconds <= (ulong)Longest.TotalSeconds
                ? TimeSpan.FromSeconds(seconds)
                : Longest;
        }

        if (TryParseHttpDate(value.ToString()) is { } instant)
        {
            var delay = instant - (serverDate ?? now);
            return delay <= TimeSpan.Zero ? TimeSpan.Zero : delay > Longest ? Longest : delay;
        }

        return null;
    }

    private static DateTimeOffset? TryParseHttpDate(string value)
        => DateTimeOffset.TryParseExact(value.Trim(), HttpDateFormats, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AllowWhiteSpaces, out var instant)
            ? instant
            : null;
}
