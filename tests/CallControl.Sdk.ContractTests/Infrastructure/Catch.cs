namespace CallControl.Sdk.ContractTests.Infrastructure;

/// <summary>Awaits a task that must fail and returns its exception, for assertions on the exact type and its properties.</summary>
internal static class Catch
{
    internal static async Task<T> Async<T>(Task task)
        where T : Exception
    {
        try
        {
            await task;
        }
        catch (T ex)
        {
            return ex;
        }

        Assert.Fail($"Expected {typeof(T).Name}, but the task completed.");
        throw new InvalidOperationException("unreachable");
    }
}
