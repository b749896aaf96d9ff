namespace LocoformerVst.Inference.Onnx;

/// <summary>Generated ONNX graphs with known FLOP counts, for measuring a device's throughput.</summary>
internal static class ProbeModels
{
    /// <summary>
    /// Y = X·W·W·…·W (<paramref name="depth"/> MatMuls) with X [rows, width] an input and W [width, width] a constant:
    /// the weights stay on the device like a real model's, and each run moves only X and Y.
    /// FLOPs per run: 2 · rows · width² · depth.
    /// </summary>
    public static byte[] MatMulChain(int rows, int width, int depth, int seed = 1)
    {
        var random = new Random(seed);
        // Uniform with variance 1/width keeps activations near unit scale through the chain (no overflow, no denormals).
        float bound = MathF.Sqrt(3f / width);
        var w = new float[width * width];
        for (int i = 0; i < w.Length; i++)
        {
            w[i] = (float)((random.NextDouble() * 2 - 1) * bound);
        }

        var builder = new OnnxModelBuilder()
            .Input("x", (long)rows, (long)width)
            .Output("y", (long)rows, (long)width)
            .Initializer("w", [width, width], w);
        string previous = "x";
        for (int i = 0; i < depth; i++)
        {
            string next = i == depth - 1 ? "y" : $"h{i}";
            builder.Node("MatMul", [previous, "w"], [next]);
            previous = next;
        }

        return builder.Build("matmul_chain");
    }

    public static double MatMulChainFlops(int rows, int width, int depth) => 2.0 * rows * width * (double)width * depth;
}
