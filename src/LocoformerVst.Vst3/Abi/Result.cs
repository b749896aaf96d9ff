namespace LocoformerVst.Vst3.Abi;

/// <summary>VST3 <c>tresult</c> codes; the failure codes differ between COM-compatible Windows and every other OS.</summary>
public static class Result
{
    public const int Ok = 0;
    public const int True = 0;
    public const int False = 1;

    public static readonly int NoInterface = Pick(unchecked((int)0x80004002), -1);
    public static readonly int InvalidArgument = Pick(unchecked((int)0x80070057), 2);
    public static readonly int NotImplemented = Pick(unchecked((int)0x80004001), 3);
    public static readonly int InternalError = Pick(unchecked((int)0x80004005), 4);
    public static readonly int NotInitialized = Pick(unchecked((int)0x8000FFFF), 5);
    public static readonly int OutOfMemory = Pick(unchecked((int)0x8007000E), 6);

    private static int Pick(int windows, int other) => OperatingSystem.IsWindows() ? windows : other;
}
