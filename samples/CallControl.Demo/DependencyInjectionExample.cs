using CallControl.Sdk;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace CallControl.Demo;

/// <summary>The README's dependency-injection example, compiled here so it cannot rot (a test runs it against the sandbox and checks the README quotes it).</summary>
public static class DependencyInjectionExample
{
    /// <summary>Registers a named client from configuration, resolves it, and makes a per-user client of it.</summary>
    /// <param name="configuration">Configuration with a <c>Webex</c> section.</param>
    /// <param name="agentTokens">One agent's token provider.</param>
    /// <param name="cancellationToken">Cancels the calls.</param>
    /// <returns>How many calls the agent has.</returns>
    public static async Task<int> RunAsync(IConfiguration configuration, CallControlTokenProvider agentTokens, CancellationToken cancellationToken)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddConfiguration(configuration);

        #region di
        // appsettings.json: "Webex": { "AccessToken": "..." }  or  { "ClientId": "...", "ClientSecret": "...", "RefreshToken": "..." }
        // A changed file applies to the next call (reloadOnChange); problems name the keys (Webex:AccessToken).
        builder.Services.AddCallControlClient("reception", builder.Configuration.GetSection("Webex"));
        using var host = builder.Build();

        // One client per name, shared app-wide: inject it with [FromKeyedServices("reception")], or:
        var reception = host.Services.GetRequiredKeyedService<CallControlClient>("reception");
        var factory = host.Services.GetRequiredService<ICallControlClientFactory>();

        // A contact center acting for many agents: one client per agent, each with its own tokens and rate-limit
        // gate, all over the registration's one connection pool (about 850 bytes each).
        using var agent = factory.CreateClient("reception", agentTokens);
        var calls = await agent.ListCallsAsync(cancellationToken);
        #endregion

        await reception.ListCallsAsync(cancellationToken);
        return calls.Count;
    }
}
