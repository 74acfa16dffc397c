using System.Text.Json;
using WireMock;
using WireMock.Logging;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace CallControl.Sdk.ContractTests.Infrastructure;

/// <summary>A real HTTP server on loopback that plays Webex, with helpers to inspect what it received.</summary>
internal sealed class WebexFake : IDisposable
{
    internal const string Token = "test-access-token-5f1d9c";
    internal const string TransferPath = "/v1/telephony/calls/transfer";

    internal WebexFake()
    {
        Server = WireMockServer.Start();
    }

    internal WireMockServer Server { get; }

    internal Uri BaseAddress => new(Server.Url + "/v1/");

    internal IReadOnlyList<IRequestMessage> Requests => Server.LogEntries.Select(e => e.RequestMessage!).ToList();

    internal CallControlClient CreateClient(Action<CallControlClientOptions>? configure = null)
    {
        var options = new CallControlClientOptions { AccessToken = Token, BaseAddress = BaseAddress };
        configure?.Invoke(options);
        return new CallControlClient(options);
    }

    internal void OnTransfer(Func<IResponseBuilder, IResponseBuilder> respond)
        => Server.Given(Request.Create().WithPath(TransferPath).UsingPost()).RespondWith(respond(Response.Create()));

    /// <summary>Answers the transfer endpoint with each builder in turn (the last one repeats).</summary>
    internal void OnTransferSequence(params Func<IResponseBuilder, IResponseBuilder>[] responses)
    {
        for (var i = 0; i < responses.Length; i++)
        {
            var provider = Server.Given(Request.Create().WithPath(TransferPath).UsingPost()).InScenario("sequence");
            provider = i == 0 ? provider : provider.WhenStateIs($"step{i}");
            if (i < responses.Length - 1)
            {
                provider = provider.WillSetStateTo($"step{i + 1}");
            }

            provider.RespondWith(responses[i](Response.Create()));
        }
    }

    internal static string Header(IRequestMessage request, string name)
        => request.Headers!.First(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Value.Single();

    internal static JsonElement Json(IRequestMessage request)
    {
        using var document = JsonDocument.Parse(request.Body!);
        return document.RootElement.Clone();
    }

    public void Dispose() => Server.Stop();
}
