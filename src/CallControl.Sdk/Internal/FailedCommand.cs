namespace CallControl.Sdk.Internal;

/// <summary>What a command's failure records for <see cref="CallControlClient.ResolveOutcomeAsync"/>: the request, the client's transport that sent it, and when it failed (a timestamp of the client's clock, and the wall-clock instant events are compared with).</summary>
internal sealed record FailedCommand(ApiRequest Request, ClientTransport Transport, long FailedAt, DateTimeOffset FailedAtUtc);
