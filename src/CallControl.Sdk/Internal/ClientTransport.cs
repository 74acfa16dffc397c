namespace CallControl.Sdk.Internal;

/// <summary>What one <see cref="CallControlClient"/> hands the executor for each operation: its Refit client, whether
/// the <see cref="Http.SendGuardHandler"/> is in its HttpClient pipeline, and the token its disposal cancels.</summary>
/// <param name="Http">The HttpClient (for its BaseAddress, checked per operation when the SDK does not own its pipeline).</param>
/// <param name="Api">The Refit client over it.</param>
/// <param name="Guarded">True when the SDK built or registered the HttpClient, so the guard is innermost and its record of
/// each command's passes is exact; false for a caller-owned HttpClient, whose handlers the SDK cannot see.</param>
/// <param name="Lifetime">Cancelled when the client (or, for DI, the service provider) is disposed.</param>
internal sealed record ClientTransport(HttpClient Http, IWebexCallControlApi Api, bool Guarded, CancellationToken Lifetime)
{
    /// <summary>The base address checked when the client was built; a caller-owned HttpClient's is checked again only when it changes.</summary>
    internal Uri? CheckedBaseAddress { get; } = Http?.BaseAddress;
}
