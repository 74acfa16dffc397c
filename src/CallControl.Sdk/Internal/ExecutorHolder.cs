namespace CallControl.Sdk.Internal;

/// <summary>
/// The executor a client runs its next operation on. A DI client's options can be reloaded (IOptionsMonitor): the
/// factory swaps in a new executor and the next call uses it, while calls already running finish on the old one.
/// </summary>
internal sealed class ExecutorHolder(OperationExecutor executor)
{
    private volatile OperationExecutor _current = executor;

    internal OperationExecutor Current => _current;

    internal void Swap(OperationExecutor next) => _current = next;
}
