namespace LocoformerVst.Server.Tests.Support;

/// <summary>
/// A clock the test moves by hand, so an expiry test never races the machine's speed. Timers stay real (the base
/// class's): the sweeper still wakes on its interval and reads this clock's time.
/// </summary>
internal sealed class ManualClock : TimeProvider
{
    private long _ticks = DateTimeOffset.UtcNow.UtcTicks;

    public override DateTimeOffset GetUtcNow() => new(Interlocked.Read(ref _ticks), TimeSpan.Zero);

    public void Advance(TimeSpan by) => Interlocked.Add(ref _ticks, by.Ticks);
}
