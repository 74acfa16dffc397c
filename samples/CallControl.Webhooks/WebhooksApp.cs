using CallControl.Sdk;

namespace CallControl.Webhooks;

/// <summary>
/// A minimal ASP.NET Core app receiving Webex call events: deliveries at <c>POST /webex/calls</c> (signed with
/// <c>Webex:WebhookSecret</c>), calls tracked from their events, and each call's state at <c>GET /calls/{callId}</c>.
/// Register the webhook with <c>CallControlClient.CreateCallWebhookAsync</c>, targeting this app's public HTTPS URL.
/// </summary>
public static class WebhooksApp
{
    /// <summary>Builds the app.</summary>
    /// <param name="args">Command-line arguments (configuration).</param>
    /// <param name="configure">Further changes before the app is built (tests set the URL and the secret).</param>
    /// <returns>The app, ready to run.</returns>
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateSlimBuilder(args);
        configure?.Invoke(builder);
        builder.Services.AddCallEventReceivers();
        builder.Services.AddSingleton<CallEventTracker>();
        var app = builder.Build();

        var secret = app.Configuration["Webex:WebhookSecret"]
            ?? throw new InvalidOperationException("Set Webex:WebhookSecret (appsettings.json, an environment variable Webex__WebhookSecret, or --Webex:WebhookSecret=...) to the secret the webhook was created with.");
        app.MapCallEvents<TrackingHandler>("/webex/calls", secret);
        app.MapGet("/calls/{callId}", (string callId, CallEventTracker tracker)
            => tracker.TryGetCall(callId, out var call) ? Results.Text($"{call.Id} {call.State}") : Results.NotFound());
        return app;
    }
}
