using CallControl.Sdk.Internal;

namespace CallControl.Sdk;

/// <summary>A request for the user's call history: up to 20 records per type (placed, missed, received).</summary>
/// <example><code>var missed = await client.GetCallHistoryAsync(new CallHistoryRequest(CallHistoryType.Missed), cancellationToken);</code></example>
public sealed record CallHistoryRequest
{
    /// <summary>Creates a request for the records of <paramref name="type"/>, or of every type.</summary>
    /// <param name="type">Only records of this type, or <see langword="null"/> for every type.</param>
    /// <exception cref="CallControlRequestValidationException"><paramref name="type"/> is <see cref="CallHistoryType.Unknown"/> or undefined.</exception>
    public CallHistoryRequest(CallHistoryType? type = null)
    {
        if (type is { } t && (t == CallHistoryType.Unknown || !Enum.IsDefined(t)))
        {
            RequestRules.ThrowIfAny("getCallHistory", [new("type", $"type {t} is not a history type: use Placed, Missed or Received, or null for all.")]);
        }

        Type = type;
    }

    /// <summary>Gets the type of the records asked for, or <see langword="null"/> for every type.</summary>
    public CallHistoryType? Type { get; }

    /// <summary>
    /// Gets the caller-supplied <c>TrackingID</c> header value, or <see langword="null"/> to let the client generate
    /// a unique one for the operation.
    /// </summary>
    public string? TrackingId { get; private init; }

    /// <summary>Returns a copy of this request that sends <paramref name="trackingId"/> as its <c>TrackingID</c> header.</summary>
    /// <param name="trackingId">Printable ASCII, at most 256 characters; it is kept the same on every attempt.</param>
    /// <returns>The copy.</returns>
    /// <exception cref="CallControlRequestValidationException"><paramref name="trackingId"/> is empty, too long or not printable ASCII.</exception>
    public CallHistoryRequest WithTrackingId(string trackingId) => this with { TrackingId = RequestRules.RequireTrackingId(trackingId, "getCallHistory") };
}
