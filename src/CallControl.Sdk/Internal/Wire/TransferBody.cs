namespace CallControl.Sdk.Internal.Wire;

/// <summary>The JSON body of <c>POST telephony/calls/transfer</c>. Null fields are omitted, never sent as null.</summary>
internal sealed class TransferBody
{
    public string? CallId1 { get; init; }

    public string? CallId2 { get; init; }

    public string? Destination { get; init; }

    public string? LineOwnerId { get; init; }

    internal static TransferBody From(TransferRequest request) => new()
    {
        CallId1 = request.CallId1,
        CallId2 = request.CallId2,
        Destination = request.Destination?.ToString(),
        LineOwnerId = request.LineOwnerId,
    };
}
