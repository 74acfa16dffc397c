using CallControl.Sdk.Internal;

namespace CallControl.Sdk;

/// <summary>
/// What every Call Control command request has: the optional line owner and the optional caller-chosen
/// <c>TrackingID</c>. Instances are immutable and always valid: each derived type checks its documented rules when
/// it is created, before anything can be sent.
/// </summary>
public abstract class CallControlRequest : IEquatable<CallControlRequest>
{
    private string? _wire;

    private protected CallControlRequest(string? lineOwnerId, string? trackingId)
    {
        LineOwnerId = lineOwnerId;
        TrackingId = trackingId;
    }

    /// <summary>
    /// Gets the id of the user, workspace or virtual line that owns the secondary line (on the invoking user's device)
    /// the command acts on, or <see langword="null"/> for the user's own line.
    /// </summary>
    public string? LineOwnerId { get; }

    /// <summary>
    /// Gets the caller-supplied <c>TrackingID</c> header value, or <see langword="null"/> to let the client generate
    /// a unique one for the operation.
    /// </summary>
    public string? TrackingId { get; private set; }

    /// <summary>
    /// Value equality, as for a record: two requests are equal when they are of the same type, would send the same
    /// body and the same <see cref="TrackingId"/>. So a mock can be verified with the request itself
    /// (<c>Verify(c =&gt; c.HoldAsync(new CallRequest("c1"), default))</c>) instead of a predicate.
    /// </summary>
    /// <param name="other">The other request.</param>
    /// <returns>Whether the two requests are equal.</returns>
    public bool Equals(CallControlRequest? other)
        => other is not null && (ReferenceEquals(this, other)
            || (other.GetType() == GetType() && string.Equals(TrackingId, other.TrackingId, StringComparison.Ordinal) && string.Equals(Wire, other.Wire, StringComparison.Ordinal)));

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as CallControlRequest);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(GetType(), TrackingId, Wire);

    /// <summary>The request's body as it goes on the wire (what equality compares): UTF-8 JSON in the shape of its operation.</summary>
    internal abstract byte[] WriteBody();

    private string Wire => _wire ??= System.Text.Encoding.UTF8.GetString(WriteBody());

    /// <summary>The wire form of a parsed destination, for the overloads that take one (it parses back to the same destination).</summary>
    private protected static string RequireWire(CallDestination destination, [System.Runtime.CompilerServices.CallerArgumentExpression(nameof(destination))] string? name = null)
    {
        ArgumentNullException.ThrowIfNull(destination, name);
        return destination.ToString();
    }

    /// <summary>The copy behind each derived type's <c>WithTrackingId</c>: the tracking-id rule lives in <see cref="RequestRules"/>.</summary>
    private protected TRequest WithTrackingIdCore<TRequest>(string trackingId, string operation)
        where TRequest : CallControlRequest
    {
        var copy = (TRequest)MemberwiseClone();
        copy.TrackingId = RequestRules.RequireTrackingId(trackingId, operation);
        return copy;
    }
}
