using System.Net;
using System.Text;

namespace CallControl.Sdk.Testing.Tests;

/// <summary>
/// A token provider written by an app, in an assembly that sees only the SDK's public surface (this one), takes part
/// in redaction: what it says it holds never reaches an exception, even when a server echoes it back.
/// </summary>
[TestFixture]
public sealed class ThirdPartyProviderTests
{
    private const string VaultKey = "vault-key-5f2c9e";

    [Test]
    public async Task AHeldSecretEchoedByTheServer_IsRedactedFromTheException()
    {
        using var http = new HttpClient(new EchoingServer()) { BaseAddress = new Uri("https://webexapis.com/v1/") };
        using var client = new CallControlClient(http, new CallControlClientOptions { TokenProvider = new VaultTokens("vault-issued-token-1") });

        var ex = await Assert.ThrowsAsync<CallControlApiException>(() => client.TransferAsync(TransferRequest.Automatic()));

        Assert.That(ex!.ToString() + ex.ErrorMessage, Does.Not.Contain(VaultKey).And.Contain("[REDACTED]"));
    }

    /// <summary>A provider of the app's own that holds a secret besides its tokens, and says so.</summary>
    private sealed class VaultTokens(string token) : CallControlTokenProvider
    {
        public override bool CanRefresh => false;

        protected override IEnumerable<string?> HeldSecrets => [VaultKey];

        public override ValueTask<string> GetTokenAsync(CancellationToken cancellationToken) => new(token);
    }

    /// <summary>A misconfigured proxy that puts the app's vault key into its error text.</summary>
    private sealed class EchoingServer : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
            => Task.FromResult(new HttpResponseMessage(HttpStatusCode.BadRequest)
            {
                RequestMessage = request,
                Content = new StringContent($$"""{"message":"unexpected header x-vault: {{VaultKey}}"}""", Encoding.UTF8, "application/json"),
            });
    }
}
