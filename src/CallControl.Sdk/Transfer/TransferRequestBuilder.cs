namespace CallControl.Sdk;

/// <summary>
/// Assembles a <see cref="TransferRequest"/> from optional parts, for code that receives the parts from a UI or a
/// configuration. <see cref="Build"/> applies exactly the same rules as the factory methods on <see cref="TransferRequest"/>.
/// </summary>
/// <remarks>Passing <see langword="null"/> to a <c>With</c> method clears that part; an empty or whitespace value is kept and rejected by <see cref="Build"/>.</remarks>
public sealed class TransferRequestBuilder
{
    private string? _callId1;
    private string? _callId2;
    private string? _destinationText;
    private CallDestination? _destination;
    private string? _lineOwnerId;
    private string? _trackingId;

    internal TransferRequestBuilder()
    {
    }

    /// <summary>Sets the first call (the one being transferred).</summary>
    /// <param name="callId1">The call id, or <see langword="null"/> to clear it.</param>
    /// <returns>This builder.</returns>
    public TransferRequestBuilder WithCallId1(string? callId1)
    {
        _callId1 = callId1;
        return this;
    }

    /// <summary>Sets the second call of an attended transfer.</summary>
    /// <param name="callId2">The call id, or <see langword="null"/> to clear it.</param>
    /// <returns>This builder.</returns>
    public TransferRequestBuilder WithCallId2(string? callId2)
    {
        _callId2 = callId2;
        return this;
    }

    /// <summary>Sets the destination of a mute transfer; it is parsed by <see cref="Build"/>.</summary>
    /// <param name="destination">Digits, <c>+</c>E.164, <c>tel:</c>, <c>sip:</c> or <c>user@domain</c>; <see langword="null"/> clears it.</param>
    /// <returns>This builder.</returns>
    public TransferRequestBuilder WithDestination(string? destination)
    {
        _destinationText = destination;
        _destination = null;
        return this;
    }

    /// <summary>Sets an already parsed destination of a mute transfer.</summary>
    /// <param name="destination">The destination, or <see langword="null"/> to clear it.</param>
    /// <returns>This builder.</returns>
    public TransferRequestBuilder WithDestination(CallDestination? destination)
    {
        _destination = destination;
        _destinationText = null;
        return this;
    }

    /// <summary>Sets the user, workspace or virtual line that owns the secondary line used.</summary>
    /// <param name="lineOwnerId">The owner id, or <see langword="null"/> to clear it.</param>
    /// <returns>This builder.</returns>
    public TransferRequestBuilder WithLineOwnerId(string? lineOwnerId)
    {
        _lineOwnerId = lineOwnerId;
        return this;
    }

    /// <summary>Sets the <c>TrackingID</c> header to send instead of a generated one.</summary>
    /// <param name="trackingId">Printable ASCII, at most 256 characters, or <see langword="null"/> to generate one.</param>
    /// <returns>This builder.</returns>
    public TransferRequestBuilder WithTrackingId(string? trackingId)
    {
        _trackingId = trackingId;
        return this;
    }

    /// <summary>Checks every documented rule and creates the request.</summary>
    /// <returns>The validated request.</returns>
    /// <exception cref="TransferRequestValidationException">One or more rules are broken; every broken rule is listed.</exception>
    public TransferRequest Build()
        => TransferRules.Validate(_callId1, _callId2, _destinationText, _destination, _lineOwnerId, _trackingId);
}
