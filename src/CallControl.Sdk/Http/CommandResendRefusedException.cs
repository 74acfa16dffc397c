namespace CallControl.Sdk.Http;

/// <summary>
/// Thrown by <see cref="SendGuardHandler"/> instead of sending a command a second time. Deliberately not an
/// <see cref="HttpRequestException"/>: the standard resilience handlers treat those as transient and would retry
/// again, so this ends their loop and reaches the SDK, which maps it (ErrorMapper).
/// </summary>
internal sealed class CommandResendRefusedException : Exception
{
    internal CommandResendRefusedException()
        : base("A handler in the HttpClient pipeline tried to send the command again; the SDK refused, because the first send may have been carried out.")
    {
    }
}
