using LocoformerVst.Streaming;

namespace LocoformerVst.Streaming.Tests;

public class SpscRingTests
{
    [Fact]
    public void Capacity_rounds_up_to_a_power_of_two()
    {
        Assert.Equal(1024, new SpscRing(2, 1000).Capacity);
        Assert.Equal(1, new SpscRing(1, 1).Capacity);
    }

    [Fact]
    public void Frames_come_out_in_order_across_the_wrap_point_for_every_channel()
    {
        var ring = new SpscRing(2, 64);
        var block = new float[2 * 23];
        var read = new float[2 * 23];
        float next = 0, expected = 0;
        for (int round = 0; round < 50; round++)
        {
            for (int i = 0; i < 23; i++) { block[i] = next; block[23 + i] = -next; next++; }
            Assert.Equal(23, ring.Write(block, 23, 23));
            Assert.True(ring.TryRead(read, 23, 23));
            for (int i = 0; i < 23; i++)
            {
                Assert.Equal(expected, read[i]);
                Assert.Equal(-expected, read[23 + i]);
                expected++;
            }
        }
    }

    [Fact]
    public void A_full_ring_refuses_extra_frames_and_reading_too_much_copies_nothing()
    {
        var ring = new SpscRing(1, 16);
        var data = Enumerable.Range(1, 20).Select(i => (float)i).ToArray();
        Assert.Equal(16, ring.Write(data, 20, 20));
        Assert.Equal(0, ring.AvailableToWrite);
        var dst = new float[17];
        Assert.False(ring.TryRead(dst, 17, 17));
        Assert.All(dst, v => Assert.Equal(0f, v));
        Assert.True(ring.TryRead(dst, 16, 16));
        Assert.Equal(16f, dst[15]);
    }

    [Fact]
    public void After_the_consumer_skips_ahead_late_frames_are_dropped_and_the_distance_is_kept()
    {
        var ring = new SpscRing(1, 32);
        ring.WriteSilence(8);
        var dst = new float[8];
        Assert.True(ring.TryRead(dst, 8, 8));
        ring.Skip(8); // underrun: the consumer moves on without data
        var data = Enumerable.Range(100, 12).Select(i => (float)i).ToArray();
        Assert.Equal(12, ring.Write(data, 12, 12)); // frames 8..15 are late, 16..19 land
        Assert.Equal(4, ring.AvailableToRead);
        var four = new float[4];
        Assert.True(ring.TryRead(four, 4, 4));
        Assert.Equal(new float[] { 108, 109, 110, 111 }, four);
    }

    [Fact]
    public async Task Concurrent_producer_and_consumer_transfer_a_million_frames_intact()
    {
        var ring = new SpscRing(1, 256);
        const int total = 1_000_000;
        var producer = Task.Run(() =>
        {
            var buf = new float[97];
            int sent = 0;
            while (sent < total)
            {
                int n = Math.Min(97, total - sent);
                for (int i = 0; i < n; i++) buf[i] = sent + i;
                int written = ring.Write(buf, 97, n);
                if (written == 0) Thread.SpinWait(10);
                sent += written;
            }
        });
        var dst = new float[61];
        long received = 0;
        bool ordered = true;
        while (received < total)
        {
            int n = (int)Math.Min(61, total - received);
            if (!ring.TryRead(dst, 61, n)) { Thread.SpinWait(10); continue; }
            for (int i = 0; i < n; i++) ordered &= dst[i] == (float)(received + i);
            received += n;
        }
        await producer;
        Assert.True(ordered);
        Assert.Equal(total, received);
    }

    [Fact]
    public void Writing_and_reading_allocate_nothing()
    {
        var ring = new SpscRing(2, 512);
        var block = new float[2 * 128];
        ring.Write(block, 128, 128);
        ring.TryRead(block, 128, 128);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 10_000; i++)
        {
            ring.Write(block, 128, 128);
            ring.TryRead(block, 128, 128);
            ring.Skip(1);
            ring.WriteSilence(1);
        }
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
