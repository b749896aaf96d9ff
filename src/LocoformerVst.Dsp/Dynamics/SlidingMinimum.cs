namespace LocoformerVst.Dsp.Dynamics;

/// <summary>
/// Minimum of the last N values in amortized O(1) per push (monotonic deque in fixed arrays), so the limiter's
/// look-ahead costs the same whatever its length and never allocates.
/// </summary>
internal sealed class SlidingMinimum
{
    private readonly double[] _values;
    private readonly long[] _stamps;
    private readonly int _window;
    private int _head;   // index of the oldest (smallest) kept entry
    private int _count;
    private long _time;

    public SlidingMinimum(int window)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(window, 1);
        _window = window;
        _values = new double[window];
        _stamps = new long[window];
    }

    /// <summary>Adds a value and returns the minimum of the last <c>window</c> values (including it).</summary>
    public double Push(double value)
    {
        // Entries no smaller than the newcomer can never be the minimum again.
        while (_count > 0 && _values[(_head + _count - 1) % _window] >= value)
        {
            _count--;
        }

        if (_count > 0 && _stamps[_head] <= _time - _window)
        {
            _head = (_head + 1) % _window;
            _count--;
        }

        int tail = (_head + _count) % _window;
        _values[tail] = value;
        _stamps[tail] = _time;
        _count++;
        _time++;
        return _values[_head];
    }

    public void Reset()
    {
        _head = 0;
        _count = 0;
        _time = 0;
    }
}
