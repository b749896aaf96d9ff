namespace LocoformerVst.Inference.Onnx;

/// <summary>
/// Builds small ONNX models as bytes (opset 17, IR 8): graph inputs and outputs with fixed or symbolic axes, float and
/// int64 initializers, and attribute-free nodes. Used for the device throughput probe and for test graphs; real
/// models come from the PyTorch exporter.
/// </summary>
internal sealed class OnnxModelBuilder
{
    private const int FloatType = 1;
    private const int Int64Type = 7;

    // Field numbers from onnx.proto (ModelProto, GraphProto, NodeProto, ValueInfoProto, TypeProto, TensorProto).
    private readonly List<Action<ProtobufWriter>> _nodes = [];
    private readonly List<Action<ProtobufWriter>> _initializers = [];
    private readonly List<Action<ProtobufWriter>> _inputs = [];
    private readonly List<Action<ProtobufWriter>> _outputs = [];

    public int Opset { get; init; } = 17;

    /// <summary>Declares a float32 graph input; each axis is a long (fixed) or a string (symbolic).</summary>
    public OnnxModelBuilder Input(string name, params object[] shape)
    {
        _inputs.Add(w => WriteValueInfo(w, name, shape));
        return this;
    }

    /// <summary>Declares a float32 graph output; each axis is a long (fixed) or a string (symbolic).</summary>
    public OnnxModelBuilder Output(string name, params object[] shape)
    {
        _outputs.Add(w => WriteValueInfo(w, name, shape));
        return this;
    }

    public OnnxModelBuilder Initializer(string name, long[] dims, float[] data)
    {
        _initializers.Add(w => WriteTensor(w, name, dims, FloatType, t => t.WriteFloats(9, data)));
        return this;
    }

    public OnnxModelBuilder Initializer(string name, long[] dims, long[] data)
    {
        _initializers.Add(w => WriteTensor(w, name, dims, Int64Type, t => t.WriteInt64s(9, data)));
        return this;
    }

    public OnnxModelBuilder Node(string opType, string[] inputs, string[] outputs)
    {
        string nodeName = $"{opType}_{_nodes.Count}";
        _nodes.Add(w =>
        {
            foreach (string input in inputs)
            {
                w.WriteString(1, input);
            }

            foreach (string output in outputs)
            {
                w.WriteString(2, output);
            }

            w.WriteString(3, nodeName);
            w.WriteString(4, opType);
        });
        return this;
    }

    public byte[] Build(string graphName = "graph")
    {
        var model = new ProtobufWriter();
        model.WriteInt64(1, 8); // ir_version 8 pairs with opset 17
        model.WriteString(2, "LocoformerVst");
        model.WriteMessage(7, graph =>
        {
            _nodes.ForEach(n => graph.WriteMessage(1, n));
            graph.WriteString(2, graphName);
            _initializers.ForEach(i => graph.WriteMessage(5, i));
            _inputs.ForEach(i => graph.WriteMessage(11, i));
            _outputs.ForEach(o => graph.WriteMessage(12, o));
        });
        model.WriteMessage(8, opset =>
        {
            opset.WriteString(1, "");
            opset.WriteInt64(2, Opset);
        });
        return model.ToArray();
    }

    private static void WriteValueInfo(ProtobufWriter w, string name, object[] shape)
    {
        w.WriteString(1, name);
        w.WriteMessage(2, type => type.WriteMessage(1, tensor =>
        {
            tensor.WriteInt64(1, FloatType);
            tensor.WriteMessage(2, s =>
            {
                foreach (object axis in shape)
                {
                    s.WriteMessage(1, dim =>
                    {
                        switch (axis)
                        {
                            case string symbol:
                                dim.WriteString(2, symbol);
                                break;
                            case long or int:
                                dim.WriteInt64(1, Convert.ToInt64(axis, System.Globalization.CultureInfo.InvariantCulture));
                                break;
                            default:
                                throw new ArgumentException($"axis {axis} must be a long, int or string", nameof(shape));
                        }
                    });
                }
            });
        }));
    }

    private static void WriteTensor(ProtobufWriter w, string name, long[] dims, int dataType, Action<ProtobufWriter> data)
    {
        foreach (long d in dims)
        {
            w.WriteInt64(1, d);
        }

        w.WriteInt64(2, dataType);
        w.WriteString(8, name);
        data(w);
    }
}
