using Microsoft.ML.OnnxRuntime;

namespace LocoformerVst.Inference.Models;

/// <summary>
/// Compares an ONNX session's declared inputs and outputs with the manifest: names, float element type, ranks and
/// every fixed axis (2*channels planes, 1025 bins, stem count). A mismatch throws a ModelLoadException that says what
/// differs and the likely cause, instead of a shape error deep inside the first inference.
/// </summary>
public static class ModelSignatureValidator
{
    /// <summary>Opens the ONNX file without graph optimization (fast) and checks it against its manifest.</summary>
    public static void Verify(ModelEntry model)
    {
        using var options = new SessionOptions { GraphOptimizationLevel = GraphOptimizationLevel.ORT_DISABLE_ALL };
        using InferenceSession session = OpenSession(model, options);
        Verify(model, session);
    }

    /// <summary>Creates a session, turning a missing or unreadable ONNX file into a ModelLoadException.</summary>
    public static InferenceSession OpenSession(ModelEntry model, SessionOptions options)
    {
        string file = Path.GetFileName(model.OnnxPath);
        if (!File.Exists(model.OnnxPath))
        {
            throw new ModelLoadException($"model file '{model.OnnxPath}' not found");
        }

        try
        {
            return new InferenceSession(model.OnnxPath, options);
        }
        catch (OnnxRuntimeException e)
        {
            throw new ModelLoadException(
                $"model '{file}' could not be loaded by ONNX Runtime ({e.Message.Trim()}) — the file is not a valid ONNX " +
                "model for this runtime (corrupt or truncated copy, or an unsupported opset)", e);
        }
    }

    /// <summary>Checks the metadata of an open session against the model's manifest.</summary>
    public static void Verify(ModelEntry model, InferenceSession session)
    {
        ModelManifest m = model.Manifest;
        string file = Path.GetFileName(model.OnnxPath);
        NodeMetadata input = Single(file, "input", session.InputMetadata, m.Input.Name);
        NodeMetadata output = Single(file, "output", session.OutputMetadata, m.Output.Name);

        CheckTensor(file, "input", m.Input.Name, input, [null, m.Planes, null, ModelContract.Bins], m);
        CheckTensor(file, "output", m.Output.Name, output, [null, m.Stems.Count, m.Planes, null, ModelContract.Bins], m);
    }

    private static NodeMetadata Single(string file, string role, IReadOnlyDictionary<string, NodeMetadata> nodes, string name)
    {
        if (nodes.Count != 1 || !nodes.TryGetValue(name, out NodeMetadata? node))
        {
            throw new ModelLoadException(
                $"model '{file}' has {role}s [{string.Join(", ", nodes.Keys)}]; its manifest expects exactly one {role} " +
                $"named '{name}' — is the manifest for another model?");
        }

        return node;
    }

    private static void CheckTensor(string file, string role, string name, NodeMetadata node, long?[] expected, ModelManifest m)
    {
        if (!node.IsTensor || node.ElementDataType != Microsoft.ML.OnnxRuntime.Tensors.TensorElementType.Float)
        {
            throw new ModelLoadException(
                $"model '{file}' {role} '{name}' is {node.ElementDataType}; expected a float32 tensor (export in fp32)");
        }

        int[] dims = node.Dimensions;
        string actual = "[" + string.Join(",", dims.Select(d => d > 0 ? d.ToString(System.Globalization.CultureInfo.InvariantCulture) : "?")) + "]";
        string wanted = "[" + string.Join(",", expected.Select(e => e?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "?")) + "]";
        string prefix = $"model '{file}' has {role} '{name}' {actual}; expected {wanted}";

        if (dims.Length != expected.Length)
        {
            throw new ModelLoadException($"{prefix} — rank {dims.Length} instead of {expected.Length}; " +
                                         "was it exported with complex tensors or without the batch axis?");
        }

        for (int axis = 0; axis < dims.Length; axis++)
        {
            // A dynamic axis in the graph (-1) accepts whatever the manifest fixes; only two fixed sizes can disagree.
            if (expected[axis] is not long want || dims[axis] <= 0 || dims[axis] == want)
            {
                continue;
            }

            string cause = (axis == dims.Length - 1)
                ? $"was it exported with n_fft {ModelContract.NFft}? ({dims[axis]} bins means n_fft {2 * (dims[axis] - 1)})"
                : (role == "output" && axis == 1)
                    ? $"the manifest lists {m.Stems.Count} stems [{string.Join(", ", m.Stems)}] but the model has " +
                      $"{dims[axis]} — is the manifest for another model?"
                    : $"the manifest says channels {m.Channels} ({m.Planes} real/imag planes) but the model has " +
                      $"{dims[axis]} planes — was it exported for {(dims[axis] == 2 ? "mono" : $"{dims[axis] / 2} channels")}?";
            throw new ModelLoadException($"{prefix} — {cause}");
        }
    }
}
