using System.Threading.Channels;
using LocoformerVst.Server.Configuration;
using Microsoft.Extensions.Options;

namespace LocoformerVst.Server.Jobs;

/// <summary>
/// The bounded queue between the upload endpoints and the workers. Submission never waits: a full queue is an
/// answer for the client (503 + Retry-After), not a reason to hold its connection open.
/// </summary>
/// <remarks>
/// The bound counts jobs that are still waiting, not channel entries: a job cancelled while queued gives its place
/// back at once, although its entry stays in the channel until a worker reads and skips it. The channel is bounded
/// too, at twice the capacity plus the workers, as a hard ceiling should cancelled entries pile up behind busy workers.
/// </remarks>
public sealed class JobQueue
{
    private readonly Channel<Job> _channel;
    private readonly int _capacity;
    private int _waiting;

    public JobQueue(IOptions<ServerOptions> options)
    {
        QueueOptions queue = options.Value.Queue;
        _capacity = queue.Capacity;
        _channel = Channel.CreateBounded<Job>(new BoundedChannelOptions(2 * queue.Capacity + queue.Workers)
        {
            FullMode = BoundedChannelFullMode.Wait, // with TryWrite: refuse instead of dropping anything
        });
    }

    /// <summary>Jobs waiting for a worker.</summary>
    public int Waiting => Volatile.Read(ref _waiting);

    /// <summary>False when the queue is full.</summary>
    public bool TryEnqueue(Job job)
    {
        if (Interlocked.Increment(ref _waiting) > _capacity)
        {
            Interlocked.Decrement(ref _waiting);
            return false;
        }

        if (!_channel.Writer.TryWrite(job))
        {
            Interlocked.Decrement(ref _waiting);
            return false;
        }

        return true;
    }

    /// <summary>
    /// A job stopped waiting: a worker started it, or it was cancelled while queued. Called exactly once per job,
    /// by whoever moved it out of <see cref="JobStatus.Queued"/>.
    /// </summary>
    public void Release() => Interlocked.Decrement(ref _waiting);

    /// <summary>Jobs for the workers, in submission order.</summary>
    public ChannelReader<Job> Reader => _channel.Reader;
}
