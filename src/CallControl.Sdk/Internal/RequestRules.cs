namespace CallControl.Sdk.Internal;

/// <summary>
/// Rules shared by every Call Control request: identifiers and tracking ids. Operation-specific combination
/// rules (for example <see cref="TransferRules"/>) build on these so that each rule is written once.
/// </summary>
internal static class RequestRules
{
    internal const int MaxIdLength = 1024;
    internal const int MaxTrackingIdLength = 256;

    /// <summary>
    /// The one id rule, for commands and queries alike: a present identifier is not blank, at most
    /// <see cref="MaxIdLength"/> characters, not a dot segment, and free of control, invisible formatting and unpaired
    /// surrogate characters. Anything else (a '/', '%', '?') is escaped into one path segment by Refit.
    /// </summary>
    internal static void CheckId(string parameterName, string? value, List<Violation> violations)
    {
        if (value is null)
        {
            return;
        }

        if (string.IsNullOrWhiteSpace(value))
        {
            violations.Add(new(parameterName, $"{parameterName} must not be empty or whitespace."));
        }
        else if (value.Length > MaxIdLength)
        {
            violations.Add(new(parameterName, $"{parameterName} is {value.Length} characters long; the limit is {MaxIdLength}."));
        }
        else if (IsDotSegment(value))
        {
            // A dot segment in a path parameter would be collapsed by System.Uri: GetCallAsync("..") would read another
            // endpoint. Refit leaves '%' as it is, so "%2e%2e" is one too.
            violations.Add(new(parameterName, $"{parameterName} must not be '.' or '..' (also percent-encoded)."));
        }
        else if (InvisibleOrBroken(value) is { } problem)
        {
            violations.Add(new(parameterName, $"{parameterName} must not contain {problem}."));
        }
    }

    private static bool IsDotSegment(string value)
        => (value.Contains('%', StringComparison.Ordinal) ? Uri.UnescapeDataString(value) : value) is "." or "..";

    /// <summary>
    /// Control (Cc: C0, DEL, C1 such as U+0085 and U+009B) and format (Cf: U+200B, bidirectional overrides such as
    /// U+202E) characters, which hide or reorder what a person reads; and unpaired surrogates, which would be sent as
    /// U+FFFD, a different id.
    /// </summary>
    internal static string? InvisibleOrBroken(string value)
    {
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                i++;
                continue;
            }

            if (char.IsSurrogate(c))
            {
                return "an unpaired surrogate (text that is not valid UTF-16)";
            }

            if (char.GetUnicodeCategory(c) is System.Globalization.UnicodeCategory.Control or System.Globalization.UnicodeCategory.Format)
            {
                return $"control characters or invisible formatting characters (U+{(int)c:X4})";
            }
        }

        return null;
    }

    /// <summary>
    /// A caller-supplied TrackingID goes into an HTTP header, so CR/LF (header injection) and non-ASCII are refused.
    /// </summary>
    internal static string? CheckTrackingId(string? trackingId)
    {
        if (trackingId is null)
        {
            return null;
        }

        if (string.IsNullOrWhiteSpace(trackingId))
        {
            return "trackingId must not be empty or whitespace.";
        }

        if (trackingId.Length > MaxTrackingIdLength)
        {
            return $"trackingId is {trackingId.Length} characters long; the limit is {MaxTrackingIdLength}.";
        }

        return Text.IsUnsafeForHeader(trackingId)
            ? "trackingId may hold only printable ASCII characters (no CR, LF or other control characters), because it is sent as an HTTP header."
            : null;
    }

    /// <summary>Adds a violation when a required identifier is absent, or a present one is invalid.</summary>
    internal static void CheckRequiredId(string parameterName, string? value, string why, List<Violation> violations)
    {
        if (value is null)
        {
            violations.Add(new(parameterName, $"{parameterName} is required: {why}."));
            return;
        }

        CheckId(parameterName, value, violations);
    }

    /// <summary>
    /// Parses a present destination with the one destination grammar, adding a violation that says why when it is not
    /// valid, or (when <paramref name="requiredBecause"/> is given) that it is missing.
    /// </summary>
    internal static CallDestination? CheckDestination(string parameterName, string? text, List<Violation> violations, string? requiredBecause = null)
    {
        if (text is null)
        {
            if (requiredBecause is not null)
            {
                violations.Add(new(parameterName, $"{parameterName} is required: {requiredBecause}."));
            }

            return null;
        }

        if (CallDestination.TryParseCore(text, out var destination, out var problem))
        {
            return destination;
        }

        violations.Add(new(parameterName, $"{parameterName} '{Text.Printable(text)}' is not valid: {problem}."));
        return null;
    }

    /// <summary>A required phone number (Single Number Reach): digits, <c>+</c>E.164 or a <c>tel:</c> URI, in the one destination grammar.</summary>
    internal static string? CheckPhoneNumber(string parameterName, string? text, List<Violation> violations)
    {
        var destination = CheckDestination(parameterName, text, violations, requiredBecause: "it is the phone number to use");
        if (destination is { Kind: not (CallDestinationKind.Digits or CallDestinationKind.E164Number or CallDestinationKind.TelUri) })
        {
            violations.Add(new(parameterName, $"{parameterName} must be a phone number (digits, +E.164 or tel:), not a {destination.Kind}."));
            return null;
        }

        return destination?.ToString();
    }

    /// <summary>Adds the tracking-id violation, if any.</summary>
    internal static void CheckTrackingId(string? trackingId, List<Violation> violations)
    {
        if (CheckTrackingId(trackingId) is { } problem)
        {
            violations.Add(new("trackingId", problem));
        }
    }

    /// <summary>A request's one required id: the id itself, or one exception naming what is wrong with it.</summary>
    /// <exception cref="CallControlRequestValidationException">The id is missing, blank, too long or has control characters.</exception>
    internal static string RequireId(string? value, string parameterName, string why, string operation)
    {
        var violations = new List<Violation>(1);
        CheckRequiredId(parameterName, value, why, violations);
        ThrowIfAny(operation, violations);
        return value!;
    }

    /// <summary>The rule of every request's <c>WithTrackingId</c>: the id itself, or one exception naming what is wrong with it.</summary>
    /// <exception cref="CallControlRequestValidationException">The id is empty, too long or not printable ASCII.</exception>
    internal static string RequireTrackingId(string trackingId, string operation)
    {
        var violations = new List<Violation>(1);
        CheckTrackingId(trackingId ?? string.Empty, violations);
        ThrowIfAny(operation, violations);
        return trackingId!;
    }

    /// <summary>Throws one exception listing every violation for <paramref name="operation"/>, if there are any.</summary>
    /// <exception cref="CallControlRequestValidationException">There is at least one violation.</exception>
    internal static void ThrowIfAny(string operation, List<Violation> violations)
    {
        if (violations.Count > 0)
        {
            throw new CallControlRequestValidationException(operation, violations);
        }
    }

    internal sealed record Violation(string ParameterName, string Message);
}
