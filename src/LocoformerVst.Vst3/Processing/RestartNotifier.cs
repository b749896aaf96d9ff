using LocoformerVst.Vst3.Com;

namespace LocoformerVst.Vst3.Processing;

/// <summary>
/// Polls a processor's pending restart requests and delivers them from a thread of its own while the processor is
/// active. Polling (not signalling) keeps the audio thread's side to one Interlocked.Or: no lock, no syscall.
/// </summary>
internal sealed class RestartNotifier : IDisposable
{
    internal static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(10);

    private readonly Action _deliver;
    private readonly Thread _thread;
    private volatile bool _stopping;

    public RestartNotifier(Action deliver, string name)
    {
        _deliver = deliver;
        _thread = new Thread(Run) { IsBackground = true, Name = name };
        _thread.Start();
    }

    public void Dispose()
    {
        _stopping = true;
        // A host may deactivate from inside restartComponent, i.e. on this very thread: never join ourselves. The
        // bounded join guards against a host that blocks our delivery on the thread that is now waiting for us.
        if (Thread.CurrentThread != _thread)
            _thread.Join(TimeSpan.FromSeconds(2));
    }

    private void Run()
    {
        while (!_stopping)
        {
            Thread.Sleep(PollInterval);
            if (_stopping)
                break;
            try
            {
                _deliver();
            }
            catch (Exception e)
            {
                ComObject.Failure(e);
            }
        }
    }
}
