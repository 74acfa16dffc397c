namespace CallControl.Sdk.ContractTests.Infrastructure;

/// <summary>Polls a condition on the real clock with a generous bound; used only to sync with a server or fake clock, never to time anything.</summary>
internal static class Eventually
{
    internal static async Task TrueAsync(Func<bool> condition, string what, int timeoutMs = 10_000)
    {
        var started = Environment.TickCount64;
        while (!condition())
        {
            if (Environment.TickCount64 - started > timeoutMs)
            {
                Assert.Fail($"Timed out waiting for {what}.");
            }

            await Task.Delay(5);
        }
    }
}
