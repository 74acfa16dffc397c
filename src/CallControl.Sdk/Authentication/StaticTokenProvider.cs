namespace CallControl.Sdk.Internal;

/// <summary>The provider behind <see cref="CallControlClientOptions.AccessToken"/>: one fixed token, nothing to refresh.</summary>
internal sealed class StaticTokenProvider(string token) : CallControlTokenProvider
{
    private readonly ValueTask<string> _token = new(token);

    public override ValueTask<string> GetTokenAsync(CancellationToken cancellationToken) => _token;

    public override bool CanRefresh => false;

    public override string ToString() => "StaticTokenProvider (token redacted)";
}
