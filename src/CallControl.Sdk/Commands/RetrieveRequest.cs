using CallControl.Sdk.Internal;
using CallControl.Sdk.Internal.Wire;

namespace CallControl.Sdk;

/// <summary>
/// A request to retrieve a parked call. A new call is placed to do it (as with dial), so the result carries the new
/// call's ids.
/// </summary>
public sealed class RetrieveRequest : CallControlRequest
{
    /// <summary>Creates a retrieve request.</summary>
    /// <param name="destination">Where the call is parked (the number from the park result); <see langword="null"/> retrieves the call parked against the retrieving user.</param>
    /// <param name="endpointId">Optional device or application to use for the retrieval.</param>
    /// <param name="lineOwnerId">Optional owner of the secondary line to use.</param>
    /// <exception cref="CallControlRequestValidationException">The destination is not a documented form, or an id is invalid.</exception>
    public RetrieveRequest(string? destination = null, string? endpointId = null, string? lineOwnerId = null)
        : base(lineOwnerId, null)
    {
        var violations = new List<RequestRules.Violation>(1);
        var parsed = RequestRules.CheckDestination("destination", destination, violations);
        RequestRules.CheckId("endpointId", endpointId, violations);
        RequestRules.CheckId("lineOwnerId", lineOwnerId, violations);
        RequestRules.ThrowIfAny("retrieve", violations);
        Destination = parsed;
        EndpointId = endpointId;
    }

    /// <summary>Gets where the call is parked, or <see langword="null"/> for the retrieving user.</summary>
    public CallDestination? Destination { get; }

    /// <summary>Gets the device or application that retrieves the call, or <see langword="null"/>.</summary>
    public string? EndpointId { get; }

    /// <summary>Returns a copy of this request that sends <paramref name="trackingId"/> as its <c>TrackingID</c> header.</summary>
    /// <param name="trackingId">Printable ASCII, at most 256 characters; it is kept the same on every attempt.</param>
    /// <returns>The copy.</returns>
    /// <exception cref="CallControlRequestValidationException"><paramref name="trackingId"/> is empty, too long or not printable ASCII.</exception>
    public RetrieveRequest WithTrackingId(string trackingId) => WithTrackingIdCore<RetrieveRequest>(trackingId, "retrieve");

    /// <inheritdoc/>
    public override string ToString() => Destination is null ? "Retrieve the call parked against self" : $"Retrieve the call parked against {Destination}";

    internal override CommandBody ToBody() => new() { Destination = Destination?.ToString(), EndpointId = EndpointId, LineOwnerId = LineOwnerId };
}
