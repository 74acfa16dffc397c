namespace CallControl.Sdk.ContractTests.Infrastructure;

/// <summary>A token provider that always returns one token and cannot refresh: a user's tokens in a test.</summary>
internal sealed class FixedTokens(string token) : CallControlTokenProvider
{
    public override ValueTask<string> GetTokenAsync(CancellationToken cancellationToken) => new(token);

    public override bool CanRefresh => false;
}
