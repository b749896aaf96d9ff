using LocoformerVst.Inference.Chunking;
using LocoformerVst.Inference.Runtime;

namespace LocoformerVst.Streaming;

/// <summary>
/// The inference thread: drains the input ring into the chunk pipeline, runs each ready chunk, and appends the
/// result to the output ring at its fixed place (pipeline sample + latency). It polls instead of waiting on a signal,
/// so the audio thread never makes a signalling call (which can take a lock); a 1 ms poll is far below a chunk's budget.
/// </summary>
internal sealed class SeparationWorker : IDisposable
{
    private const int InputScratchFrames = 4096;
    private readonly ChunkedSeparationPipeline _pipeline;
    private readonly SpscRing _input;
    private readonly SpscRing _output;
    private readonly long _latencyFrames;
    private readonly float[] _inputScratch;
    private readonly float[] _outputScratch;
    private readonly int _outputStride;
    private ChunkSession? _pendingSession;
    private StemMix? _pendingMix;
    private Thread? _thread;
    private volatile bool _stopping;
    private long _lateChunks;
    private long _chunks;

    public SeparationWorker(ChunkedSeparationPipeline pipeline, SpscRing input, SpscRing output, long latencyFrames)
    {
        _pipeline = pipeline;
        _input = input;
        _output = output;
        _latencyFrames = latencyFrames;
        _inputScratch = new float[input.Channels * InputScratchFrames];
        _outputStride = pipeline.MaxOutputSamplesPerChunk;
        _outputScratch = new float[output.Channels * _outputStride];
    }

    /// <summary>Chunks processed, late ones included.</summary>
    public long Chunks => Interlocked.Read(ref _chunks);

    /// <summary>Chunks whose output the audio thread had already passed, skipped to catch up.</summary>
    public long LateChunks => Interlocked.Read(ref _lateChunks);

    /// <summary>The failure that stopped inference, if any; the audio thread then plays the dry signal.</summary>
    public Exception? Fault { get; private set; }

    /// <summary>Test hook: extra time per model run, to starve the audio thread on purpose.</summary>
    internal TimeSpan ArtificialChunkDelay { get; set; }

    public void Start()
    {
        if (_thread is not null) throw new InvalidOperationException("the worker is already running");
        _stopping = false;
        _thread = new Thread(Run) { IsBackground = true, Name = "Locoformer inference", Priority = ThreadPriority.AboveNormal };
        _thread.Start();
    }

    public void Stop()
    {
        _stopping = true;
        _thread?.Join();
        _thread = null;
    }

    /// <summary>Publishes a model to use from the next chunk on; a model published earlier and not yet taken is disposed.</summary>
    public void RequestSession(ChunkSession session) => Interlocked.Exchange(ref _pendingSession, session)?.Dispose();

    /// <summary>Publishes the stem gains of the main output for the next chunk on.</summary>
    public void RequestMainMix(StemMix mix) => Interlocked.Exchange(ref _pendingMix, mix);

    public void Dispose()
    {
        Stop();
        Interlocked.Exchange(ref _pendingSession, null)?.Dispose();
    }

    private void Run()
    {
        try
        {
            while (!_stopping)
            {
                TakePublishedChanges();
                if (!ProcessReadyChunk() && !FeedInput())
                {
                    Thread.Sleep(1);
                }
            }
        }
        catch (Exception e)
        {
            // A broken model or runtime: stop inferring, keep the audio thread on its dry fallback, surface the cause.
            Fault = e;
        }
    }

    private void TakePublishedChanges()
    {
        var session = Interlocked.Exchange(ref _pendingSession, null);
        if (session is not null)
        {
            _pipeline.SwapSession(session).Dispose();
        }

        var mix = Interlocked.Exchange(ref _pendingMix, null);
        if (mix is not null)
        {
            _pipeline.SetMainMix(mix);
        }
    }

    private bool ProcessReadyChunk()
    {
        if (!_pipeline.ChunkReady) return false;
        long landingEnd = _pipeline.SamplesOut + _latencyFrames + _pipeline.Plan.NewFrames * Inference.Models.ModelContract.Hop;
        bool late = _output.ReadPosition >= landingEnd;
        if (!late && ArtificialChunkDelay > TimeSpan.Zero) Thread.Sleep(ArtificialChunkDelay);
        int produced = _pipeline.TryProcessChunk(_outputScratch, _outputStride, skipModel: late);
        Interlocked.Increment(ref _chunks);
        if (late) Interlocked.Increment(ref _lateChunks);
        int written = 0;
        while (written < produced && !_stopping)
        {
            written += _output.Write(_outputScratch.AsSpan(written), _outputStride, produced - written);
            if (written < produced) Thread.Sleep(1); // the audio thread is not reading (host paused): wait for room
        }

        return true;
    }

    private bool FeedInput()
    {
        int frames = Math.Min(_input.AvailableToRead, InputScratchFrames);
        if (frames == 0 || !_input.TryPeek(_inputScratch, InputScratchFrames, frames, 0)) return false;
        int taken = _pipeline.Push(_inputScratch, InputScratchFrames, frames);
        _input.Skip(taken);
        return taken > 0;
    }
}
