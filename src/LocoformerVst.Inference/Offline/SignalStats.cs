namespace LocoformerVst.Inference.Offline;

/// <summary>
/// Level and quality figures of one signal (a file read or written by a job), so callers can show what a job did.
/// Silence gives negative infinity for the dB levels; the SNR estimate is NaN for signals under half a second.
/// </summary>
/// <param name="Peak">Largest absolute sample, linear full scale.</param>
/// <param name="PeakDbfs">The same in dBFS.</param>
/// <param name="RmsDbfs">RMS over all channels and samples, dBFS (a full-scale sine reads -3.01).</param>
/// <param name="CrestFactorDb">Peak over RMS, dB.</param>
/// <param name="LoudnessLufs">Integrated loudness after BS.1770-4 (see <see cref="LoudnessMeter"/>).</param>
/// <param name="EstimatedSnrDb">Blind SNR estimate (see <see cref="SnrEstimator"/>).</param>
public sealed record SignalStats(
    double Peak,
    double PeakDbfs,
    double RmsDbfs,
    double CrestFactorDb,
    double LoudnessLufs,
    double EstimatedSnrDb);
