namespace LocoformerVst.Inference.Offline;

/// <summary>Maps a level in [0, 1] to a colour for spectrogram images: dark for quiet, bright for loud.</summary>
internal static class Colormap
{
    // Control points sampled from the perceptually uniform "inferno" map: (position, r, g, b).
    private static readonly (double T, byte R, byte G, byte B)[] Stops =
    [
        (0.00, 0, 0, 4),
        (0.25, 66, 10, 104),
        (0.50, 147, 38, 103),
        (0.75, 221, 81, 58),
        (0.90, 252, 165, 10),
        (1.00, 252, 255, 164),
    ];

    /// <summary>Writes the RGB colour of <paramref name="t"/> (clamped to [0, 1]) into three bytes.</summary>
    public static void Inferno(double t, Span<byte> rgb)
    {
        t = Math.Clamp(t, 0, 1);
        int i = 1;
        while (i < Stops.Length - 1 && t > Stops[i].T)
        {
            i++;
        }

        var (t0, r0, g0, b0) = Stops[i - 1];
        var (t1, r1, g1, b1) = Stops[i];
        double w = (t - t0) / (t1 - t0);
        rgb[0] = (byte)Math.Round(r0 + w * (r1 - r0));
        rgb[1] = (byte)Math.Round(g0 + w * (g1 - g0));
        rgb[2] = (byte)Math.Round(b0 + w * (b1 - b0));
    }
}
