using System;
using System.Collections.Generic;
using System.Globalization;
using System.Runtime.CompilerServices;
using DbScoring.Runtime.Format;

namespace DbScoring.Runtime.Transforms
{
    /// <summary>
    /// Converts text to float as ML.NET's ConvertType does (src/Microsoft.ML.Data/Data/Conversion.cs with
    /// src/Microsoft.ML.Core/Utilities/DoubleParser.cs): surrounding white space ignored; empty or white space only
    /// gives 0; "?", "NaN" and anything unparsable give NaN; "Infinity", "-Infinity", "∞", "-∞" give ±∞.
    /// Numbers are [sign] digits [. digits] [e [sign] digits], converted with correct rounding — ML.NET's own
    /// parser rounds twice and may differ in the last bit for rare inputs with many digits.
    /// </summary>
    public sealed class ConvertToFloatTransform : OneToOneTransform
    {
        private int _length; // set by Validate

        /// <summary>Converts each slot of text column <paramref name="source"/>.</summary>
        public ConvertToFloatTransform(int source, int destination) : base(source, destination)
        {
        }

        /// <inheritdoc />
        public override TransformKind Kind => TransformKind.ConvertToFloat;

        internal override void WriteBody(BlobWriter writer) => writer.WriteInt32(Source);

        internal static ConvertToFloatTransform ReadBody(BlobReader reader, int destination) =>
            new ConvertToFloatTransform(reader.ReadInt32(), destination);

        internal override void Validate(IReadOnlyList<ColumnDefinition> columns, string where)
        {
            int length = ExpectSameLength(columns, where, ColumnKind.Text, ColumnKind.Float);
            _length = length;
        }

        [MethodImpl(HotPath.Options)]
        internal override void Apply(Frame frame)
        {
            int from = frame.Offsets[Source], to = frame.Offsets[Destination];
            for (int i = 0; i < _length; i++) frame.Floats[to + i] = Parse(frame.Texts[from + i]);
        }

        /// <summary>ML.NET's text-to-float rules (see the class remarks).</summary>
        internal static float Parse(string? text)
        {
            if (text == null) return 0f;
            int start = 0, end = text.Length;
            while (start < end && char.IsWhiteSpace(text[start])) start++;
            while (end > start && char.IsWhiteSpace(text[end - 1])) end--;
            if (start == end) return 0f;
            if (IsNumber(text, start, end) &&
                double.TryParse(text.Substring(start, end - start), NumberStyles.Float, CultureInfo.InvariantCulture, out double value))
                return (float)value;
            string token = text.Substring(start, end - start);
            switch (token)
            {
                case "Infinity": case "\u221E": return float.PositiveInfinity;
                case "-Infinity": case "-\u221E": return float.NegativeInfinity;
                default: return float.NaN;
            }
        }

        private static bool IsNumber(string s, int i, int end)
        {
            if (s[i] == '+' || s[i] == '-') i++;
            int digits = 0;
            while (i < end && IsDigit(s[i])) { i++; digits++; }
            if (i < end && s[i] == '.')
            {
                i++;
                while (i < end && IsDigit(s[i])) { i++; digits++; }
            }
            if (digits == 0) return false;
            if (i < end && (s[i] == 'e' || s[i] == 'E'))
            {
                i++;
                if (i < end && (s[i] == '+' || s[i] == '-')) i++;
                int exponentDigits = 0;
                while (i < end && IsDigit(s[i])) { i++; exponentDigits++; }
                if (exponentDigits == 0) return false;
            }
            return i == end;
        }

        private static bool IsDigit(char c) => c >= '0' && c <= '9';
    }
}
