namespace CallControl.Sdk.Internal;

/// <summary>
/// Rules shared by every Call Control request: identifiers and tracking ids. Operation-specific combination
/// rules (for example <see cref="TransferRules"/>) build on these so that each rule is written once.
/// </summary>
internal static class RequestRules
{
    internal const int MaxIdLength = 1024;
    internal const int MaxTrackingIdLength = 256;

    /// <summary>Adds a violation when a present identifier is blank, too long or has control characters.</summary>
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
        else if (value.AsSpan().ContainsAnyInRange('\0', '\u001F') || value.Contains('\u007F', StringComparison.Ordinal))
        {
            violations.Add(new(parameterName, $"{parameterName} must not contain control characters."));
        }
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

    /// <summary>Throws one exception listing every violation for <paramref name="operation"/>, if there are any.</summary>
    /// <exception cref="CallControlRequestValidationException">There is at least one violation.</exception>
    internal static void ThrowIfAny(string operation, List<Violation> violations)
    {
        if (violations.Count > 0)
        {
            throw new CallControlRequestValidationException(operation, violations);
        }
    }

    internal readonly record struct Violation(string ParameterName, string Message);
}
