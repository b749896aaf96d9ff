namespace LocoformerVst.Server.Jobs;

/// <summary>One finished output of a job: the name clients download it by and the server-side file behind it.</summary>
/// <param name="Name">Output name from the engine (vocals, drums, clean, enhanced, ...): the only key a download accepts.</param>
/// <param name="Path">Absolute path inside the job's folder; never derived from anything a client sent.</param>
/// <param name="Frames">Frames in the written file, read back from its header.</param>
public sealed record JobStem(string Name, string Path, int SampleRate, int Channels, long Frames, long Bytes, double? PeakDbfs, double? LoudnessLufs)
{
    public TimeSpan Duration => TimeSpan.FromSeconds((double)Frames / SampleRate);
}
