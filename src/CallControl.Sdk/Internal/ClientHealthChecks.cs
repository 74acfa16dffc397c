using System.Globalization;
using System.Net;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace CallControl.Sdk.Internal;

/// <summary>
/// The health of one registered client's credentials: healthy while tokens come, degraded after failed refreshes that
/// may pass (the endpoint unreachable, a 5xx), unhealthy when refreshing cannot work (<c>invalid_grant</c>,
/// <c>invalid_client</c>: someone must fix the credential).
/// </summary>
internal sealed class CredentialsHealthCheck(CallControlClientFactory factory, string name) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        CallControlTokenProvider? provider;
        try
        {
            provider = factory.CurrentExecutor(name).Options.TokenProvider;
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or Microsoft.Extensions.Options.OptionsValidationException)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy("The client's settings are invalid: " + ex.Message));
        }

        var health = provider?.Health;
        if (health is not { Failures: > 0, LastFailure: { } last } failing)
        {
            return Task.FromResult(HealthCheckResult.Healthy(provider is null ? "A fixed access token." : health is null ? "A custom token provider (not inspected)." : "The last refresh worked."));
        }

        var data = new Dictionary<string, object> { ["failures"] = failing.Failures };
        if (last.StatusCode is { } status)
        {
            data["status"] = (int)status;
        }

        var message = $"{failing.Failures} refresh(es) failed in a row: {last.Message}";
        return Task.FromResult(last.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden
            ? new HealthCheckResult(HealthStatus.Unhealthy, "Refreshing cannot work until the credential is fixed. " + message, data: data)
            : new HealthCheckResult(HealthStatus.Degraded, message, data: data));
    }
}

/// <summary>The health of one registered client's rate-limit gate: shared or in-process is healthy; a shared gate keeping to its local copy is degraded.</summary>
internal sealed class RateLimitGateHealthCheck(CallControlClientFactory factory, string name) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        CallControlRateLimitGate? gate;
        try
        {
            gate = factory.CurrentExecutor(name).Gate;
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or Microsoft.Extensions.Options.OptionsValidationException)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy("The client's settings are invalid: " + ex.Message));
        }

        if (gate is null)
        {
            return Task.FromResult(HealthCheckResult.Healthy("No rate-limit gate (Retry.UseSharedRateLimitGate is off)."));
        }

        var mode = gate.Mode;
        var data = new Dictionary<string, object> { ["mode"] = mode.ToString(), ["gate"] = gate.GetType().Name };
        return Task.FromResult(mode == RateLimitGateMode.Fallback
            ? new HealthCheckResult(HealthStatus.Degraded, "The shared rate-limit gate's store is away: this process keeps to its own copy (calls still go; instances no longer share one limit).", data: data)
            : HealthCheckResult.Healthy(string.Create(CultureInfo.InvariantCulture, $"The rate-limit gate is {(mode == RateLimitGateMode.Shared ? "shared" : "in-process")}."), data));
    }
}
