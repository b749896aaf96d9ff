using System.Diagnostics;
using LocoformerVst.Inference.Chunking;
using LocoformerVst.Inference.Devices;
using LocoformerVst.Inference.Models;
using LocoformerVst.Inference.Runtime;

namespace LocoformerVst.Streaming;

/// <summary>
/// The host-agnostic real-time engine: the audio thread hands blocks to an inference worker through lock-free rings
/// and gets the separated signal back delayed by an exact, fixed latency. <see cref="Prepare"/> allocates everything;
/// <see cref="Process"/> never allocates, locks or waits in real-time mode.
/// </summary>
/// <remarks>
/// Audio thread per block: sanitize (NaN/Inf/denormal → 0) → dry delay line → resample to 44.1 kHz → input ring;
/// then read the same number of frames from the output ring (prefilled with the latency in silence) → resample back →
/// dry/wet mix, gain, bypass. If the output ring runs short in real time, it cross-fades to the delayed dry signal and
/// counts an underrun; the read position still advances, so the latency never drifts. Offline and prefetch modes wait
/// for the worker instead (up to <see cref="OfflineTimeout"/>, then the block is dry and counted).
/// </remarks>
public sealed class RealtimeSeparator : IDisposable
{
    /// <summary>Longest an offline block waits for the model before giving up on that block.</summary>
    public static readonly TimeSpan OfflineTimeout = TimeSpan.FromSeconds(30);

    private const float DenormalThreshold = 1e-25f;
    private SeparatorState? _state;
    private float _mix = 1f;
    private float _gain = 1f;
    private int _bypass;
    private long _underruns;
    private long _offlineTimeouts;
    private long _nonFiniteInputs;
    private long _inputOverflows;

    /// <summary>Result of the last <see cref="Prepare"/>; null before.</summary>
    public CapabilityReport? Capability { get; private set; }

    /// <summary>Latency in host samples (0 before <see cref="Prepare"/>).</summary>
    public int LatencySamples => _state?.Budget.HostSamples ?? 0;

    /// <summary>Dry/wet mix, 0 (dry) to 1 (separated). Any thread.</summary>
    public float Mix { get => Volatile.Read(ref _mix); set => Volatile.Write(ref _mix, Math.Clamp(value, 0f, 1f)); }

    /// <summary>Linear output gain. Any thread.</summary>
    public float OutputGain { get => Volatile.Read(ref _gain); set => Volatile.Write(ref _gain, Math.Max(0f, value)); }

    /// <summary>Plays the delayed dry signal (the latency stays as reported). Any thread.</summary>
    public bool Bypass { get => Volatile.Read(ref _bypass) != 0; set => Volatile.Write(ref _bypass, value ? 1 : 0); }

    /// <summary>Times the real-time output fell back to the dry signal because the model was late.</summary>
    public long Underruns => Interlocked.Read(ref _underruns);

    /// <summary>Offline blocks that timed out waiting for the model and were played dry.</summary>
    public long OfflineTimeouts => Interlocked.Read(ref _offlineTimeouts);

    /// <summary>NaN or infinite input samples replaced by silence.</summary>
    public long NonFiniteInputs => Interlocked.Read(ref _nonFiniteInputs);

    /// <summary>Input frames dropped because the worker stalled for longer than the input ring holds.</summary>
    public long InputOverflows => Interlocked.Read(ref _inputOverflows);

    /// <summary>Chunks the worker skipped because their time had passed.</summary>
    public long LateChunks => _state?.Worker.LateChunks ?? 0;

    /// <summary>Why inference stopped, if it did (the output is then dry).</summary>
    public Exception? WorkerFault => _state?.Worker.Fault;

    internal SeparationWorker? Worker => _state?.Worker;

    /// <summary>
    /// Opens the model, measures real-time capability, computes the latency and allocates rings, resamplers and the
    /// worker, then starts it. Call while the host has processing off. Throws ModelLoadException for a bad model.
    /// </summary>
    public CapabilityReport Prepare(SeparatorSetup setup)
    {
        ArgumentNullException.ThrowIfNull(setup);
        setup.Validate();
        Release();
        var settings = setup.Device?.ToSettings() ?? new InferenceSettings();
        var session = ChunkSession.Open(setup.Model, LatencyModes.Plan(setup.LatencyMode).TotalFrames, settings);
        try
        {
            var (mode, factor, capable) = setup.MeasureCapability
                ? RealtimeCapabilityCheck.Choose(setup.LatencyMode,
                    m => RealtimeCapabilityCheck.MeasureRealTimeFactor(session, LatencyModes.Plan(m)))
                : (setup.LatencyMode, double.NaN, true);
            var state = new SeparatorState(setup, session, mode);
            Capability = new CapabilityReport(
                settings.Provider,
                setup.Device?.DeviceName ?? new DeviceManager().Select(ExecutionProvider.Cpu, measureThroughput: false).DeviceName,
                mode,
                factor,
                state.Budget.HostSamples,
                1000.0 * state.Budget.HostSamples / setup.HostSampleRate,
                capable);
            ResetCounters();
            _state = state;
            state.Worker.Start();
            return Capability;
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    /// <summary>Clears every buffer and restarts the stream (host reset or transport jump). Off the audio thread.</summary>
    public void Reset()
    {
        var state = _state ?? throw new InvalidOperationException("Prepare the separator first");
        state.Worker.Stop();
        state.Clear();
        ResetCounters();
        state.Worker.Start();
    }

    /// <summary>Switches to another model from the next chunk on; opens it on the calling thread, never the audio thread.</summary>
    public void SwapModel(ModelEntry model, ExecutionDevice? device = null)
    {
        var state = _state ?? throw new InvalidOperationException("Prepare the separator first");
        var session = ChunkSession.Open(model, state.Pipeline.Plan.TotalFrames, device?.ToSettings() ?? new InferenceSettings());
        state.Worker.RequestSession(session);
    }

    /// <summary>
    /// Changes which stems the main output plays, from the next chunk on: one atomic publish, so the audio thread may
    /// call it with a mix built in advance (building a <see cref="StemMix"/> allocates).
    /// </summary>
    public void SetMainMix(StemMix mix)
    {
        var state = _state ?? throw new InvalidOperationException("Prepare the separator first");
        state.Worker.RequestMainMix(mix);
    }

    /// <summary>
    /// Processes one host block. Planar buffers: input channel c at <c>input[c * inputStride ..]</c>, main output the
    /// same with <paramref name="outputStride"/>, aux output stem s channel c at <c>aux[(s * channels + c) * auxStride ..]</c>
    /// (empty span for none). Before <see cref="Prepare"/> it passes the input through. // audio thread
    /// </summary>
    public void Process(ReadOnlySpan<float> input, int inputStride, Span<float> output, int outputStride,
        Span<float> aux, int auxStride, int frames, HostProcessMode mode)
    {
        // audio thread: no allocation, no locks, no waiting in real-time mode
        var state = _state;
        if (state is null)
        {
            for (int c = 0; c * inputStride < input.Length && c * outputStride < output.Length; c++)
                input.Slice(c * inputStride, frames).CopyTo(output.Slice(c * outputStride, frames));
            return;
        }

        int done = 0;
        while (done < frames)
        {
            int n = Math.Min(frames - done, state.MaxBlock);
            ProcessSlice(state, input, inputStride, done, output, outputStride, aux, auxStride, n, mode);
            done += n;
        }
    }

    public void Dispose() => Release();

    private void ProcessSlice(SeparatorState s, ReadOnlySpan<float> input, int inputStride, int offset, Span<float> output,
        int outputStride, Span<float> aux, int auxStride, int n, HostProcessMode mode)
    {
        // audio thread
        int channels = s.Channels;
        for (int c = 0; c < channels; c++) _nonFiniteInputs += Sanitize(input.Slice(c * inputStride + offset, n), s.HostIn[c]);
        s.Dry.Process(s.HostIn, s.HostDry, n);

        int modelFrames = s.ToModel?.Process(s.HostIn, 0, n, s.ModelIn, 0) ?? CopyFrames(s.HostIn, s.ModelIn, channels, n);
        int accepted = s.InputRing.Write(s.ModelIn, 0, modelFrames);
        if (accepted < modelFrames) Interlocked.Add(ref _inputOverflows, modelFrames - accepted);

        ReadWet(s, n, mode);
        WriteOutputs(s, output, outputStride, offset, aux, auxStride, n);
    }

    /// <summary>Fills s.HostWet[.., 0..n) from the output ring, resampled, with the underrun policy. // audio thread</summary>
    private void ReadWet(SeparatorState s, int n, HostProcessMode mode)
    {
        int have = s.CarryFrames;
        if (have < n)
        {
            int need = s.ToHost?.InputCountFor(n - have) ?? n - have;
            int available = s.OutputRing.AvailableToRead;
            if (mode != HostProcessMode.Realtime && available < need)
            {
                available = WaitForOutput(s, need);
            }

            bool realtime = mode == HostProcessMode.Realtime;
            int reserve = realtime ? LatencyCalculator.FadeFrames : 0;
            if (s.WetTarget && available < need + reserve)
            {
                s.WetTarget = false;
                Interlocked.Increment(ref _underruns);
            }
            else if (!s.WetTarget && available >= need + reserve && s.Worker.Fault is null)
            {
                s.WetTarget = true;
            }

            int read = Math.Min(available, need);
            s.OutputRing.TryRead(s.ModelOut, 0, read);
            if (read < need)
            {
                foreach (var ch in s.ModelOut) Array.Clear(ch, read, need - read);
                s.OutputRing.Skip(need - read);
            }

            int produced = s.ToHost?.Process(s.ModelOut, 0, need, s.HostWet, have)
                ?? CopyFrames(s.ModelOut, s.HostWet, s.ModelOut.Length, need, have);
            have += produced;
        }

        s.CarryFrames = have - n;
    }

    private int WaitForOutput(SeparatorState s, int need)
    {
        long start = Stopwatch.GetTimestamp();
        var spin = new SpinWait();
        int available;
        while ((available = s.OutputRing.AvailableToRead) < need)
        {
            if (s.Worker.Fault is not null || Stopwatch.GetElapsedTime(start) > OfflineTimeout)
            {
                Interlocked.Increment(ref _offlineTimeouts);
                break;
            }

            spin.SpinOnce(sleep1Threshold: 20);
        }

        return available;
    }

    /// <summary>Writes main and aux outputs: wet/dry cross-fade, dry/wet mix, bypass and gain. // audio thread</summary>
    private void WriteOutputs(SeparatorState s, Span<float> output, int outputStride, int offset, Span<float> aux, int auxStride, int n)
    {
        float mix = Mix;
        float gain = OutputGain;
        float bypassTarget = Bypass ? 1f : 0f;
        float wetTarget = s.WetTarget ? 1f : 0f;
        int channels = s.Channels;
        float level = s.WetLevel;
        float bypass = s.BypassLevel;
        for (int c = 0; c < channels; c++)
        {
            // every channel starts from the block's initial levels, so all channels ramp identically
            level = s.WetLevel;
            bypass = s.BypassLevel;
            var wet = s.HostWet[c];
            var dry = s.HostDry[c];
            var dst = output.Slice(c * outputStride + offset, n);
            for (int i = 0; i < n; i++)
            {
                level = Ramp(level, wetTarget, s.FadeStep);
                bypass = Ramp(bypass, bypassTarget, s.FadeStep);
                float separated = wet[i] * level + dry[i] * (1f - level);
                float effect = (mix * separated + (1f - mix) * dry[i]) * gain;
                dst[i] = effect * (1f - bypass) + dry[i] * bypass;
            }
        }

        for (int stem = 0; stem < s.AuxStems && !aux.IsEmpty; stem++)
        {
            for (int c = 0; c < channels; c++)
            {
                float auxLevel = s.WetLevel;
                var wet = s.HostWet[(1 + stem) * channels + c];
                var dst = aux.Slice((stem * channels + c) * auxStride + offset, n);
                for (int i = 0; i < n; i++)
                {
                    auxLevel = Ramp(auxLevel, wetTarget, s.FadeStep);
                    dst[i] = wet[i] * auxLevel * gain;
                }
            }
        }

        s.WetLevel = level;
        s.BypassLevel = bypass;
        s.ShiftCarry(n);
    }

    private static float Ramp(float value, float target, float step) =>
        value < target ? Math.Min(target, value + step) : Math.Max(target, value - step);

    private static int Sanitize(ReadOnlySpan<float> source, float[] destination)
    {
        int bad = 0;
        for (int i = 0; i < source.Length; i++)
        {
            float x = source[i];
            if (!float.IsFinite(x))
            {
                bad++;
                x = 0f;
            }
            else if (Math.Abs(x) < DenormalThreshold)
            {
                x = 0f;
            }

            destination[i] = x;
        }

        return bad;
    }

    private static int CopyFrames(float[][] source, float[][] destination, int channels, int frames, int destinationOffset = 0)
    {
        for (int c = 0; c < channels; c++) Array.Copy(source[c], 0, destination[c], destinationOffset, frames);
        return frames;
    }

    private void ResetCounters()
    {
        Interlocked.Exchange(ref _underruns, 0);
        Interlocked.Exchange(ref _offlineTimeouts, 0);
        Interlocked.Exchange(ref _nonFiniteInputs, 0);
        Interlocked.Exchange(ref _inputOverflows, 0);
    }

    private void Release()
    {
        var state = Interlocked.Exchange(ref _state, null);
        if (state is null) return;
        state.Worker.Dispose();
        state.Pipeline.Session.Dispose();
    }
}
