using LocoformerVst.Dsp.Spectral;
using LocoformerVst.Inference.Models;
using LocoformerVst.Inference.Runtime;

namespace LocoformerVst.Inference.Chunking;

/// <summary>
/// Audio in, separated audio out, chunk by chunk: streaming STFT, model runs on chunks of L + N + R frames, inverse
/// STFT of the N kept frames of each chunk. The one chunking implementation, shared by the real-time worker and the
/// offline file engine, so a plugin render and a file render agree.
/// </summary>
/// <remarks>
/// <para>Output sample i is the estimate for input sample i (no delay is added here); it just becomes available
/// later. Chunk k keeps frames [kN, kN + N) and needs frames up to kN + N + R - 1, i.e. input samples up to
/// (kN + N + R - 1)·hop + n_fft/2 - 1; it completes output samples up to (kN + N)·hop - n_fft/2 (exclusive).
/// Frames before the start of the stream (left context of the first chunks) and after its end are zero.</para>
/// <para>Consecutive chunks join without a seam because the kept frames are contiguous and the inverse STFT
/// overlap-adds them with the window, exactly as for a single whole-file spectrogram.</para>
/// <para>Not thread-safe: one thread (the worker, or the offline engine) drives it. No allocation per call.</para>
/// </remarks>
public sealed class ChunkedSeparationPipeline
{
    private readonly StftSettings _stft = StftSettings.Default;
    private readonly int _bins;
    private readonly int _storeFrames;
    private readonly StreamingStft[] _analysis;
    private readonly float[][] _storeRe;
    private readonly float[][] _storeIm;
    private StemMix? _main;
    private readonly int _stemOutputs;
    private readonly StreamingIstft[][] _synthesis; // [stream][channel]
    private readonly float[] _re;
    private readonly float[] _im;
    private readonly float[][] _history; // recent input samples per channel, for the chunk's time-domain std
    private readonly int _historyMask;
    /// <summary>Floor of the normalization std, as in training (losses.py STD_FLOOR), so near-silence is not blown up.</summary>
    private const double MinimumStd = 1e-5;

    private ChunkSession _session;
    private long _framesStored;
    private long _totalFrames = -1;
    private long _nextChunk;
    private bool _complete;

    /// <param name="session">The model; its frame count is set to the plan's <see cref="ChunkPlan.TotalFrames"/>.</param>
    /// <param name="plan">Chunking.</param>
    /// <param name="channels">Audio channels in and out: 1 or 2 (mono runs a stereo model on a duplicated signal).</param>
    /// <param name="main">Gains that form the main output from the stems, or null for no main output.</param>
    /// <param name="stemOutputs">How many stems to emit separately after the main output (0 for none).</param>
    public ChunkedSeparationPipeline(ChunkSession session, ChunkPlan plan, int channels, StemMix? main, int stemOutputs)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentOutOfRangeException.ThrowIfLessThan(channels, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(channels, 2);
        ArgumentOutOfRangeException.ThrowIfNegative(stemOutputs);
        if (main is null && stemOutputs == 0) throw new ArgumentException("the pipeline needs a main output or stem outputs");
        CheckChannels(session, channels);

        Plan = plan;
        Channels = channels;
        _session = session;
        _session.EnsureFrames(plan.TotalFrames);
        _bins = _stft.Bins;
        _main = main;
        _stemOutputs = stemOutputs;
        _storeFrames = plan.TotalFrames + plan.NewFrames;
        _analysis = new StreamingStft[channels];
        _storeRe = new float[channels][];
        _storeIm = new float[channels][];
        for (int c = 0; c < channels; c++)
        {
            _analysis[c] = new StreamingStft(_stft);
            _storeRe[c] = new float[_storeFrames * _bins];
            _storeIm[c] = new float[_storeFrames * _bins];
        }

        OutputStreams = (main is null ? 0 : 1) + stemOutputs;
        _synthesis = new StreamingIstft[OutputStreams][];
        for (int s = 0; s < OutputStreams; s++)
        {
            _synthesis[s] = new StreamingIstft[channels];
            for (int c = 0; c < channels; c++) _synthesis[s][c] = new StreamingIstft(_stft);
        }

        _re = new float[_bins];
        _im = new float[_bins];
        // Holds every sample a waiting chunk's frames span: the frame store plus what the STFT buffers ahead of it.
        int historyLength = (int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)((_storeFrames + 2) * _stft.Hop + 4 * _stft.NFft));
        _historyMask = historyLength - 1;
        _history = new float[channels][];
        for (int c = 0; c < channels; c++) _history[c] = new float[historyLength];
        MaxOutputSamplesPerChunk = plan.NewFrames * _stft.Hop + (_stft.NFft - _stft.Hop);
    }

    public ChunkPlan Plan { get; }

    public int Channels { get; }

    /// <summary>Output streams of <see cref="Channels"/> channels each: the main mix (if any), then each stem.</summary>
    public int OutputStreams { get; }

    /// <summary>Most samples per channel one <see cref="TryProcessChunk"/> writes (the last one includes the tail).</summary>
    public int MaxOutputSamplesPerChunk { get; }

    public ChunkSession Session => _session;

    /// <summary>Input samples per channel taken so far.</summary>
    public long SamplesIn => _analysis[0].SamplesPushed;

    /// <summary>Output samples per channel emitted so far.</summary>
    public long SamplesOut { get; private set; }

    /// <summary>Chunks whose model run was skipped (silence, or late in real time).</summary>
    public long SkippedChunks { get; private set; }

    /// <summary>Non-finite output samples replaced by silence (a broken model must not reach the speakers).</summary>
    public long NonFiniteSamples { get; private set; }

    /// <summary>After <see cref="Finish"/>, whether every output sample has been emitted.</summary>
    public bool IsComplete => _complete;

    /// <summary>Whether the next <see cref="TryProcessChunk"/> has a chunk to process.</summary>
    public bool ChunkReady
    {
        get
        {
            if (_complete) return false;
            DrainFrames();
            long needed = (_nextChunk + 1) * Plan.NewFrames + Plan.RightContext;
            return _framesStored >= needed || (_totalFrames >= 0 && _framesStored == _totalFrames);
        }
    }

    /// <summary>Input position (samples per channel) after which the next chunk is ready.</summary>
    public long SamplesNeededForNextChunk =>
        ((_nextChunk + 1) * Plan.NewFrames + Plan.RightContext - 1) * _stft.Hop + _stft.Padding;

    /// <summary>
    /// Takes input samples (planar: channel c at <c>input[c * stride ..]</c>). Returns how many per channel were taken:
    /// fewer than offered only while unprocessed chunks hold the frame store; process a chunk and push the rest.
    /// </summary>
    public int Push(ReadOnlySpan<float> input, int stride, int frames)
    {
        if (_totalFrames >= 0) throw new InvalidOperationException("the stream has been finished; Reset before pushing again");
        int taken = 0;
        while (taken < frames)
        {
            DrainFrames();
            long position = SamplesIn;
            int n = _analysis[0].Push(input.Slice(taken, frames - taken));
            for (int c = 1; c < Channels; c++) _analysis[c].Push(input.Slice(c * stride + taken, n));
            if (n == 0)
            {
                break;
            }

            for (int c = 0; c < Channels; c++) Remember(_history[c], position, input.Slice(c * stride + taken, n));

            taken += n;
        }

        DrainFrames();
        return taken;
    }

    /// <summary>
    /// Ends the input (whole-file use): the last frames reflect-pad the end, the remaining chunks become ready, and the
    /// last chunk also emits the inverse STFT's tail, so the output has exactly as many samples as the input.
    /// Needs at least n_fft/2 + 1 input samples (zero-pad shorter signals first).
    /// </summary>
    public void Finish()
    {
        if (_totalFrames >= 0) return;
        if (SamplesIn < _stft.MinSignalLength)
        {
            throw new InvalidOperationException(
                $"a stream needs at least {_stft.MinSignalLength} samples to be finished (reflect padding); got {SamplesIn}");
        }

        foreach (var a in _analysis) a.Finish();
        _totalFrames = _stft.FrameCount(checked((int)SamplesIn));
        DrainFrames();
    }

    /// <summary>
    /// Processes the next chunk if it is ready: writes its samples (planar: stream s, channel c at
    /// <c>output[(s * Channels + c) * stride ..]</c>, stride at least <see cref="MaxOutputSamplesPerChunk"/>) and returns
    /// how many per channel (possibly 0 for the first chunks, whose samples lie in the padding), or -1 if no chunk was
    /// ready. With <paramref name="skipModel"/> the model is not run and the chunk is silent (a late chunk in real time).
    /// </summary>
    public int TryProcessChunk(Span<float> output, int stride, bool skipModel = false)
    {
        // worker thread
        if (!ChunkReady) return -1;
        ArgumentOutOfRangeException.ThrowIfLessThan(stride, MaxOutputSamplesPerChunk);
        long start = _nextChunk * Plan.NewFrames;
        long available = _totalFrames >= 0 ? _totalFrames : _framesStored;
        int keep = (int)Math.Clamp(available - start, 0, Plan.NewFrames);
        bool last = _totalFrames >= 0 && start + Plan.NewFrames >= _totalFrames;

        float scale = 0f;
        if (!skipModel && keep > 0)
        {
            scale = FillModelInput(start, available);
        }

        if (scale > 0f)
        {
            _session.Run();
        }
        else
        {
            SkippedChunks++;
        }

        int written = 0;
        for (int t = 0; t < keep; t++)
        {
            written += EmitFrame(Plan.LeftContext + t, scale, output, stride, written);
        }

        if (last)
        {
            written += EmitTails(output, stride, written);
            _complete = true;
        }

        _nextChunk++;
        SamplesOut += written;
        return written;
    }

    /// <summary>Changes the stem gains of the main output from the next chunk on (there must be a main output).</summary>
    public void SetMainMix(StemMix mix)
    {
        ArgumentNullException.ThrowIfNull(mix);
        if (_main is null) throw new InvalidOperationException("this pipeline was built without a main output");
        _main = mix;
    }

    /// <summary>
    /// Replaces the model between chunks (call on the thread that drives the pipeline) and returns the previous one
    /// for the caller to dispose off the audio thread. The new model must have the same channel layout.
    /// </summary>
    public ChunkSession SwapSession(ChunkSession next)
    {
        ArgumentNullException.ThrowIfNull(next);
        CheckChannels(next, Channels);
        next.EnsureFrames(Plan.TotalFrames);
        var previous = _session;
        _session = next;
        return previous;
    }

    /// <summary>Forgets the stream so a new one can start (keeps the model).</summary>
    public void Reset()
    {
        foreach (var a in _analysis) a.Reset();
        foreach (var stream in _synthesis)
        {
            foreach (var s in stream) s.Reset();
        }

        _framesStored = 0;
        _totalFrames = -1;
        _nextChunk = 0;
        _complete = false;
        SamplesOut = 0;
        SkippedChunks = 0;
        NonFiniteSamples = 0;
    }

    private static void CheckChannels(ChunkSession session, int channels)
    {
        int model = session.Manifest.Channels;
        if (model != channels && !(channels == 1 && model == 2))
        {
            throw new ArgumentException(
                $"model '{session.Manifest.Name}' takes {model} channel(s); {channels}-channel audio is supported only for mono into a stereo model");
        }
    }

    private void DrainFrames()
    {
        long oldestNeeded = Math.Max(0, _nextChunk * Plan.NewFrames - Plan.LeftContext);
        while (_framesStored < oldestNeeded + _storeFrames && _analysis[0].FramesAvailable > 0)
        {
            int offset = (int)(_framesStored % _storeFrames) * _bins;
            for (int c = 0; c < Channels; c++)
            {
                _analysis[c].TryReadFrame(_storeRe[c].AsSpan(offset, _bins), _storeIm[c].AsSpan(offset, _bins));
            }

            _framesStored++;
        }
    }

    /// <summary>Copies the chunk's frames into the model input and normalizes it; returns the scale, or 0 for silence.</summary>
    private float FillModelInput(long start, long available)
    {
        int frames = Plan.TotalFrames;
        int modelChannels = _session.Manifest.Channels;
        Span<float> input = _session.Input;
        int planeLength = frames * _bins;
        for (int mc = 0; mc < modelChannels; mc++)
        {
            int hc = Math.Min(mc, Channels - 1);
            Span<float> re = input.Slice(2 * mc * planeLength, planeLength);
            Span<float> im = input.Slice((2 * mc + 1) * planeLength, planeLength);
            for (int t = 0; t < frames; t++)
            {
                long f = start - Plan.LeftContext + t;
                var dstRe = re.Slice(t * _bins, _bins);
                var dstIm = im.Slice(t * _bins, _bins);
                if (f < 0 || f >= available)
                {
                    dstRe.Clear();
                    dstIm.Clear();
                    continue;
                }

                int offset = (int)(f % _storeFrames) * _bins;
                _storeRe[hc].AsSpan(offset, _bins).CopyTo(dstRe);
                _storeIm[hc].AsSpan(offset, _bins).CopyTo(dstIm);
            }
        }

        double std = ChunkSampleStd(start);
        if (!(std >= ChunkNormalization.SilenceStd) || !double.IsFinite(std)) return 0f;
        float scale = (float)Math.Max(std, MinimumStd);
        float inverse = 1f / scale;
        for (int i = 0; i < input.Length; i++) input[i] *= inverse;
        return scale;
    }

    /// <summary>
    /// The contract's normalization (models/README.md), as the trainer computes it: the unbiased std over every channel
    /// of the samples the chunk's frame centres span, (start - L)·hop to (start + N + R - 1)·hop, within the stream.
    /// </summary>
    private double ChunkSampleStd(long start)
    {
        long from = Math.Max(0, (start - Plan.LeftContext) * _stft.Hop);
        long to = Math.Min(SamplesIn, (start + Plan.NewFrames + Plan.RightContext - 1) * _stft.Hop);
        long count = (to - from) * Channels;
        if (count < 2) return 0;
        double sum = 0, squares = 0;
        for (int c = 0; c < Channels; c++)
        {
            var history = _history[c];
            for (long i = from; i < to; i++)
            {
                double x = history[i & _historyMask];
                sum += x;
                squares += x * x;
            }
        }

        double variance = (squares - sum * sum / count) / (count - 1);
        return Math.Sqrt(Math.Max(0, variance));
    }

    private void Remember(float[] history, long position, ReadOnlySpan<float> samples)
    {
        for (int i = 0; i < samples.Length; i++) history[(position + i) & _historyMask] = samples[i];
    }

    /// <summary>Forms every output stream's spectrum for one kept frame and pushes it through the inverse STFTs.</summary>
    private int EmitFrame(int t, float scale, Span<float> output, int stride, int offset)
    {
        int produced = 0;
        for (int s = 0; s < OutputStreams; s++)
        {
            for (int c = 0; c < Channels; c++)
            {
                FormSpectrum(s, c, t, scale);
                var dst = output.Slice((s * Channels + c) * stride + offset, _stft.Hop);
                produced = _synthesis[s][c].Push(_re, _im, dst);
                Sanitize(dst[..produced]);
            }
        }

        return produced;
    }

    private int EmitTails(Span<float> output, int stride, int offset)
    {
        // Cut the tail so the output has exactly as many samples as the input.
        int remaining = (int)(SamplesIn - SamplesOut - offset);
        int produced = 0;
        Span<float> tail = stackalloc float[_stft.NFft];
        for (int s = 0; s < OutputStreams; s++)
        {
            for (int c = 0; c < Channels; c++)
            {
                int n = Math.Min(_synthesis[s][c].Finish(tail), Math.Max(0, remaining));
                var dst = output.Slice((s * Channels + c) * stride + offset, n);
                tail[..n].CopyTo(dst);
                Sanitize(dst);
                produced = n;
            }
        }

        return produced;
    }

    /// <summary>Spectrum of output stream <paramref name="stream"/>, host channel <paramref name="channel"/>, chunk frame t.</summary>
    private void FormSpectrum(int stream, int channel, int t, float scale)
    {
        _re.AsSpan().Clear();
        _im.AsSpan().Clear();
        if (scale == 0f) return;

        int stems = _session.StemCount;
        int modelChannels = _session.Manifest.Channels;
        // Mono audio on a stereo model: average the model's two channels.
        int firstChannel = Channels == modelChannels ? channel : 0;
        int channelCount = Channels == modelChannels ? 1 : modelChannels;
        float channelWeight = scale / channelCount;
        bool isMain = _main is not null && stream == 0;
        int stemStream = stream - (_main is null ? 0 : 1);
        for (int stem = 0; stem < stems; stem++)
        {
            float gain = isMain ? _main!.GainOf(stem) : (stem == stemStream ? 1f : 0f);
            if (gain == 0f) continue;
            var planes = _session.OutputStem(stem);
            int planeLength = _session.PlaneLength;
            for (int mc = firstChannel; mc < firstChannel + channelCount; mc++)
            {
                var re = planes.Slice(2 * mc * planeLength + t * _bins, _bins);
                var im = planes.Slice((2 * mc + 1) * planeLength + t * _bins, _bins);
                float w = gain * channelWeight;
                for (int k = 0; k < _bins; k++)
                {
                    _re[k] += w * re[k];
                    _im[k] += w * im[k];
                }
            }
        }
    }

    private void Sanitize(Span<float> samples)
    {
        for (int i = 0; i < samples.Length; i++)
        {
            if (!float.IsFinite(samples[i]))
            {
                samples[i] = 0f;
                NonFiniteSamples++;
            }
        }
    }
}
