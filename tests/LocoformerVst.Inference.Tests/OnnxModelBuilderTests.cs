using LocoformerVst.Inference.Onnx;
using Microsoft.ML.OnnxRuntime;

namespace LocoformerVst.Inference.Tests;

public sealed class OnnxModelBuilderTests
{
    [Fact]
    public void Generated_matmul_chain_computes_x_times_w_squared_like_a_direct_loop()
    {
        const int rows = 3, width = 5;
        byte[] model = ProbeModels.MatMulChain(rows, width, depth: 2, seed: 4);
        using var session = new InferenceSession(model);
        float[] w = ReadWeights(width);
        float[] x = Enumerable.Range(0, rows * width).Select(i => (i % 4) - 1.5f).ToArray();

        using var input = OrtValue.CreateTensorValueFromMemory(x, [rows, width]);
        using var outputs = session.Run(new RunOptions(), ["x"], [input], ["y"]);
        float[] y = outputs[0].GetTensorDataAsSpan<float>().ToArray();

        float[] expected = MatMul(MatMul(x, w, rows, width), w, rows, width);
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.Equal(expected[i], y[i], 4);
        }
    }

    [Fact]
    public void Declared_shapes_keep_fixed_and_symbolic_axes()
    {
        byte[] model = new OnnxModelBuilder()
            .Input("a", "batch", 7L).Output("b", "batch", 7L)
            .Node("Relu", ["a"], ["b"]).Build();
        using var session = new InferenceSession(model);

        NodeMetadata a = session.InputMetadata["a"];
        Assert.Equal([-1, 7], a.Dimensions);
        Assert.Equal("batch", a.SymbolicDimensions[0]);
        Assert.Equal(Microsoft.ML.OnnxRuntime.Tensors.TensorElementType.Float, session.OutputMetadata["b"].ElementDataType);
    }

    [Fact]
    public void Matmul_chain_flops_count_two_per_multiply_add()
    {
        Assert.Equal(2.0 * 256 * 512 * 512 * 4, ProbeModels.MatMulChainFlops(256, 512, 4));
    }

    /// <summary>Recovers W by multiplying the identity through one MatMul of a depth-1 model built with the same seed.</summary>
    private static float[] ReadWeights(int width)
    {
        using var single = new InferenceSession(ProbeModels.MatMulChain(width, width, depth: 1, seed: 4));
        var identity = new float[width * width];
        for (int i = 0; i < width; i++)
        {
            identity[i * width + i] = 1;
        }

        using var input = OrtValue.CreateTensorValueFromMemory(identity, [width, width]);
        using var outputs = single.Run(new RunOptions(), ["x"], [input], ["y"]);
        return outputs[0].GetTensorDataAsSpan<float>().ToArray();
    }

    private static float[] MatMul(float[] a, float[] w, int rows, int width)
    {
        var result = new float[rows * width];
        for (int r = 0; r < rows; r++)
        {
            for (int c = 0; c < width; c++)
            {
                double sum = 0;
                for (int k = 0; k < width; k++)
                {
                    sum += a[r * width + k] * w[k * width + c];
                }

                result[r * width + c] = (float)sum;
            }
        }

        return result;
    }
}
