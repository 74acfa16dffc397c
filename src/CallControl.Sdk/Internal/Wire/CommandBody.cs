namespace CallControl.Sdk.Internal.Wire;

/// <summary>
/// The JSON body of every Call Control command except transfer. Each request type fills only its own fields; null
/// fields are omitted, never sent as null, so one type (one source-generated serializer) serves every command.
/// </summary>
internal sealed class CommandBody
{
    public string? CallId { get; init; }

    public string? Destination { get; init; }

    public string? Target { get; init; }

    public bool? ToVoicemail { get; init; }

    public bool? IsGroupPark { get; init; }

    public string? Action { get; init; }

    public string? Dtmf { get; init; }

    public string? EndpointId { get; init; }

    public string? SingleNumberReachPhoneNumber { get; init; }

    public string? LineOwnerId { get; init; }
}
