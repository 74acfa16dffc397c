using CallControl.Sdk.Internal;

namespace CallControl.Sdk;

/// <summary>
/// The one place that holds the documented transfer parameter rules. The factory methods and the builder of
/// <see cref="TransferRequest"/> both go through <see cref="Validate"/>; nothing else decides what is valid.
/// </summary>
internal static class TransferRules
{
    internal const string CallId1 = "callId1";
    internal const string CallId2 = "callId2";
    internal const string Destination = "destination";
    internal const string LineOwnerId = "lineOwnerId";

    /// <summary>
    /// Checks every rule and either returns the request or throws one exception that lists every violation.
    /// A <see langword="null"/> argument means "absent"; an empty or whitespace one is present and invalid.
    /// </summary>
    /// <exception cref="TransferRequestValidationException">One or more rules are violated.</exception>
    internal static TransferRequest Validate(string? callId1, string? callId2, string? destinationText, CallDestination? destination, string? lineOwnerId, string? trackingId)
    {
        var violations = new List<RequestRules.Violation>(2);
        RequestRules.CheckId(CallId1, callId1, violations);
        RequestRules.CheckId(CallId2, callId2, violations);
        RequestRules.CheckId(LineOwnerId, lineOwnerId, violations);

        destination ??= RequestRules.CheckDestination(Destination, destinationText, violations);

        var hasCallId1 = callId1 is not null;
        var hasCallId2 = callId2 is not null;
        var hasDestination = destination is not null || destinationText is not null;

        if (hasCallId2 && !hasCallId1)
        {
            violations.Add(new(CallId1, "callId1 is required when callId2 is given (an attended transfer joins callId1 and callId2)."));
        }

        if (hasDestination && !hasCallId1)
        {
            violations.Add(new(CallId1, "callId1 is required when destination is given (a mute transfer moves callId1 to the destination)."));
        }

        if (hasCallId1 && !hasCallId2 && !hasDestination)
        {
            violations.Add(new(CallId2, "callId1 alone is not a transfer: give callId2 for an attended transfer or destination for a mute transfer."));
        }

        if (hasCallId2 && hasDestination)
        {
            violations.Add(new(Destination, "callId2 and destination cannot both be given: Webex does not define that combination, so it is rejected as ambiguous. Give callId2 for an attended transfer or destination for a mute transfer."));
        }

        RequestRules.CheckTrackingId(trackingId, violations);

        if (violations.Count > 0)
        {
            throw new TransferRequestValidationException(violations);
        }

        var kind = hasCallId2 ? TransferKind.Attended : hasDestination ? TransferKind.Mute : TransferKind.Automatic;
        return new TransferRequest(kind, callId1, callId2, destination, lineOwnerId, trackingId);
    }
}
