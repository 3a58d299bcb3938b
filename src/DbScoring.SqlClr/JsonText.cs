using System.Globalization;
using System.Text;

namespace DbScoring.SqlClr;

/// <summary>
/// Minimal JSON text writer (net48 has no System.Text.Json). Writes only what the SQL layer reads back with
/// OPENJSON: objects, arrays, strings, numbers, booleans and null.
/// </summary>
internal static class JsonText
{
    /// <summary>Appends <paramref name="value"/> as a JSON string literal, or <c>null</c>.</summary>
    internal static void String(StringBuilder sb, string? value)
    {
        if (value is null)
        {
            sb.Append("null");
            return;
        }

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
                    if (c < 0x20)
                    {
                        sb.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        sb.Append(c);
                    }

                    break;
            }
        }

        sb.Append('"');
    }

    /// <summary>Appends a number in round-trip form; NaN and infinities become <c>null</c> (JSON has none).</summary>
    internal static void Number(StringBuilder sb, double value)
    {
        if (double.IsNaN(value) || double.IsInfinity(value))
        {
            sb.Append("null");
        }
        else
        {
            sb.Append(value.ToString("R", CultureInfo.InvariantCulture));
        }
    }

    /// <summary>Appends <c>"name":</c>, preceded by a comma unless <paramref name="first"/>.</summary>
    internal static void Name(StringBuilder sb, string name, bool first = false)
    {
        if (!first)
        {
            sb.Append(',');
        }

        String(sb, name);
        sb.Append(':');
    }
}
