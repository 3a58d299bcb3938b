using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace DbScoring.Runtime
{
    /// <summary>Writes a model's schema and metadata as JSON by hand (net48 has no JSON serializer in the box).</summary>
    internal static class ModelDescription
    {
        internal static string ToJson(ScoringModel model)
        {
            var sb = new StringBuilder();
            sb.Append("{\"formatVersion\":").Append(Quote(model.FormatVersion));
            sb.Append(",\"contentSha256\":").Append(Quote(model.ContentHashHex));
            sb.Append(",\"kind\":").Append(Quote(model.Kind.ToString()));
            sb.Append(",\"classLabels\":");
            AppendArray(sb, model.ClassLabels);
            sb.Append(",\"inputs\":[");
            for (int i = 0; i < model.Inputs.Count; i++)
            {
                var input = model.Inputs[i];
                if (i > 0) sb.Append(',');
                sb.Append("{\"name\":").Append(Quote(input.Name));
                sb.Append(",\"kind\":").Append(Quote(input.Kind.ToString()));
                sb.Append(",\"categories\":");
                AppendArray(sb, input.Categories);
                sb.Append(",\"trainingMin\":").Append(Number(input.TrainingMin));
                sb.Append(",\"trainingMax\":").Append(Number(input.TrainingMax));
                sb.Append('}');
            }
            sb.Append("],\"transforms\":[");
            var transforms = model.Definition.Transforms;
            for (int i = 0; i < transforms.Count; i++)
            {
                if (i > 0) sb.Append(',');
                sb.Append(Quote(transforms[i].Kind.ToString()));
            }
            sb.Append("],\"predictor\":").Append(Quote(model.Definition.Predictor.Kind.ToString()));
            sb.Append(",\"featureCount\":").Append(model.Definition.Predictor.FeatureCount.ToString(CultureInfo.InvariantCulture));
            var profile = model.Profile;
            sb.Append(",\"profile\":");
            if (profile == null) sb.Append("null");
            else sb.Append("{\"source\":").Append(Quote(profile.Source)).Append(",\"rows\":").Append(profile.Rows.ToString(CultureInfo.InvariantCulture)).Append('}');
            sb.Append(",\"metadata\":{");
            bool first = true;
            foreach (var pair in model.Metadata)
            {
                if (!first) sb.Append(',');
                first = false;
                sb.Append(Quote(pair.Key)).Append(':').Append(Quote(pair.Value));
            }
            sb.Append("}}");
            return sb.ToString();
        }

        private static void AppendArray(StringBuilder sb, IReadOnlyList<string> values)
        {
            sb.Append('[');
            for (int i = 0; i < values.Count; i++)
            {
                if (i > 0) sb.Append(',');
                sb.Append(Quote(values[i]));
            }
            sb.Append(']');
        }

        private static string Number(double value) =>
            double.IsNaN(value) || double.IsInfinity(value) ? "null" : value.ToString("R", CultureInfo.InvariantCulture);

        internal static string Quote(string value)
        {
            var sb = new StringBuilder(value.Length + 2);
            sb.Append('"');
            foreach (char c in value)
            {
                switch (c)
                {
                    case '"': sb.Append("\\\""); break;
                    case '\\': sb.Append("\\\\"); break;
                    case '\n': sb.Append("\\n"); break;
                    case '\r': sb.Append("\\r"); break;
                    case '\t': sb.Append("\\t"); break;
                    default:
                        if (c < 0x20) sb.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                        else sb.Append(c);
                        break;
                }
            }
            return sb.Append('"').ToString();
        }
    }
}
