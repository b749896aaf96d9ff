using LocoformerVst.Dsp.Audio;
using LocoformerVst.Dsp.Spectral;
using LocoformerVst.Inference.Chunking;
using LocoformerVst.Inference.Models;

namespace LocoformerVst.Inference.Offline;

/// <summary>
/// Streams one file through the shared <see cref="ChunkedSeparationPipeline"/>: read a block, convert it to 44.1 kHz,
/// push it, run every chunk that became ready, form each output from the chunk's streams, convert it back to the
/// file's rate and hand it to that output's sink. Every buffer is sized by the block and the chunk, never by the file,
/// so memory stays flat however long the song is.
/// </summary>
internal sealed class SeparationPass
{
    private const int BlockFrames = 4096;

    private readonly AudioStreamReader _reader;
    private readonly ChunkedSeparationPipeline _pipeline;
    private readonly float[][] _streamGains;
    private readonly IAudioSink _input;
    private readonly IReadOnlyList<IAudioSink> _outputs;
    private readonly int _channels;
    private readonly long _length;
    private readonly long _modelLength;
    private readonly ExactLengthResampler _toModel;
    private readonly ExactLengthResampler[] _fromModel;
    private readonly float[] _read;
    private readonly float[] _modelIn;
    private readonly float[] _push;
    private readonly int _pushStride;
    private readonly float[] _chunk;
    private readonly int _chunkStride;
    private readonly float[] _mixed;
    private readonly float[] _back;
    private long _emitted;

    /// <param name="reader">The input, positioned at its start.</param>
    /// <param name="pipeline">A fresh pipeline whose output streams <paramref name="streamGains"/> combine.</param>
    /// <param name="streamGains">Per output: the gain of each pipeline output stream.</param>
    /// <param name="input">Receives the input as read (meters, plot).</param>
    /// <param name="outputs">One sink per output, receiving audio at the input's rate.</param>
    public SeparationPass(AudioStreamReader reader, ChunkedSeparationPipeline pipeline, float[][] streamGains,
        IAudioSink input, IReadOnlyList<IAudioSink> outputs)
    {
        if (streamGains.Length != outputs.Count || streamGains.Any(g => g.Length != pipeline.OutputStreams))
        {
            throw new ArgumentException("one gain per pipeline stream is needed for every output", nameof(streamGains));
        }

        _reader = reader;
        _pipeline = pipeline;
        _streamGains = streamGains;
        _input = input;
        _outputs = outputs;
        _channels = reader.Channels;
        _length = reader.LengthFrames;
        _modelLength = ExactLengthResampler.LengthAfter(_length, reader.SampleRate, ModelContract.SampleRate);
        _toModel = new ExactLengthResampler(reader.SampleRate, ModelContract.SampleRate, _channels, _modelLength);
        _fromModel = new ExactLengthResampler[outputs.Count];
        for (int o = 0; o < outputs.Count; o++)
        {
            _fromModel[o] = new ExactLengthResampler(ModelContract.SampleRate, reader.SampleRate, _channels, _length);
        }

        _read = new float[BlockFrames * _channels];
        _pushStride = Math.Max(_toModel.MaxOutputFor(BlockFrames), StftSettings.Default.MinSignalLength);
        _modelIn = new float[_pushStride * _channels];
        _push = new float[_pushStride * _channels];
        _chunkStride = pipeline.MaxOutputSamplesPerChunk;
        _chunk = new float[pipeline.OutputStreams * _channels * _chunkStride];
        _mixed = new float[_chunkStride * _channels];
        _back = new float[_fromModel.Length == 0 ? 0 : _fromModel[0].MaxOutputFor(_chunkStride) * _channels];
    }

    /// <summary>Model runs so far.</summary>
    public long Chunks { get; private set; }

    /// <summary>Runs the pass; <paramref name="progress"/> receives the fraction of the input read.</summary>
    public void Run(Action<double> progress, CancellationToken cancellation)
    {
        int frames;
        while ((frames = _reader.ReadFrames(_read)) > 0)
        {
            cancellation.ThrowIfCancellationRequested();
            ReadOnlySpan<float> block = _read.AsSpan(0, frames * _channels);
            _input.Write(block);
            Feed(_toModel.Process(block, _modelIn), cancellation);
            progress((double)_reader.Position / _length);
        }

        while (!_toModel.IsComplete)
        {
            Feed(_toModel.Flush(_modelIn), cancellation);
        }

        // The pipeline reflect-pads the ends and needs n_fft/2 + 1 samples for that; pad very short inputs with
        // silence and cut the padding off the outputs (see Emit).
        int shortBy = (int)Math.Max(0, StftSettings.Default.MinSignalLength - _pipeline.SamplesIn);
        if (shortBy > 0)
        {
            _modelIn.AsSpan(0, shortBy * _channels).Clear();
            Feed(shortBy, cancellation);
        }

        _pipeline.Finish();
        Drain(cancellation);
        for (int o = 0; o < _outputs.Count; o++)
        {
            while (!_fromModel[o].IsComplete)
            {
                int n = _fromModel[o].Flush(_back);
                _outputs[o].Write(_back.AsSpan(0, n * _channels));
            }

            _outputs[o].Complete();
        }

        _input.Complete();
        if (!_pipeline.IsComplete || _emitted != _modelLength)
        {
            throw new InvalidOperationException(
                $"the pipeline emitted {_emitted} of {_modelLength} samples; the chunked stream ended early");
        }
    }

    /// <summary>Pushes <paramref name="frames"/> interleaved frames of <c>_modelIn</c> into the pipeline, running chunks as they become ready.</summary>
    private void Feed(int frames, CancellationToken cancellation)
    {
        for (int c = 0; c < _channels; c++)
        {
            Span<float> dst = _push.AsSpan(c * _pushStride, frames);
            for (int i = 0; i < frames; i++)
            {
                dst[i] = _modelIn[i * _channels + c];
            }
        }

        int done = 0;
        while (done < frames)
        {
            int taken = _pipeline.Push(_push.AsSpan(done), _pushStride, frames - done);
            done += taken;
            if (Drain(cancellation) == 0 && taken == 0)
            {
                throw new InvalidOperationException("the pipeline took no input and had no chunk ready");
            }
        }
    }

    private int Drain(CancellationToken cancellation)
    {
        int count = 0;
        int n;
        while ((n = _pipeline.TryProcessChunk(_chunk, _chunkStride)) >= 0)
        {
            count++;
            Chunks++;
            Emit(n);
            cancellation.ThrowIfCancellationRequested();
        }

        return count;
    }

    /// <summary>Forms each output from the chunk's streams and sends it on at the file's rate.</summary>
    private void Emit(int samples)
    {
        int take = (int)Math.Min(samples, _modelLength - _emitted);
        if (take <= 0)
        {
            return;
        }

        int streams = _pipeline.OutputStreams;
        for (int o = 0; o < _outputs.Count; o++)
        {
            float[] gains = _streamGains[o];
            for (int c = 0; c < _channels; c++)
            {
                for (int i = 0; i < take; i++)
                {
                    float sum = 0;
                    for (int s = 0; s < streams; s++)
                    {
                        sum += gains[s] * _chunk[(s * _channels + c) * _chunkStride + i];
                    }

                    _mixed[i * _channels + c] = sum;
                }
            }

            int n = _fromModel[o].Process(_mixed.AsSpan(0, take * _channels), _back);
            _outputs[o].Write(_back.AsSpan(0, n * _channels));
        }

        _emitted += take;
    }
}
