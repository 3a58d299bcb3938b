using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace DbScoring.Conversion.Onnx
{
    /// <summary>
    /// A constant tensor (onnx.proto TensorProto: an initializer, or a Constant node's value): its shape and its values
    /// as floats (float, double, integer and bool types) or as text (string type).
    /// </summary>
    internal sealed class OnnxTensor
    {
        /// <summary>onnx TensorProto.DataType values the converter reads.</summary>
        public const int Float = 1, UInt8 = 2, Int8 = 3, Int32 = 6, Int64 = 7, String = 8, Bool = 9, Double = 11;

        /// <summary>ONNX's name of an element type (TensorProto.DataType), for messages; the number when it has none here.</summary>
        public static string TypeName(int elementType) => elementType switch
        {
            Float => "float", UInt8 => "uint8", Int8 => "int8", 4 => "uint16", 5 => "int16", Int32 => "int32", Int64 => "int64", String => "string",
            Bool => "bool", 10 => "float16", Double => "double", 12 => "uint32", 13 => "uint64",
            _ => "element type " + elementType.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };

        public string Name { get; private set; } = "";
        public int DataType { get; private set; }
        public List<long> Shape { get; } = new List<long>();

        /// <summary>The values of a numeric tensor, widened to double (int64 values beyond 2^53 are refused where used).</summary>
        public List<double> Numbers { get; } = new List<double>();

        /// <summary>The values of a string tensor.</summary>
        public List<string> Texts { get; } = new List<string>();

        /// <summary>Number of elements the shape holds.</summary>
        public long Count => Shape.Aggregate(1L, (a, d) => a * d);

        public static OnnxTensor Read(ProtoReader reader)
        {
            var t = new OnnxTensor();
            byte[]? raw = null;
            while (reader.More)
            {
                var (field, wire) = reader.ReadKey();
                switch (field)
                {
                    case 1 when wire == 0: t.Shape.Add(reader.ReadInt64()); break;
                    case 1 when wire == 2: { var p = reader.ReadMessage(); while (p.More) t.Shape.Add(p.ReadInt64()); break; }
                    case 2 when wire == 0: t.DataType = (int)reader.ReadInt64(); break;
                    case 4 when wire == 5: t.Numbers.Add(reader.ReadFixed32Float()); break;
                    case 4 when wire == 2: { var p = reader.ReadMessage(); while (p.More) t.Numbers.Add(p.ReadFixed32Float()); break; }
                    case 5 when wire == 0: t.Numbers.Add((int)reader.ReadInt64()); break;   // int32, bool (and smaller) data
                    case 5 when wire == 2: { var p = reader.ReadMessage(); while (p.More) t.Numbers.Add((int)p.ReadInt64()); break; }
                    case 6 when wire == 2: t.Texts.Add(Encoding.UTF8.GetString(reader.ReadBytes())); break;
                    case 7 when wire == 0: t.Numbers.Add(reader.ReadInt64()); break;
                    case 7 when wire == 2: { var p = reader.ReadMessage(); while (p.More) t.Numbers.Add(p.ReadInt64()); break; }
                    case 8 when wire == 2: t.Name = reader.ReadString(); break;
                    case 9 when wire == 2: raw = reader.ReadBytes(); break;
                    case 10 when wire == 1: t.Numbers.Add(reader.ReadFixed64Double()); break;
                    case 10 when wire == 2: { var p = reader.ReadMessage(); while (p.More) t.Numbers.Add(p.ReadFixed64Double()); break; }
                    case 13 when wire == 2: throw new FormatException($"tensor '{t.Name}' keeps its data in an external file, which DbScoring does not read");
                    default: reader.Skip(wire); break;
                }
            }
            if (raw != null) t.ReadRaw(raw);
            return t;
        }

        private void ReadRaw(byte[] raw)
        {
            int size = DataType switch { Float => 4, Int32 => 4, Int64 => 8, Double => 8, Bool => 1, UInt8 => 1, Int8 => 1, _ => 0 };
            if (size == 0) throw new FormatException($"tensor '{Name}' has raw data of type {DataType}, which DbScoring does not read");
            if (raw.Length % size != 0) throw new FormatException($"tensor '{Name}' has {raw.Length} raw bytes, not a multiple of {size}");
            for (int i = 0; i < raw.Length; i += size)
                Numbers.Add(DataType switch
                {
                    Float => BitConverter.ToSingle(raw, i),
                    Int32 => BitConverter.ToInt32(raw, i),
                    Int64 => BitConverter.ToInt64(raw, i),
                    Double => BitConverter.ToDouble(raw, i),
                    Int8 => (sbyte)raw[i],
                    _ => raw[i],
                });
        }
    }
}
