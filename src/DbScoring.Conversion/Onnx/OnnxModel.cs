using System;
using System.Collections.Generic;

namespace DbScoring.Conversion.Onnx
{
    /// <summary>
    /// The parts of an ONNX model (onnx.proto: ModelProto, GraphProto, NodeProto, AttributeProto, ValueInfoProto)
    /// the converter reads. Field numbers are onnx.proto's.
    /// </summary>
    internal sealed class OnnxModel
    {
        public long IrVersion { get; private set; }
        public string ProducerName { get; private set; } = "";
        public string ProducerVersion { get; private set; } = "";
        public Dictionary<string, long> Opsets { get; } = new Dictionary<string, long>(StringComparer.Ordinal);
        public Dictionary<string, string> Metadata { get; } = new Dictionary<string, string>(StringComparer.Ordinal);
        public List<OnnxNode> Nodes { get; } = new List<OnnxNode>();
        public List<OnnxValueInfo> Inputs { get; } = new List<OnnxValueInfo>();
        public List<OnnxValueInfo> Outputs { get; } = new List<OnnxValueInfo>();
        /// <summary>Constant tensors by name (graph initializers).</summary>
        public Dictionary<string, OnnxTensor> Initializers { get; } = new Dictionary<string, OnnxTensor>(StringComparer.Ordinal);

        public static OnnxModel Read(byte[] bytes, string source)
        {
            var model = new OnnxModel();
            try
            {
                var reader = new ProtoReader(bytes);
                bool graph = false;
                while (reader.More)
                {
                    var (field, wire) = reader.ReadKey();
                    switch (field)
                    {
                        case 1 when wire == 0: model.IrVersion = reader.ReadInt64(); break;
                        case 2 when wire == 2: model.ProducerName = reader.ReadString(); break;
                        case 3 when wire == 2: model.ProducerVersion = reader.ReadString(); break;
                        case 7 when wire == 2: model.ReadGraph(reader.ReadMessage()); graph = true; break;
                        case 8 when wire == 2: model.ReadOpset(reader.ReadMessage()); break;
                        case 14 when wire == 2:
                            {
                                var (key, value) = ReadEntry(reader.ReadMessage());
                                model.Metadata[key] = value;
                                break;
                            }
                        default: reader.Skip(wire); break;
                    }
                }
                if (!graph) throw new FormatException("it has no graph");
            }
            catch (FormatException ex)
            {
                throw new ModelConversionException($"{source} is not a readable ONNX model: {ex.Message}.", inner: ex);
            }
            return model;
        }

        private void ReadOpset(ProtoReader reader)
        {
            string domain = "";
            long version = 0;
            while (reader.More)
            {
                var (field, wire) = reader.ReadKey();
                if (field == 1 && wire == 2) domain = reader.ReadString();
                else if (field == 2 && wire == 0) version = reader.ReadInt64();
                else reader.Skip(wire);
            }
            Opsets[domain == "ai.onnx" ? "" : domain] = version;
        }

        private static (string Key, string Value) ReadEntry(ProtoReader reader)
        {
            string key = "", value = "";
            while (reader.More)
            {
                var (field, wire) = reader.ReadKey();
                if (field == 1 && wire == 2) key = reader.ReadString();
                else if (field == 2 && wire == 2) value = reader.ReadString();
                else reader.Skip(wire);
            }
            return (key, value);
        }

        private void ReadGraph(ProtoReader reader)
        {
            while (reader.More)
            {
                var (field, wire) = reader.ReadKey();
                switch (field)
                {
                    case 1 when wire == 2: Nodes.Add(OnnxNode.Read(reader.ReadMessage())); break;
                    case 5 when wire == 2:
                        {
                            var tensor = OnnxTensor.Read(reader.ReadMessage());
                            Initializers[tensor.Name] = tensor;
                            break;
                        }
                    case 11 when wire == 2: Inputs.Add(OnnxValueInfo.Read(reader.ReadMessage())); break;
                    case 12 when wire == 2: Outputs.Add(OnnxValueInfo.Read(reader.ReadMessage())); break;
                    default: reader.Skip(wire); break;
                }
            }
            Inputs.RemoveAll(i => Initializers.ContainsKey(i.Name));   // IR < 4 lists initializers as inputs too
        }
    }

    /// <summary>A graph node: operator, domain, inputs, outputs and attributes.</summary>
    internal sealed class OnnxNode
    {
        public string Name { get; private set; } = "";
        public string OpType { get; private set; } = "";
        public string Domain { get; private set; } = "";
        public List<string> Inputs { get; } = new List<string>();
        public List<string> Outputs { get; } = new List<string>();
        public Dictionary<string, OnnxAttribute> Attributes { get; } = new Dictionary<string, OnnxAttribute>(StringComparer.Ordinal);

        /// <summary>"ai.onnx.ml:TreeEnsembleRegressor 'name'" for messages.</summary>
        public string Describe() => $"{(Domain.Length == 0 ? "ai.onnx" : Domain)}:{OpType} (node '{Name}')";

        public static OnnxNode Read(ProtoReader reader)
        {
            var node = new OnnxNode();
            while (reader.More)
            {
                var (field, wire) = reader.ReadKey();
                switch (field)
                {
                    case 1 when wire == 2: node.Inputs.Add(reader.ReadString()); break;
                    case 2 when wire == 2: node.Outputs.Add(reader.ReadString()); break;
                    case 3 when wire == 2: node.Name = reader.ReadString(); break;
                    case 4 when wire == 2: node.OpType = reader.ReadString(); break;
                    case 5 when wire == 2:
                        {
                            var attribute = OnnxAttribute.Read(reader.ReadMessage());
                            node.Attributes[attribute.Name] = attribute;
                            break;
                        }
                    case 7 when wire == 2: node.Domain = reader.ReadString(); break;
                    default: reader.Skip(wire); break;
                }
            }
            if (node.Domain == "ai.onnx") node.Domain = "";
            return node;
        }
    }

    /// <summary>An attribute: one of float, int, string, or lists of them (tensors are kept as raw bytes only when needed).</summary>
    internal sealed class OnnxAttribute
    {
        public string Name { get; private set; } = "";
        public float F { get; private set; }
        public long I { get; private set; }
        public string S { get; private set; } = "";
        public List<float> Floats { get; } = new List<float>();
        public List<long> Ints { get; } = new List<long>();
        public List<string> Strings { get; } = new List<string>();
        public bool HasTensor => Tensor != null;

        /// <summary>The tensor value (a Constant node's 'value', *_as_tensor attributes); null when none.</summary>
        public OnnxTensor? Tensor { get; private set; }

        public static OnnxAttribute Read(ProtoReader reader)
        {
            var a = new OnnxAttribute();
            while (reader.More)
            {
                var (field, wire) = reader.ReadKey();
                switch (field)
                {
                    case 1 when wire == 2: a.Name = reader.ReadString(); break;
                    case 2 when wire == 5: a.F = reader.ReadFixed32Float(); break;
                    case 3 when wire == 0: a.I = reader.ReadInt64(); break;
                    case 4 when wire == 2: a.S = reader.ReadString(); break;
                    case 5 when wire == 2: a.Tensor = OnnxTensor.Read(reader.ReadMessage()); break;
                    case 7 when wire == 5: a.Floats.Add(reader.ReadFixed32Float()); break;
                    case 7 when wire == 2:
                        {
                            var packed = reader.ReadMessage();
                            while (packed.More) a.Floats.Add(packed.ReadFixed32Float());
                            break;
                        }
                    case 8 when wire == 0: a.Ints.Add(reader.ReadInt64()); break;
                    case 8 when wire == 2:
                        {
                            var packed = reader.ReadMessage();
                            while (packed.More) a.Ints.Add(packed.ReadInt64());
                            break;
                        }
                    case 9 when wire == 2: a.Strings.Add(reader.ReadString()); break;
                    default: reader.Skip(wire); break;
                }
            }
            return a;
        }
    }

    /// <summary>
    /// A graph input or output: name, element type (onnx TensorProto.DataType; 1 = float) and shape (−1 = unknown) of a
    /// tensor, or the key and value element types of a map (CastMap's input: one map per run).
    /// </summary>
    internal sealed class OnnxValueInfo
    {
        public string Name { get; private set; } = "";
        public int ElementType { get; private set; }
        public List<long> Shape { get; } = new List<long>();
        public bool IsTensor { get; private set; }

        /// <summary>A map(key, tensor of value type) rather than a tensor.</summary>
        public bool IsMap { get; private set; }
        public int MapKeyType { get; private set; }
        public int MapValueType { get; private set; }

        public static OnnxValueInfo Read(ProtoReader reader)
        {
            var info = new OnnxValueInfo();
            while (reader.More)
            {
                var (field, wire) = reader.ReadKey();
                if (field == 1 && wire == 2) info.Name = reader.ReadString();
                else if (field == 2 && wire == 2) info.ReadType(reader.ReadMessage());
                else reader.Skip(wire);
            }
            return info;
        }

        private void ReadType(ProtoReader reader)
        {
            while (reader.More)
            {
                var (field, wire) = reader.ReadKey();
                if (field == 1 && wire == 2)
                {
                    IsTensor = true;
                    var tensor = reader.ReadMessage();
                    while (tensor.More)
                    {
                        var (f, w) = tensor.ReadKey();
                        if (f == 1 && w == 0) ElementType = (int)tensor.ReadInt64();
                        else if (f == 2 && w == 2) ReadShape(tensor.ReadMessage());
                        else tensor.Skip(w);
                    }
                }
                else if (field == 5 && wire == 2)
                {
                    IsMap = true;
                    var map = reader.ReadMessage();
                    while (map.More)
                    {
                        var (f, w) = map.ReadKey();
                        if (f == 1 && w == 0) MapKeyType = (int)map.ReadInt64();
                        else if (f == 2 && w == 2)
                        {
                            var value = new OnnxValueInfo();
                            value.ReadType(map.ReadMessage());
                            MapValueType = value.IsTensor ? value.ElementType : -1;
                        }
                        else map.Skip(w);
                    }
                }
                else reader.Skip(wire);
            }
        }

        private void ReadShape(ProtoReader reader)
        {
            while (reader.More)
            {
                var (field, wire) = reader.ReadKey();
                if (field != 1 || wire != 2) { reader.Skip(wire); continue; }
                var dim = reader.ReadMessage();
                long value = -1;
                while (dim.More)
                {
                    var (f, w) = dim.ReadKey();
                    if (f == 1 && w == 0) value = dim.ReadInt64();
                    else dim.Skip(w);
                }
                Shape.Add(value);
            }
        }
    }
}
