using System.Net;
using System.Reflection;
using System.Runtime.Loader;

namespace CallControl.Sdk.Tests.Resilience;

/// <summary>
/// What a new process loads for its first transfer (the cold-start target, docs/benchmarks.md): the SDK is loaded into
/// a load context of its own, so every assembly it pulls in beyond the framework is seen, whatever this test process
/// loaded before.
/// </summary>
[TestFixture]
public sealed class AssembliesLoadedTests
{
    [Test]
    public async Task AFirstTransferThatSucceeds_NeverLoadsPolly()
    {
        var loaded = await TransferInOwnLoadContextAsync(HttpStatusCode.NoContent);

        Assert.That(loaded, Does.Contain("Refit"), "the probe sees what the SDK loads");
        Assert.That(loaded, Does.Not.Contain("Polly.Core"), "Polly is loaded only when an answer is first retried");
    }

    [Test]
    public async Task AFirstTransferThatIsRetried_LoadsPolly()
    {
        var loaded = await TransferInOwnLoadContextAsync(HttpStatusCode.ServiceUnavailable, HttpStatusCode.NoContent);

        Assert.That(loaded, Does.Contain("Polly.Core"));
    }

    private static async Task<IReadOnlyCollection<string>> TransferInOwnLoadContextAsync(params HttpStatusCode[] answers)
    {
        var context = new ProbeLoadContext();
        try
        {
            var sdk = context.LoadFromAssemblyPath(Path.Combine(AppContext.BaseDirectory, "CallControl.Sdk.dll"));
            var optionsType = sdk.GetType("CallControl.Sdk.CallControlClientOptions", throwOnError: true)!;
            var options = Activator.CreateInstance(optionsType)!;
            optionsType.GetProperty("AccessToken")!.SetValue(options, "token-abc");
            var retry = optionsType.GetProperty("Retry")!.GetValue(options)!;
            retry.GetType().GetProperty("BaseBackoff")!.SetValue(retry, TimeSpan.FromMilliseconds(1));
            retry.GetType().GetProperty("MaxBackoff")!.SetValue(retry, TimeSpan.FromMilliseconds(1));

            var requestType = sdk.GetType("CallControl.Sdk.TransferRequest", throwOnError: true)!;
            var request = requestType.GetMethod("Attended", [typeof(string), typeof(string), typeof(string)])!.Invoke(null, ["c1", "c2", null]);
            using var handler = new Answers(answers);
            using var http = new HttpClient(handler) { BaseAddress = new Uri("https://webexapis.com/v1/") };
            var clientType = sdk.GetType("CallControl.Sdk.CallControlClient", throwOnError: true)!;
            using var client = (IDisposable)Activator.CreateInstance(clientType, http, options)!;
            await (Task)clientType.GetMethod("TransferAsync", [requestType, typeof(CancellationToken)])!.Invoke(client, [request, CancellationToken.None])!;
            Assert.That(handler.Sent, Is.EqualTo(answers.Length));
            return context.Loaded;
        }
        finally
        {
            context.Unload();
        }
    }

    /// <summary>Loads every non-framework assembly from this test's output, and records its name.</summary>
    private sealed class ProbeLoadContext() : AssemblyLoadContext("first-transfer-probe", isCollectible: true)
    {
        private readonly List<string> _loaded = [];

        internal IReadOnlyCollection<string> Loaded
        {
            get
            {
                lock (_loaded)
                {
                    return [.. _loaded];
                }
            }
        }

        protected override Assembly? Load(AssemblyName assemblyName)
        {
            var path = Path.Combine(AppContext.BaseDirectory, assemblyName.Name + ".dll");
            if (!File.Exists(path))
            {
                return null;
            }

            lock (_loaded)
            {
                _loaded.Add(assemblyName.Name!);
            }

            return LoadFromAssemblyPath(path);
        }
    }

    private sealed class Answers(HttpStatusCode[] answers) : HttpMessageHandler
    {
        internal int Sent { get; private set; }

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
            => Task.FromResult(new HttpResponseMessage(answers[Math.Min(Sent++, answers.Length - 1)]) { RequestMessage = request });
    }
}
