namespace CallControl.Sdk.Internal;

/// <summary>
/// The one place that knows which destination strings Webex documents: digits, <c>+</c>E.164, <c>tel:</c>,
/// <c>sip:</c>, <c>user@domain</c> and feature access codes such as <c>*73</c> (listed for dial, divert, park and retrieve). Returns a human-readable problem instead of throwing so callers can
/// collect every violation.
/// </summary>
internal static class DestinationGrammar
{
    internal const int MaxLength = 512;
    private const int MaxDigits = 32;
    private const int MaxE164Digits = 15;

    internal const string ExpectedForms =
        "expected digits (1234), an E.164 number (+12223334444), a tel: URI (tel:+12223334444), " +
        "a SIP URI (sip:user@company.domain), user@domain or a feature access code (*73)";

    /// <returns>null when <paramref name="value"/> is valid; otherwise what is wrong with it.</returns>
    internal static string? Classify(string value, out CallDestinationKind kind, out string? wireForm)
    {
        kind = default;
        wireForm = null;

        if (string.IsNullOrWhiteSpace(value))
        {
            return "it is empty or whitespace";
        }

        if (value.Length > MaxLength)
        {
            return $"it is {value.Length} characters long; the limit is {MaxLength}";
        }

        foreach (var c in value)
        {
            if (char.IsWhiteSpace(c) || char.IsControl(c))
            {
                return "it contains whitespace or control characters; " + ExpectedForms;
            }
        }

        var span = value.AsSpan();
        if (span.StartsWith("tel:", StringComparison.OrdinalIgnoreCase))
        {
            var number = span[4..];
            var problem = number.StartsWith('+') ? CheckE164(number) : CheckDigits(number);
            if (problem is not null)
            {
                return "the tel: URI must hold digits or +E.164 digits: " + problem;
            }

            kind = CallDestinationKind.TelUri;
            wireForm = string.Concat("tel:", number);
            return null;
        }

        if (span.StartsWith("sip:", StringComparison.OrdinalIgnoreCase))
        {
            var address = span[4..];
            var problem = CheckAddress(address, requireDottedDomain: false, allowPort: true);
            if (problem is not null)
            {
                return "the SIP URI must be sip:user@host: " + problem;
            }

            kind = CallDestinationKind.SipUri;
            wireForm = string.Concat("sip:", address);
            return null;
        }

        var colon = span.IndexOf(':');
        if (colon > 0 && (span.IndexOf('@') is var at && (at < 0 || colon < at)))
        {
            return $"the scheme '{Text.Printable(span[..colon].ToString(), 16)}:' is not supported; " + ExpectedForms;
        }

        // An '@' decides first: a user part may itself start with '+' (+tag@company.domain).
        if (span.Contains('@'))
        {
            var problem = CheckAddress(span, requireDottedDomain: true, allowPort: false);
            if (problem is not null)
            {
                return problem;
            }

            kind = CallDestinationKind.UserAtDomain;
            wireForm = value;
            return null;
        }

        if (span[0] == '*')
        {
            if (span.Length < 2 || span.Length > MaxDigits || !IsAllDigits(span[1..]))
            {
                return "a feature access code is '*' followed by digits (*73)";
            }

            kind = CallDestinationKind.FeatureAccessCode;
            wireForm = value;
            return null;
        }

        if (span[0] == '+')
        {
            var problem = CheckE164(span);
            if (problem is not null)
            {
                return problem;
            }

            kind = CallDestinationKind.E164Number;
            wireForm = value;
            return null;
        }

        if (IsAllDigits(span))
        {
            var problem = CheckDigits(span);
            if (problem is not null)
            {
                return problem;
            }

            kind = CallDestinationKind.Digits;
            wireForm = value;
            return null;
        }

        return ExpectedForms;
    }

    private static string? CheckDigits(ReadOnlySpan<char> digits)
    {
        if (digits.IsEmpty || !IsAllDigits(digits))
        {
            return "only the digits 0-9 are allowed (no spaces, dashes or brackets)";
        }

        return digits.Length > MaxDigits ? $"more than {MaxDigits} digits" : null;
    }

    private static string? CheckE164(ReadOnlySpan<char> number)
    {
        var digits = number[1..];
        if (digits.Length < 2 || digits.Length > MaxE164Digits || !IsAllDigits(digits))
        {
            return $"an E.164 number is '+' followed by 2 to {MaxE164Digits} digits (no spaces, dashes or brackets)";
        }

        return digits[0] == '0' ? "an E.164 number cannot start with +0" : null;
    }

    private static string? CheckAddress(ReadOnlySpan<char> address, bool requireDottedDomain, bool allowPort)
    {
        var at = address.IndexOf('@');
        if (at <= 0 || at != address.LastIndexOf('@'))
        {
            return "an address needs exactly one '@' with a user part before it";
        }

        var user = address[..at];
        foreach (var c in user)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || "!#$%&'*+/=?^_`{|}~.-".Contains(c)))
            {
                return $"the user part has the character '{c}', which is not allowed";
            }
        }

        if (user.Length > 64)
        {
            return "the user part is longer than 64 characters";
        }

        var host = address[(at + 1)..];
        if (allowPort)
        {
            var colon = host.LastIndexOf(':');
            if (colon >= 0)
            {
                if (!int.TryParse(host[(colon + 1)..], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
                {
                    return "the port after ':' must be a number from 1 to 65535";
                }

                host = host[..colon];
            }
        }

        return CheckDomain(host, requireDottedDomain);
    }

    private static string? CheckDomain(ReadOnlySpan<char> domain, bool requireDot)
    {
        if (domain.IsEmpty)
        {
            return "the domain after '@' is empty";
        }

        if (requireDot && !domain.Contains('.'))
        {
            return "the domain after '@' needs at least one dot (user@company.domain)";
        }

        foreach (var range in domain.Split('.'))
        {
            var label = domain[range];
            if (label.IsEmpty || label.Length > 63 || label[0] == '-' || label[^1] == '-')
            {
                return "the domain after '@' has an empty, too long, or hyphen-edged label";
            }

            foreach (var c in label)
            {
                if (!(char.IsAsciiLetterOrDigit(c) || c == '-'))
                {
                    return $"the domain has the character '{c}', which is not allowed";
                }
            }
        }

        return null;
    }

    private static bool IsAllDigits(ReadOnlySpan<char> s)
    {
        foreach (var c in s)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        return !s.IsEmpty;
    }
}
