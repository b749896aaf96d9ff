using System.Runtime.InteropServices;

namespace LocoformerVst.Vst3.Abi;

// The VST3 structs as they lie in memory on 64-bit targets (natural alignment, so Sequential matches the SDK's packing).
// IDs inside structs are byte arrays, not Tuid: Tuid is 8-byte aligned and would shift the 4-byte-aligned layouts.

/// <summary>Factory-wide vendor information (IPluginFactory::getFactoryInfo).</summary>
[StructLayout(LayoutKind.Sequential)]
public unsafe struct PFactoryInfo
{
    public fixed byte Vendor[64];
    public fixed byte Url[256];
    public fixed byte Email[128];
    public int Flags;
}

/// <summary>One class of the factory (IPluginFactory::getClassInfo).</summary>
[StructLayout(LayoutKind.Sequential)]
public unsafe struct PClassInfo
{
    public fixed byte Cid[16];
    public int Cardinality;
    public fixed byte Category[32];
    public fixed byte Name[64];
}

/// <summary>A class with sub-categories, vendor and versions (IPluginFactory2::getClassInfo2).</summary>
[StructLayout(LayoutKind.Sequential)]
public unsafe struct PClassInfo2
{
    public fixed byte Cid[16];
    public int Cardinality;
    public fixed byte Category[32];
    public fixed byte Name[64];
    public uint ClassFlags;
    public fixed byte SubCategories[128];
    public fixed byte Vendor[64];
    public fixed byte Version[64];
    public fixed byte SdkVersion[64];
}

/// <summary>The UTF-16 variant of <see cref="PClassInfo2"/> (IPluginFactory3::getClassInfoUnicode).</summary>
[StructLayout(LayoutKind.Sequential)]
public unsafe struct PClassInfoW
{
    public fixed byte Cid[16];
    public int Cardinality;
    public fixed byte Category[32];
    public fixed char Name[64];
    public uint ClassFlags;
    public fixed byte SubCategories[128];
    public fixed char Vendor[64];
    public fixed char Version[64];
    public fixed char SdkVersion[64];
}

/// <summary>Description of one bus (IComponent::getBusInfo).</summary>
[StructLayout(LayoutKind.Sequential)]
public unsafe struct BusInfo
{
    public int MediaType;
    public int Direction;
    public int ChannelCount;
    public fixed char Name[128];
    public int BusType;
    public uint Flags;
}

/// <summary>IComponent::getRoutingInfo argument.</summary>
[StructLayout(LayoutKind.Sequential)]
public struct RoutingInfo
{
    public int MediaType;
    public int BusIndex;
    public int Channel;
}

/// <summary>IAudioProcessor::setupProcessing argument.</summary>
[StructLayout(LayoutKind.Sequential)]
public struct ProcessSetup
{
    public int ProcessMode;
    public int SymbolicSampleSize;
    public int MaxSamplesPerBlock;
    public double SampleRate;
}

/// <summary>One bus's channel pointers in a process call.</summary>
[StructLayout(LayoutKind.Sequential)]
public unsafe struct AudioBusBuffers
{
    public int NumChannels;
    public ulong SilenceFlags;
    /// <summary>float** for 32-bit processing, double** for 64-bit (a union in C).</summary>
    public void** ChannelBuffers;
}

/// <summary>Everything one IAudioProcessor::process call carries.</summary>
[StructLayout(LayoutKind.Sequential)]
public unsafe struct ProcessData
{
    public int ProcessMode;
    public int SymbolicSampleSize;
    public int NumSamples;
    public int NumInputs;
    public int NumOutputs;
    public AudioBusBuffers* Inputs;
    public AudioBusBuffers* Outputs;
    public void* InputParameterChanges;
    public void* OutputParameterChanges;
    public void* InputEvents;
    public void* OutputEvents;
    public ProcessContext* ProcessContext;
}

/// <summary>Description of one parameter (IEditController::getParameterInfo).</summary>
[StructLayout(LayoutKind.Sequential)]
public unsafe struct ParameterInfo
{
    public uint Id;
    public fixed char Title[128];
    public fixed char ShortTitle[128];
    public fixed char Units[128];
    public int StepCount;
    public double DefaultNormalizedValue;
    public int UnitId;
    public int Flags;
}

/// <summary>Transport state a host may pass to process(); we ask for none of it but must accept its layout.</summary>
[StructLayout(LayoutKind.Sequential)]
public struct ProcessContext
{
    public uint State;
    public double SampleRate;
    public long ProjectTimeSamples;
    public long SystemTime;
    public long ContinousTimeSamples;
    public double ProjectTimeMusic;
    public double BarPositionMusic;
    public double CycleStartMusic;
    public double CycleEndMusic;
    public double Tempo;
    public int TimeSigNumerator;
    public int TimeSigDenominator;
    public int Chord;
    public int SmpteOffsetSubframes;
    public ulong FrameRate;
    public int SamplesToNextClock;
}
