using System.Text.Json;
using WireMock;
using WireMock.Logging;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;
using WireMock.Types;
using WireMock.Util;

namespace CallControl.Sdk.ContractTests.Infrastructure;

/// <summary>A real HTTP server on loopback that plays Webex, with helpers to inspect what it received.</summary>
internal sealed class WebexFake : IDisposable
{
    internal const string Token = "test-access-token-5f1d9c";
    internal const string TransferPath = "/v1/telephony/calls/transfer";

    private readonly int _firstLogLine = SecretScan.LinesSoFar;

    internal WebexFake()
    {
        Server = WireMockServer.Start();
    }

    internal WireMockServer Server { get; }

    internal Uri BaseAddress => new(Server.Url + "/v1/");

    internal IReadOnlyList<IRequestMessage> Requests => Server.LogEntries.Select(e => e.RequestMessage!).ToList();

    internal CallControlClient CreateClient(Action<CallControlClientOptions>? configure = null)
    {
        var options = new CallControlClientOptions { AccessToken = Token, BaseAddress = BaseAddress, LoggerFactory = SecretScan.LoggerFactory };
        configure?.Invoke(options);
        return new CallControlClient(options);
    }

    internal void OnTransfer(Func<IResponseBuilder, IResponseBuilder> respond)
        => Server.Given(Request.Create().WithPath(TransferPath).UsingPost()).RespondWith(respond(Response.Create()));

    /// <summary>Answers the transfer endpoint with each reply in turn (the last one repeats), deterministically under concurrency.</summary>
    internal void OnTransferSequence(params Reply[] replies)
    {
        var served = 0;
        Server.Given(Request.Create().WithPath(TransferPath).UsingPost()).RespondWith(Response.Create().WithCallback(_ =>
        {
            var index = Math.Min(Interlocked.Increment(ref served) - 1, replies.Length - 1);
            return replies[index].ToMessage();
        }));
    }

    internal static string Header(IRequestMessage request, string name)
        => request.Headers!.First(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Value.Single();

    internal static JsonElement Json(IRequestMessage request)
    {
        using var document = JsonDocument.Parse(request.Body!);
        return document.RootElement.Clone();
    }

    public void Dispose()
    {
        Server.Stop();
        SecretScan.AssertNoSecretsSince(_firstLogLine);
    }
}

/// <summary>One scripted answer of the fake.</summary>
internal sealed record Reply(int Status, string? RetryAfter = null, string? Body = null)
{
    internal ResponseMessage ToMessage()
    {
        var headers = new Dictionary<string, WireMockList<string>>();
        if (RetryAfter is not null)
        {
            headers["Retry-After"] = new WireMockList<string>(RetryAfter);
        }

        var message = new ResponseMessage { StatusCode = Status, Headers = headers };
        if (Body is not null)
        {
            headers["Content-Type"] = new WireMockList<string>("application/json");
            message.BodyData = new BodyData { BodyAsString = Body, DetectedBodyType = BodyType.String, Encoding = System.Text.Encoding.UTF8 };
        }

        return message;
    }
}
