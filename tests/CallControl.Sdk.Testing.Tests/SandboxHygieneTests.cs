using System.Net;
using System.Net.Sockets;
using CallControl.Sdk.Testing;

namespace CallControl.Sdk.Testing.Tests;

/// <summary>The sandbox runs inside someone else's process: it must not read that app's configuration.</summary>
[TestFixture]
[NonParallelizable] // changes the process's working folder and environment for the length of the test
public sealed class SandboxHygieneTests
{
    [Test]
    public async Task HostAppsettingsAndAspNetCoreVariables_AreIgnored()
    {
        var kestrelPort = FreePort();
        var urlsPort = FreePort();
        var folder = Directory.CreateTempSubdirectory("callcontrol-hygiene-");
        var previousFolder = Environment.CurrentDirectory;
        var previousUrls = Environment.GetEnvironmentVariable("ASPNETCORE_URLS");
        await File.WriteAllTextAsync(Path.Combine(folder.FullName, "appsettings.json"),
            $$"""{ "Kestrel": { "Endpoints": { "Http": { "Url": "http://127.0.0.1:{{kestrelPort}}" } } } }""");
        try
        {
            Environment.CurrentDirectory = folder.FullName;
            Environment.SetEnvironmentVariable("ASPNETCORE_URLS", $"http://127.0.0.1:{urlsPort}");

            await using var sandbox = await CallControlSandbox.StartAsync();
            using var client = sandbox.CreateClient();
            Assert.That(await client.ListCallsAsync(), Is.Empty, "the sandbox works on its own port");

            // Kestrel binds every endpoint before StartAsync returns, so a refused connection now means it never will.
            Assert.That(Accepts(kestrelPort), Is.False, "the host app's Kestrel:Endpoints section was not read");
            Assert.That(Accepts(urlsPort), Is.False, "ASPNETCORE_URLS was not read");
        }
        finally
        {
            Environment.CurrentDirectory = previousFolder;
            Environment.SetEnvironmentVariable("ASPNETCORE_URLS", previousUrls);
            folder.Delete(recursive: true);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static bool Accepts(int port)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            socket.Connect(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
