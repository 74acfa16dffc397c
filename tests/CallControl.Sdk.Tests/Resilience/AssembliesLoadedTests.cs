using System.Diagnostics.Metrics;
using System.Net;
using System.Reflection;
using System.Runtime.Loader;

namespace CallControl.Sdk.Tests.Resilience;

/// <summary>
/// What a new process does when its first client is built: the SDK is loaded into a load context of its own, so what
/// it does at its start is seen, whatever this test process did before.
/// </summary>
[TestFixture]
public sealed class AssembliesLoadedTests
{
    /// <summary>
    /// The instruments cost a new process a few milliseconds, so they are made on a thread of their own as the first
    /// client is built: a listener sees them without any operation, published from another thread.
    /// </summary>
    [Test]
    public async Task BuildingTheFirstClient_CreatesTheInstruments_OffTheCallersThread()
    {
        // This process's own SDK (the default load context) has its instruments before the listener starts, so they
        // are among those Start() publishes at once; only the probe's come later.
        _ = CallControl.Sdk.Internal.Telemetry.Source;
        var earlier = new HashSet<Meter>();
        var published = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var starting = true;
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, _) =>
            {
                if (instrument.Meter.Name != "CallControl.Sdk")
                {
                    return;
                }

                lock (earlier)
                {
                    // Start() publishes what exists already (this process's own SDK): only a new meter is the probe's.
                    if (starting)
                    {
                        earlier.Add(instrument.Meter);
                    }
                    else if (!earlier.Contains(instrument.Meter))
                    {
                        published.TrySetResult(Environment.CurrentManagedThreadId);
                    }
                }
            },
        };
        listener.Start();
        lock (earlier)
        {
            starting = false;
        }

        var context = new ProbeLoadContext();
        try
        {
            var sdk = context.LoadFromAssemblyPath(Path.Combine(AppContext.BaseDirectory, "CallControl.Sdk.dll"));
            using var http = new HttpClient(new ScriptedHandler(HttpStatusCode.NoContent)) { BaseAddress = new Uri("https://webexapis.com/v1/") };
            using var client = CreateClient(sdk, http);

            var thread = await published.Task.WaitAsync(TimeSpan.FromSeconds(30));

            Assert.That(thread, Is.Not.EqualTo(Environment.CurrentManagedThreadId));
        }
        finally
        {
            context.Unload();
        }
    }

    private static IDisposable CreateClient(Assembly sdk, HttpClient http)
    {
        var optionsType = sdk.GetType("CallControl.Sdk.CallControlClientOptions", throwOnError: true)!;
        var options = Activator.CreateInstance(optionsType)!;
        optionsType.GetProperty("AccessToken")!.SetValue(options, "token-abc");
        var retry = optionsType.GetProperty("Retry")!.GetValue(options)!;
        retry.GetType().GetProperty("BaseBackoff")!.SetValue(retry, TimeSpan.FromMilliseconds(1));
        retry.GetType().GetProperty("MaxBackoff")!.SetValue(retry, TimeSpan.FromMilliseconds(1));
        return (IDisposable)Activator.CreateInstance(sdk.GetType("CallControl.Sdk.CallControlClient", throwOnError: true)!, http, options)!;
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
}
