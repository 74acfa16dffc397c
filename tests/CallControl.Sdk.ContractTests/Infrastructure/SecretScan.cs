using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace CallControl.Sdk.ContractTests.Infrastructure;

/// <summary>
/// Every client the contract suite builds through <see cref="WebexFake"/> logs at Trace into this collector, and
/// every <see cref="WebexFake"/> scans the lines its test produced when it is disposed: the whole suite doubles as a
/// search for leaked secrets.
/// </summary>
internal static class SecretScan
{
    internal static readonly string[] Secrets = [WebexFake.Token, Ecosystem.TokenProviderTests.ClientSecret, Ecosystem.TokenProviderTests.RefreshToken];

    internal static FakeLogCollector Collector { get; } = new();

    internal static ILoggerFactory LoggerFactory { get; } =
        Microsoft.Extensions.Logging.LoggerFactory.Create(b => b.AddProvider(new FakeLoggerProvider(Collector)).SetMinimumLevel(LogLevel.Trace));

    internal static int LinesSoFar => Collector.Count;

    internal static int LinesScanned { get; private set; }

    /// <summary>Fails the current test when any line logged since <paramref name="from"/> shows a secret.</summary>
    internal static void AssertNoSecretsSince(int from)
    {
        var records = Collector.GetSnapshot();
        for (var i = from; i < records.Count; i++)
        {
            var line = $"{records[i].Message} {records[i].Exception}";
            foreach (var secret in Secrets)
            {
                if (line.Contains(secret, StringComparison.Ordinal))
                {
                    Assert.Fail($"Log line {i} shows a secret: {line}");
                }
            }

            LinesScanned++;
        }
    }
}
