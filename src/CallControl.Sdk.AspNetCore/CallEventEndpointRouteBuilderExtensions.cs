using System.Diagnostics.CodeAnalysis;
using CallControl.Sdk;
using CallControl.Sdk.AspNetCore;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Maps an endpoint that receives Webex call events (<c>telephony_calls</c> webhooks).</summary>
public static class CallEventEndpointRouteBuilderExtensions
{
    /// <summary>The logger category of the receiver (event ids 101-105, docs/events.md).</summary>
    public const string LogCategory = "CallControl.Sdk.AspNetCore";

    /// <summary>
    /// Receives call events at <paramref name="pattern"/> (POST; needs <c>services.AddCallEventReceivers()</c>): each delivery is verified with the webhook's
    /// <paramref name="secret"/>, acknowledged with 202 once it is in a bounded queue, and handed to
    /// <paramref name="handler"/> one at a time. Bad deliveries get 401 (signature), 413 (over 1 MiB) or 400 (malformed,
    /// not a call event) and never reach the handler; a full queue gets 503. Accepted events are handed over even when
    /// the app stops (drained up to <see cref="CallEventReceiverOptions.DrainTimeout"/>).
    /// </summary>
    /// <param name="endpoints">The endpoints.</param>
    /// <param name="pattern">The route, such as <c>/webex/calls</c>: the webhook's target path.</param>
    /// <param name="secret">The webhook's secret.</param>
    /// <param name="handler">Handles each event; its exceptions are logged and never change what Webex was answered.</param>
    /// <returns>The endpoint's builder (to add authorization metadata, say).</returns>
    public static IEndpointConventionBuilder MapCallEvents(this IEndpointRouteBuilder endpoints, string pattern, string secret, Func<CallEvent, CancellationToken, Task> handler)
        => MapCallEvents(endpoints, pattern, secret, handler, static _ => { });

    /// <summary>As <see cref="MapCallEvents(IEndpointRouteBuilder, string, string, Func{CallEvent, CancellationToken, Task})"/>, with settings.</summary>
    /// <param name="endpoints">The endpoints.</param>
    /// <param name="pattern">The route.</param>
    /// <param name="secret">The webhook's secret.</param>
    /// <param name="handler">Handles each event.</param>
    /// <param name="configure">Changes the settings (queue capacity, drain timeout).</param>
    /// <returns>The endpoint's builder.</returns>
    public static IEndpointConventionBuilder MapCallEvents(this IEndpointRouteBuilder endpoints, string pattern, string secret, Func<CallEvent, CancellationToken, Task> handler, Action<CallEventReceiverOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentException.ThrowIfNullOrEmpty(pattern);
        ArgumentException.ThrowIfNullOrEmpty(secret);
        ArgumentNullException.ThrowIfNull(handler);
        ArgumentNullException.ThrowIfNull(configure);
        var options = new CallEventReceiverOptions();
        configure(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.QueueCapacity, 1, nameof(configure));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.DrainTimeout, TimeSpan.Zero, nameof(configure));

        var services = endpoints.ServiceProvider;
        var receivers = services.GetService<CallEventReceivers>()
            ?? throw new InvalidOperationException("Call services.AddCallEventReceivers() before MapCallEvents: it drains the accepted events when the app stops.");
        var logger = services.GetService<ILoggerFactory>()?.CreateLogger(LogCategory) ?? NullLogger.Instance;
        var receiver = new CallEventReceiver(pattern, secret, handler, options, logger);
        receivers.Add(receiver);
        return endpoints.MapPost(pattern, receiver.HandleAsync);
    }

    /// <summary>
    /// As <see cref="MapCallEvents(IEndpointRouteBuilder, string, string, Func{CallEvent, CancellationToken, Task})"/>,
    /// with a handler from dependency injection: <typeparamref name="THandler"/> is resolved (or created) in a new
    /// scope for each event, so it may depend on scoped services.
    /// </summary>
    /// <typeparam name="THandler">The handler type.</typeparam>
    /// <param name="endpoints">The endpoints.</param>
    /// <param name="pattern">The route.</param>
    /// <param name="secret">The webhook's secret.</param>
    /// <returns>The endpoint's builder.</returns>
    public static IEndpointConventionBuilder MapCallEvents<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] THandler>(this IEndpointRouteBuilder endpoints, string pattern, string secret)
        where THandler : class, ICallEventHandler
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var scopes = endpoints.ServiceProvider.GetRequiredService<IServiceScopeFactory>();
        return MapCallEvents(endpoints, pattern, secret, async (callEvent, token) =>
        {
            var scope = scopes.CreateAsyncScope();
            await using (scope.ConfigureAwait(false))
            {
                var handler = ActivatorUtilities.GetServiceOrCreateInstance<THandler>(scope.ServiceProvider);
                await handler.HandleAsync(callEvent, token).ConfigureAwait(false);
            }
        });
    }
}
