namespace CallControl.Sdk.Internal.Wire;

/// <summary>
/// The JSON body of <c>POST telephony/calls/transfer</c>. Null fields are omitted, never sent as null. Like every
/// request body, its properties have plain setters: init-only ones would make System.Text.Json build constructor
/// parameter metadata (and compile its dictionary) before a new process's first command, for a body it only writes.
/// </summary>
internal sealed class TransferBody
{
    public string? CallId1 { get; set; }

    public string? CallId2 { get; set; }

    public string? Destination { get; set; }

    public string? LineOwnerId { get; set; }

    internal static TransferBody From(TransferRequest request) => new()
    {
        CallId1 = request.CallId1,
        CallId2 = request.CallId2,
        Destination = request.Destination?.ToString(),
        LineOwnerId = request.LineOwnerId,
    };
}
