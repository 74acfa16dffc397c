using Microsoft.Extensions.Hosting;

namespace CallControl.Sdk.AspNetCore;

/// <summary>
/// The call event endpoints of an app, and the hosted service that drains them when it stops: a hosted service's
/// stop is awaited by the host, so the accepted events are handed to their handlers before the app ends, without
/// blocking the thread that asked it to stop.
/// </summary>
internal sealed class CallEventReceivers : IHostedService
{
    private readonly List<CallEventReceiver> _receivers = [];

    /// <summary>Every endpoint mapped so far.</summary>
    internal CallEventReceiver[] All
    {
        get
        {
            lock (_receivers)
            {
                return [.. _receivers];
            }
        }
    }

    internal void Add(CallEventReceiver receiver)
    {
        lock (_receivers)
        {
            _receivers.Add(receiver);
        }
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken)
    {
        CallEventReceiver[] all;
        lock (_receivers)
        {
            all = [.. _receivers];
        }

        return Task.WhenAll(all.Select(r => r.DrainAsync(cancellationToken)));
    }
}
