using CallControl.Sdk.Internal;
using CallControl.Sdk.Internal.Wire;

namespace CallControl.Sdk;

/// <summary>
/// What every Call Control command request has: the optional line owner and the optional caller-chosen
/// <c>TrackingID</c>. Instances are immutable and always valid: each derived type checks its documented rules when
/// it is created, before anything can be sent.
/// </summary>
public abstract class CallControlRequest
{
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

    /// <summary>The JSON body of every command but transfer (which has its own wire shape).</summary>
    /// <summary>The wire form of a parsed destination, for the overloads that take one (it parses back to the same destination).</summary>
    private protected static string RequireWire(CallDestination destination, [System.Runtime.CompilerServices.CallerArgumentExpression(nameof(destination))] string? name = null)
    {
        ArgumentNullException.ThrowIfNull(destination, name);
        return destination.ToString();
    }

    internal virtual CommandBody ToBody() => throw new NotSupportedException($"{GetType().Name} has no command body.");

    /// <summary>The copy behind each derived type's <c>WithTrackingId</c>: the tracking-id rule lives in <see cref="RequestRules"/>.</summary>
    private protected TRequest WithTrackingIdCore<TRequest>(string trackingId, string operation)
        where TRequest : CallControlRequest
    {
        var violations = new List<RequestRules.Violation>(1);
        RequestRules.CheckTrackingId(trackingId ?? string.Empty, violations);
        RequestRules.ThrowIfAny(operation, violations);
        var copy = (TRequest)MemberwiseClone();
        copy.TrackingId = trackingId;
        return copy;
    }
}
