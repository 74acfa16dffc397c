namespace CallControl.Sdk.Internal;

// Over 300 lines on purpose: one grammar (digits, E.164, tel:, sip:/sips:, user@host, feature codes) whose forms share
// their character classes and their one error message; split across files, a reader would chase one RFC rule in three.

/// <summary>
/// The one place that knows which destination strings are accepted. Webex documents a destination as "digits or a
/// URI": digits (with <c>*</c> and <c>#</c> as dialled), <c>+</c>E.164, <c>tel:</c> per RFC 3966, <c>sip:</c> and
/// <c>sips:</c> per RFC 3261 (parameters and headers included), <c>user@host</c> per RFC 5322's dot-atom, and
/// feature access codes such as <c>*73</c>. Strict where it matters (no whitespace, control or invisible characters,
/// no empty parts, bounded length), permissive where the standards are. Returns a human-readable problem instead of
/// throwing so callers can collect every violation.
/// </summary>
internal static class DestinationGrammar
{
    internal const int MaxLength = 512;
    private const int MaxDigits = 32;
    private const int MaxE164Digits = 15;

    internal const string ExpectedForms =
        "expected digits (1234, 1234#), an E.164 number (+12223334444), a tel: URI (tel:+1-222-333-4444), " +
        "a SIP URI (sip:user@company.domain;transport=tls, sips:...), user@host or a feature access code (*73)";

    // RFC 3261 §25.1 character classes.
    private const string Mark = "-_.!~*'()";
    private const string UserUnreserved = "&=+$,;?/";
    private const string PasswordExtra = "&=+$,";
    private const string ParamUnreserved = "[]/:&+$";
    private const string HeaderUnreserved = "[]/?:+$";

    // RFC 5322 §3.2.3 atext (besides letters and digits).
    private const string AtextSymbols = "!#$%&'*+-/=?^_`{|}~";

    // RFC 3966 visual separators.
    private const string VisualSeparators = "-.()";

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
            if (char.IsWhiteSpace(c))
            {
                return "it contains whitespace; " + ExpectedForms;
            }
        }

        if (RequestRules.InvisibleOrBroken(value) is { } invisible)
        {
            return "it contains " + invisible;
        }

        var span = value.AsSpan();
        if (span.StartsWith("tel:", StringComparison.OrdinalIgnoreCase))
        {
            if (CheckTel(span[4..]) is { } problem)
            {
                return "the tel: URI is not valid (RFC 3966): " + problem;
            }

            kind = CallDestinationKind.TelUri;
            wireForm = string.Concat("tel:", span[4..]);
            return null;
        }

        foreach (var scheme in (ReadOnlySpan<string>)["sip:", "sips:"])
        {
            if (span.StartsWith(scheme, StringComparison.OrdinalIgnoreCase))
            {
                if (CheckSip(span[scheme.Length..]) is { } problem)
                {
                    return $"the {scheme} URI is not valid (RFC 3261): " + problem;
                }

                kind = CallDestinationKind.SipUri;
                wireForm = string.Concat(scheme, span[scheme.Length..]);
                return null;
            }
        }

        var colon = span.IndexOf(':');
        if (colon > 0 && (span.IndexOf('@') is var at && (at < 0 || colon < at)))
        {
            return $"the scheme '{Text.Printable(span[..colon].ToString(), 16)}:' is not supported; " + ExpectedForms;
        }

        // An '@' decides first: a user part may itself start with '+' or '*' (+tag@company.domain).
        if (span.Contains('@'))
        {
            if (CheckDotAtomAddress(span) is { } problem)
            {
                return problem;
            }

            kind = CallDestinationKind.UserAtDomain;
            wireForm = value;
            return null;
        }

        if (span[0] == '+')
        {
            if (CheckE164(span) is { } problem)
            {
                return problem;
            }

            kind = CallDestinationKind.E164Number;
            wireForm = value;
            return null;
        }

        // A feature access code: '*', digits, and the '#' some codes end with (*73, *72#).
        if (span[0] == '*' && Text.IsAllDigits(span[^1] == '#' ? span[1..^1] : span[1..]))
        {
            kind = CallDestinationKind.FeatureAccessCode;
            wireForm = value;
            return span.Length > MaxDigits ? $"a feature access code has at most {MaxDigits} characters" : null;
        }

        if (CheckDialled(span) is { } dialled)
        {
            return dialled;
        }

        kind = CallDestinationKind.Digits;
        wireForm = value;
        return null;
    }

    /// <summary>Dialled digits: 0-9 with * and # as a keypad has them, at least one digit.</summary>
    private static string? CheckDialled(ReadOnlySpan<char> digits)
    {
        var any = false;
        foreach (var c in digits)
        {
            if (char.IsAsciiDigit(c))
            {
                any = true;
            }
            else if (c is not ('*' or '#'))
            {
                return ExpectedForms;
            }
        }

        if (!any)
        {
            return "dialled digits need at least one digit 0-9";
        }

        return digits.Length > MaxDigits ? $"more than {MaxDigits} digits" : null;
    }

    private static string? CheckE164(ReadOnlySpan<char> number)
    {
        var digits = number[1..];
        if (digits.Length < 2 || digits.Length > MaxE164Digits || !Text.IsAllDigits(digits))
        {
            return $"an E.164 number is '+' followed by 2 to {MaxE164Digits} digits (use tel: for visual separators such as tel:+1-222-333-4444)";
        }

        return digits[0] == '0' ? "an E.164 number cannot start with +0" : null;
    }

    /// <summary>RFC 3966: a global number (+digits with visual separators) or a local number (hex digits, * and #), then parameters.</summary>
    private static string? CheckTel(ReadOnlySpan<char> tel)
    {
        var semicolon = tel.IndexOf(';');
        var number = semicolon < 0 ? tel : tel[..semicolon];
        if (number.IsEmpty)
        {
            return "the number is empty";
        }

        var global = number[0] == '+';
        var digits = 0;
        foreach (var c in global ? number[1..] : number)
        {
            if (char.IsAsciiDigit(c))
            {
                digits++;
            }
            else if (!global && (char.IsAsciiHexDigit(c) || c is '*' or '#'))
            {
                digits++;
            }
            else if (!VisualSeparators.Contains(c))
            {
                return $"the number has the character '{c}'; digits{(global ? string.Empty : ", A-F, * and #")} and the separators - . ( ) are allowed";
            }
        }

        if (global && (digits < 2 || digits > MaxE164Digits))
        {
            return $"a global number is '+' followed by 2 to {MaxE164Digits} digits";
        }

        if (digits == 0 || digits > MaxDigits)
        {
            return digits == 0 ? "the number has no digits" : $"more than {MaxDigits} digits";
        }

        return semicolon < 0 ? null : CheckParameters(tel[semicolon..], ParamUnreserved, "parameter");
    }

    /// <summary>RFC 3261: [userinfo "@"] hostport *(";" param) ["?" header *("&amp;" header)].</summary>
    private static string? CheckSip(ReadOnlySpan<char> uri)
    {
        var question = uri.IndexOf('?');
        var headers = question < 0 ? [] : uri[(question + 1)..];
        var beforeHeaders = question < 0 ? uri : uri[..question];

        // The user part may hold ';' and '?' (user-unreserved); the host part starts after the one '@'.
        var at = uri.IndexOf('@');
        if (at >= 0 && uri.LastIndexOf('@') != at)
        {
            return "it has more than one '@'";
        }

        if (at >= 0)
        {
            if (at == 0)
            {
                return "the user part before '@' is empty";
            }

            if (CheckUserInfo(uri[..at]) is { } userProblem)
            {
                return userProblem;
            }

            question = uri[at..].IndexOf('?');
            headers = question < 0 ? [] : uri[(at + question + 1)..];
            beforeHeaders = question < 0 ? uri[(at + 1)..] : uri[(at + 1)..(at + question)];
        }

        var semicolon = beforeHeaders.IndexOf(';');
        var hostPort = semicolon < 0 ? beforeHeaders : beforeHeaders[..semicolon];
        if (CheckHostPort(hostPort) is { } hostProblem)
        {
            return hostProblem;
        }

        if (semicolon >= 0 && CheckParameters(beforeHeaders[semicolon..], ParamUnreserved, "parameter") is { } paramProblem)
        {
            return paramProblem;
        }

        if (question >= 0)
        {
            if (headers.IsEmpty)
            {
                return "the headers after '?' are empty";
            }

            foreach (var range in headers.Split('&'))
            {
                var header = headers[range];
                var equals = header.IndexOf('=');
                if (equals <= 0)
                {
                    return "a header after '?' must be name=value";
                }

                if (CheckChars(header[..equals], HeaderUnreserved, allowEmpty: false) is { } nameProblem)
                {
                    return "a header name " + nameProblem;
                }

                if (CheckChars(header[(equals + 1)..], HeaderUnreserved, allowEmpty: true) is { } valueProblem)
                {
                    return "a header value " + valueProblem;
                }
            }
        }

        return null;
    }

    private static string? CheckUserInfo(ReadOnlySpan<char> userInfo)
    {
        var colon = userInfo.IndexOf(':');
        var user = colon < 0 ? userInfo : userInfo[..colon];
        if (CheckChars(user, Mark + UserUnreserved, allowEmpty: false) is { } problem)
        {
            return "the user part " + problem;
        }

        return colon < 0 ? null : CheckChars(userInfo[(colon + 1)..], Mark + PasswordExtra, allowEmpty: true) is { } passwordProblem ? "the password " + passwordProblem : null;
    }

    private static string? CheckHostPort(ReadOnlySpan<char> hostPort)
    {
        if (hostPort.IsEmpty)
        {
            return "the host is empty";
        }

        ReadOnlySpan<char> host;
        ReadOnlySpan<char> port = [];
        if (hostPort[0] == '[')
        {
            var close = hostPort.IndexOf(']');
            if (close < 0)
            {
                return "an IPv6 reference needs its closing ']'";
            }

            foreach (var c in hostPort[1..close])
            {
                if (!(char.IsAsciiHexDigit(c) || c is ':' or '.'))
                {
                    return $"the IPv6 reference has the character '{c}'";
                }
            }

            if (close == 1)
            {
                return "the IPv6 reference is empty";
            }

            host = [];
            var rest = hostPort[(close + 1)..];
            if (!rest.IsEmpty)
            {
                if (rest[0] != ':')
                {
                    return "only ':port' may follow an IPv6 reference";
                }

                port = rest[1..];
                if (port.IsEmpty)
                {
                    return "the port after ':' is empty";
                }
            }
        }
        else
        {
            var colon = hostPort.IndexOf(':');
            host = colon < 0 ? hostPort : hostPort[..colon];
            if (colon >= 0)
            {
                port = hostPort[(colon + 1)..];
                if (port.IsEmpty)
                {
                    return "the port after ':' is empty";
                }
            }

            if (CheckHostname(host) is { } problem)
            {
                return problem;
            }
        }

        if (!port.IsEmpty && (!int.TryParse(port, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var number) || number is < 1 or > 65535))
        {
            return "the port after ':' must be a number from 1 to 65535";
        }

        return null;
    }

    /// <summary>A hostname (labels of letters, digits and inner hyphens, an optional final dot) or an IPv4 address.</summary>
    private static string? CheckHostname(ReadOnlySpan<char> host)
    {
        if (host.IsEmpty)
        {
            return "the host is empty";
        }

        var labels = host[^1] == '.' ? host[..^1] : host;
        foreach (var range in labels.Split('.'))
        {
            var label = labels[range];
            if (label.IsEmpty || label.Length > 63 || label[0] == '-' || label[^1] == '-')
            {
                return "the host has an empty, too long, or hyphen-edged label";
            }

            foreach (var c in label)
            {
                if (!(char.IsAsciiLetterOrDigit(c) || c == '-'))
                {
                    return $"the host has the character '{c}', which is not allowed";
                }
            }
        }

        return null;
    }

    /// <summary>*( ";" name ["=" value] ) with both parts of the given class, each non-empty.</summary>
    private static string? CheckParameters(ReadOnlySpan<char> parameters, string extra, string what)
    {
        foreach (var range in parameters[1..].Split(';'))
        {
            var parameter = parameters[1..][range];
            var equals = parameter.IndexOf('=');
            var name = equals < 0 ? parameter : parameter[..equals];
            if (CheckChars(name, extra, allowEmpty: false) is { } nameProblem)
            {
                return $"a {what} name {nameProblem}";
            }

            if (equals >= 0 && CheckChars(parameter[(equals + 1)..], extra, allowEmpty: false) is { } valueProblem)
            {
                return $"a {what} value {valueProblem}";
            }
        }

        return null;
    }

    /// <summary>Letters, digits, the RFC 3261 mark characters, <paramref name="extra"/>, and %HH escapes.</summary>
    private static string? CheckChars(ReadOnlySpan<char> part, string extra, bool allowEmpty)
    {
        if (part.IsEmpty)
        {
            return allowEmpty ? null : "is empty";
        }

        for (var i = 0; i < part.Length; i++)
        {
            var c = part[i];
            if (c == '%')
            {
                if (i + 2 >= part.Length || !char.IsAsciiHexDigit(part[i + 1]) || !char.IsAsciiHexDigit(part[i + 2]))
                {
                    return "has a '%' that is not followed by two hex digits";
                }

                i += 2;
            }
            else if (!(char.IsAsciiLetterOrDigit(c) || Mark.Contains(c) || extra.Contains(c)))
            {
                return $"has the character '{c}', which is not allowed";
            }
        }

        return null;
    }

    /// <summary>RFC 5322 addr-spec with dot-atoms on both sides: user@host, user.name+tag@company.domain.</summary>
    private static string? CheckDotAtomAddress(ReadOnlySpan<char> address)
    {
        var at = address.IndexOf('@');
        if (at <= 0 || at != address.LastIndexOf('@'))
        {
            return "an address needs exactly one '@' with a user part before it";
        }

        if (at > 64)
        {
            return "the user part is longer than 64 characters";
        }

        if (CheckDotAtom(address[..at]) is { } userProblem)
        {
            return "the user part " + userProblem;
        }

        return CheckDotAtom(address[(at + 1)..]) is { } hostProblem ? "the host after '@' " + hostProblem : null;
    }

    private static string? CheckDotAtom(ReadOnlySpan<char> dotAtom)
    {
        if (dotAtom.IsEmpty)
        {
            return "is empty";
        }

        foreach (var range in dotAtom.Split('.'))
        {
            var atom = dotAtom[range];
            if (atom.IsEmpty)
            {
                return "has an empty part (a leading, trailing or doubled '.')";
            }

            foreach (var c in atom)
            {
                if (!(char.IsAsciiLetterOrDigit(c) || AtextSymbols.Contains(c)))
                {
                    return $"has the character '{c}', which is not allowed";
                }
            }
        }

        return null;
    }
}
