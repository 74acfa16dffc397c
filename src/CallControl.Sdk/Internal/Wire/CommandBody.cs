namespace CallControl.Sdk.Internal.Wire;

/// <summary>
/// The JSON body of every Call Control command except transfer. Each request type fills only its own fields; null
/// fields are omitted, never sent as null, so one type (one source-generated serializer) serves every command.
/// </summary>
internal sealed class CommandBody
{
    public string? CallId { get; set; }

    public string? Destination { get; set; }

    public string? Target { get; set; }

    public bool? ToVoicemail { get; set; }

    public bool? IsGroupPark { get; set; }

    public string? Action { get; set; }

    public string? Dtmf { get; set; }

    public string? EndpointId { get; set; }

    public string? SingleNumberReachPhoneNumber { get; set; }

    public string? LineOwnerId { get; set; }
}
