namespace LocoformerVst.Inference.Devices;

/// <summary>The ONNX Runtime execution providers LocoformerVst knows how to enable; CPU is always present.</summary>
public enum ExecutionProvider
{
    Cpu,
    Cuda,
    DirectML,
    CoreML,
}
