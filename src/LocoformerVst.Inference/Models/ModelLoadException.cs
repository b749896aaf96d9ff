namespace LocoformerVst.Inference.Models;

/// <summary>
/// Why a model could not be used: a missing or corrupt file, a malformed manifest, or an ONNX graph whose inputs and
/// outputs disagree with its manifest. The message names the file, the mismatch and the likely cause.
/// </summary>
public sealed class ModelLoadException : Exception
{
    public ModelLoadException(string message) : base(message) { }

    public ModelLoadException(string message, Exception inner) : base(message, inner) { }
}
