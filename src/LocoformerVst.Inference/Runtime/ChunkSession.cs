using LocoformerVst.Inference.Devices;
using LocoformerVst.Inference.Models;
using Microsoft.ML.OnnxRuntime;

namespace LocoformerVst.Inference.Runtime;

/// <summary>
/// Runs a separation model on chunks of a fixed number of STFT frames without allocating: it owns the input and
/// output buffers, wraps them once as pinned OrtValues bound to an IoBinding, and each <see cref="Run"/> is a single
/// RunWithBinding. Fill <see cref="Input"/> (layout [2*channels, frames, 1025], already divided by the chunk std),
/// call Run, read <see cref="Output"/> ([stems, 2*channels, frames, 1025]). Not thread-safe except
/// <see cref="Cancel"/>; run it on a worker thread, never on the audio callback.
/// </summary>
public sealed class ChunkSession : IDisposable
{
    private readonly InferenceSession _session;
    private readonly RunOptions _runOptions = new();
    private float[] _input = [];
    private float[] _output = [];
    private OrtValue? _inputValue;
    private OrtValue? _outputValue;
    private OrtIoBinding? _binding;
    private bool _disposed;

    private ChunkSession(ModelEntry model, InferenceSession session, InferenceSettings settings)
    {
        Model = model;
        _session = session;
        Settings = settings;
    }

    public ModelEntry Model { get; }

    public ModelManifest Manifest => Model.Manifest;

    public InferenceSettings Settings { get; }

    public ExecutionProvider Provider => Settings.Provider;

    /// <summary>Frames per chunk the buffers are currently shaped for.</summary>
    public int Frames { get; private set; }

    /// <summary>Real/imaginary planes: 2 * channels.</summary>
    public int Planes => Manifest.Planes;

    public int StemCount => Manifest.Stems.Count;

    /// <summary>Floats in one plane of one stem: frames * 1025.</summary>
    public int PlaneLength => Frames * ModelContract.Bins;

    /// <summary>Model input for the current chunk, [2*channels, frames, 1025] row-major.</summary>
    public Span<float> Input => _input.AsSpan(0, Planes * PlaneLength);

    /// <summary>Model output of the last run, [stems, 2*channels, frames, 1025] row-major.</summary>
    public Span<float> Output => _output.AsSpan(0, StemCount * Planes * PlaneLength);

    /// <summary>
    /// Loads, validates against the manifest and prepares a session for chunks of <paramref name="frames"/> frames.
    /// Throws ModelLoadException for bad model files and ExecutionProviderUnavailableException for a provider that
    /// cannot be enabled.
    /// </summary>
    public static ChunkSession Open(ModelEntry model, int frames, InferenceSettings? settings = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(frames, 1);
        settings ??= new InferenceSettings();
        InferenceSession session;
        using (SessionOptions options = SessionOptionsFactory.Create(settings))
        {
            session = ModelSignatureValidator.OpenSession(model, options);
        }

        var chunk = new ChunkSession(model, session, settings);
        try
        {
            ModelSignatureValidator.Verify(model, session);
            chunk.EnsureFrames(frames);
            return chunk;
        }
        catch
        {
            chunk.Dispose();
            throw;
        }
    }

    /// <summary>The output planes of one stem: [2*channels, frames, 1025].</summary>
    public Span<float> OutputStem(int stem)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(stem);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(stem, StemCount);
        int length = Planes * PlaneLength;
        return _output.AsSpan(stem * length, length);
    }

    /// <summary>
    /// Reshapes the chunk to <paramref name="frames"/> frames (the model's frame axis is dynamic). A no-op when
    /// unchanged; otherwise re-wraps and re-binds the buffers, which grow but never shrink. Call it off the audio
    /// thread: it may allocate. Input contents are not preserved.
    /// </summary>
    public void EnsureFrames(int frames)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ArgumentOutOfRangeException.ThrowIfLessThan(frames, 1);
        if (frames == Frames && _binding is not null)
        {
            return;
        }

        ReleaseBinding();
        int inputLength = checked(Planes * frames * ModelContract.Bins);
        int outputLength = checked(StemCount * inputLength);
        if (_input.Length < inputLength)
        {
            _input = new float[inputLength];
        }

        if (_output.Length < outputLength)
        {
            _output = new float[outputLength];
        }

        // The OrtValues pin the arrays until disposed; ORT reads and writes them in place on every run.
        _inputValue = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance,
            _input.AsMemory(0, inputLength), [1, Planes, frames, ModelContract.Bins]);
        _outputValue = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance,
            _output.AsMemory(0, outputLength), [1, StemCount, Planes, frames, ModelContract.Bins]);
        _binding = _session.CreateIoBinding();
        _binding.BindInput(Manifest.Input.Name, _inputValue);
        _binding.BindOutput(Manifest.Output.Name, _outputValue);
        Frames = frames;
    }

    /// <summary>
    /// Runs the model on <see cref="Input"/> into <see cref="Output"/>. Allocates no managed memory after the first
    /// runs. Throws OperationCanceledException if <see cref="Cancel"/> stopped it (the session stays usable) and
    /// OnnxRuntimeException for runtime failures.
    /// </summary>
    public void Run()
    {
        // worker thread: the inference itself; zero managed allocation per call.
        ObjectDisposedException.ThrowIf(_disposed, this);
        try
        {
            _session.RunWithBinding(_runOptions, _binding!);
        }
        catch (OnnxRuntimeException e) when (_runOptions.Terminate)
        {
            _runOptions.Terminate = false;
            throw new OperationCanceledException("the inference run was cancelled", e);
        }
    }

    /// <summary>
    /// Stops the run in progress from another thread (or the next run, if none is in progress); that run throws
    /// OperationCanceledException and later runs proceed normally.
    /// </summary>
    public void Cancel()
    {
        if (!_disposed)
        {
            _runOptions.Terminate = true;
        }
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        ReleaseBinding();
        _session.Dispose();
        _runOptions.Dispose();
    }

    private void ReleaseBinding()
    {
        _binding?.Dispose();
        _inputValue?.Dispose();
        _outputValue?.Dispose();
        _binding = null;
        _inputValue = null;
        _outputValue = null;
    }
}
