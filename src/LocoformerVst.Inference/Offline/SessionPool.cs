using LocoformerVst.Inference.Models;
using LocoformerVst.Inference.Runtime;

namespace LocoformerVst.Inference.Offline;

/// <summary>
/// Keeps loaded model sessions between jobs, so a folder of files or a queue of server jobs loads each model once.
/// A session serves one job at a time (sessions are not thread-safe); concurrent jobs get their own.
/// </summary>
internal sealed class SessionPool : IDisposable
{
    private readonly InferenceSettings _settings;
    private readonly int _maxIdlePerModel;
    private readonly Dictionary<string, Stack<ChunkSession>> _idle = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private bool _disposed;

    public SessionPool(InferenceSettings settings, int maxIdlePerModel)
    {
        _settings = settings;
        _maxIdlePerModel = maxIdlePerModel;
    }

    /// <summary>An idle session of <paramref name="model"/>, or a newly loaded one.</summary>
    public ChunkSession Rent(ModelEntry model, int frames)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_idle.TryGetValue(model.OnnxPath, out Stack<ChunkSession>? stack) && stack.TryPop(out ChunkSession? session))
            {
                return session;
            }
        }

        return ChunkSession.Open(model, frames, _settings);
    }

    /// <summary>Takes a session back after a job that finished normally (a failed or cancelled job disposes its session).</summary>
    public void Return(ChunkSession session)
    {
        lock (_gate)
        {
            if (!_disposed)
            {
                if (!_idle.TryGetValue(session.Model.OnnxPath, out Stack<ChunkSession>? stack))
                {
                    _idle[session.Model.OnnxPath] = stack = new Stack<ChunkSession>();
                }

                if (stack.Count < _maxIdlePerModel)
                {
                    stack.Push(session);
                    return;
                }
            }
        }

        session.Dispose();
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            foreach (Stack<ChunkSession> stack in _idle.Values)
            {
                while (stack.TryPop(out ChunkSession? session))
                {
                    session.Dispose();
                }
            }
        }
    }
}
