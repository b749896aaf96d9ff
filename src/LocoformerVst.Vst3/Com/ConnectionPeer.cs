using LocoformerVst.Vst3.Abi;

namespace LocoformerVst.Vst3.Com;

/// <summary>The other half's IConnectionPoint, held (AddRef'd) from connect to disconnect. Processor and controller
/// each keep one; sends may come from a non-UI thread, hence the lock (never taken in process()).</summary>
internal sealed unsafe class ConnectionPeer
{
    private readonly Lock _lock = new();
    private void* _peer;

    public int Connect(void* other)
    {
        if (other == null)
            return Result.InvalidArgument;
        lock (_lock)
        {
            if (_peer != null)
                return Result.False;
            Unknown.AddRef(other);
            _peer = other;
        }
        return Result.Ok;
    }

    public int Disconnect(void* other)
    {
        lock (_lock)
        {
            if (other == null || other != _peer)
                return Result.InvalidArgument;
            Unknown.ReleaseAndClear(ref _peer);
        }
        return Result.Ok;
    }

    public bool IsConnected
    {
        get
        {
            lock (_lock)
                return _peer != null;
        }
    }

    /// <summary>Sends <paramref name="message"/> to the peer; kResultFalse if not connected.</summary>
    public int Notify(MessageRef message)
    {
        lock (_lock)
            return _peer == null ? Result.False : new ConnectionPointRef(_peer).Notify(message);
    }

    public void Release()
    {
        lock (_lock)
            Unknown.ReleaseAndClear(ref _peer);
    }
}
