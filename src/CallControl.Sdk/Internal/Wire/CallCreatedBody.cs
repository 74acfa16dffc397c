namespace CallControl.Sdk.Internal.Wire;

/// <summary>The 201 body of commands that create a call (mute transfer, dial, retrieve): <c>{"callId", "callSessionId"}</c>.</summary>
internal sealed class CallCreatedBody
{
    public string? CallId { get; init; }

    public string? CallSessionId { get; init; }
}
