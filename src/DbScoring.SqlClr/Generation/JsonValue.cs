using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace DbScoring.SqlClr.Generation;

/// <summary>The kinds of JSON value <see cref="JsonValue"/> holds.</summary>
internal enum JsonKind
{
    /// <summary>JSON null, or a member that is absent.</summary>
    Null,

    /// <summary>true or false.</summary>
    Boolean,

    /// <summary>A number (read as double).</summary>
    Number,

    /// <summary>A string.</summary>
    String,

    /// <summary>An array.</summary>
    Array,

    /// <summary>An object (member names compared ordinally).</summary>
    Object,
}

/// <summary>
/// A parsed JSON value: what <c>FOR JSON</c> in the T-SQL procedures writes (net48 has no System.Text.Json).
/// Absent members read as <see cref="JsonKind.Null"/>, so callers test once instead of twice.
/// </summary>
internal sealed class JsonValue
{
    private readonly string? _text;
    private readonly double _number;
    private readonly List<JsonValue>? _items;
    private readonly Dictionary<string, JsonValue>? _members;
    private readonly List<string>? _order;

    private JsonValue(JsonKind kind, string? text = null, double number = 0, List<JsonValue>? items = null,
                      Dictionary<string, JsonValue>? members = null, List<string>? order = null)
    {
        Kind = kind;
        _text = text;
        _number = number;
        _items = items;
        _members = members;
        _order = order;
    }

    /// <summary>The null value (also returned for absent members).</summary>
    internal static JsonValue NullValue => new JsonValue(JsonKind.Null);

    /// <summary>The kind of this value.</summary>
    internal JsonKind Kind { get; }

    /// <summary>True for null or an absent member.</summary>
    internal bool IsNull => Kind == JsonKind.Null;

    /// <summary>The member <paramref name="name"/> of an object; null when absent or when this is not an object.</summary>
    internal JsonValue this[string name] =>
        _members is not null && _members.TryGetValue(name, out JsonValue? value) ? value : NullValue;

    /// <summary>The items of an array; empty for anything else (null included).</summary>
    internal IReadOnlyList<JsonValue> Items => _items ?? (IReadOnlyList<JsonValue>)new JsonValue[0];

    /// <summary>The members of an object in document order; empty for anything else.</summary>
    internal IReadOnlyList<KeyValuePair<string, JsonValue>> Members
    {
        get
        {
            var list = new List<KeyValuePair<string, JsonValue>>();
            if (_members is not null && _order is not null)
            {
                foreach (string name in _order)
                {
                    list.Add(new KeyValuePair<string, JsonValue>(name, _members[name]));
                }
            }

            return list;
        }
    }

    /// <summary>The string (or the number's text), or null.</summary>
    internal string? AsString() => Kind switch
    {
        JsonKind.String => _text,
        JsonKind.Number => _number.ToString("R", CultureInfo.InvariantCulture),
        JsonKind.Boolean => _number != 0 ? "true" : "false",
        _ => null,
    };

    /// <summary>The number as an int, or <paramref name="fallback"/> when null or not a whole number.</summary>
    internal int AsInt(int fallback = 0)
    {
        double value = Kind == JsonKind.Number ? _number
            : Kind == JsonKind.String && double.TryParse(_text, NumberStyles.Float, CultureInfo.InvariantCulture, out double parsed) ? parsed
            : double.NaN;
        return double.IsNaN(value) || value < int.MinValue || value > int.MaxValue || Math.Floor(value) != value ? fallback : (int)value;
    }

    /// <summary>The number as a long (exact up to 2^53, as JSON numbers are read), or <paramref name="fallback"/> when null or not a whole number.</summary>
    internal long AsLong(long fallback = 0)
    {
        double value = Kind == JsonKind.Number ? _number : double.NaN;
        return double.IsNaN(value) || Math.Abs(value) > 9007199254740992d || Math.Floor(value) != value ? fallback : (long)value;
    }

    /// <summary>true/false, also from 1/0 (FOR JSON writes bit as true/false) and "Y"/"N"; otherwise <paramref name="fallback"/>.</summary>
    internal bool AsBool(bool fallback = false) => Kind switch
    {
        JsonKind.Boolean => _number != 0,
        JsonKind.Number => _number != 0,
        JsonKind.String => _text == "Y" || _text == "y" || _text == "true" || (_text != "N" && _text != "n" && _text != "false" && fallback),
        _ => fallback,
    };

    /// <summary>Parses <paramref name="text"/>.</summary>
    /// <exception cref="FormatException">The text is not JSON; the message names the position.</exception>
    internal static JsonValue Parse(string text)
    {
        int pos = 0;
        JsonValue value = ParseValue(text, ref pos, depth: 0);
        SkipSpace(text, ref pos);
        if (pos != text.Length)
        {
            throw Error(text, pos, "unexpected text after the value");
        }

        return value;
    }

    private static JsonValue ParseValue(string s, ref int pos, int depth)
    {
        if (depth > 64)
        {
            throw Error(s, pos, "nested too deeply");
        }

        SkipSpace(s, ref pos);
        if (pos >= s.Length)
        {
            throw Error(s, pos, "a value was expected");
        }

        char c = s[pos];
        switch (c)
        {
            case '{':
                return ParseObject(s, ref pos, depth);
            case '[':
                return ParseArray(s, ref pos, depth);
            case '"':
                return new JsonValue(JsonKind.String, ParseString(s, ref pos));
            case 't':
                Expect(s, ref pos, "true");
                return new JsonValue(JsonKind.Boolean, number: 1);
            case 'f':
                Expect(s, ref pos, "false");
                return new JsonValue(JsonKind.Boolean, number: 0);
            case 'n':
                Expect(s, ref pos, "null");
                return NullValue;
            default:
                return ParseNumber(s, ref pos);
        }
    }

    private static JsonValue ParseObject(string s, ref int pos, int depth)
    {
        var members = new Dictionary<string, JsonValue>(StringComparer.Ordinal);
        var order = new List<string>();
        pos++;
        SkipSpace(s, ref pos);
        if (pos < s.Length && s[pos] == '}')
        {
            pos++;
            return new JsonValue(JsonKind.Object, members: members, order: order);
        }

        while (true)
        {
            SkipSpace(s, ref pos);
            if (pos >= s.Length || s[pos] != '"')
            {
                throw Error(s, pos, "a member name was expected");
            }

            string name = ParseString(s, ref pos);
            SkipSpace(s, ref pos);
            if (pos >= s.Length || s[pos] != ':')
            {
                throw Error(s, pos, "':' was expected");
            }

            pos++;
            JsonValue value = ParseValue(s, ref pos, depth + 1);
            if (!members.ContainsKey(name))
            {
                order.Add(name);
            }

            members[name] = value;
            SkipSpace(s, ref pos);
            if (pos < s.Length && s[pos] == ',')
            {
                pos++;
                continue;
            }

            if (pos < s.Length && s[pos] == '}')
            {
                pos++;
                return new JsonValue(JsonKind.Object, members: members, order: order);
            }

            throw Error(s, pos, "',' or '}' was expected");
        }
    }

    private static JsonValue ParseArray(string s, ref int pos, int depth)
    {
        var items = new List<JsonValue>();
        pos++;
        SkipSpace(s, ref pos);
        if (pos < s.Length && s[pos] == ']')
        {
            pos++;
            return new JsonValue(JsonKind.Array, items: items);
        }

        while (true)
        {
            items.Add(ParseValue(s, ref pos, depth + 1));
            SkipSpace(s, ref pos);
            if (pos < s.Length && s[pos] == ',')
            {
                pos++;
                continue;
            }

            if (pos < s.Length && s[pos] == ']')
            {
                pos++;
                return new JsonValue(JsonKind.Array, items: items);
            }

            throw Error(s, pos, "',' or ']' was expected");
        }
    }

    private static string ParseString(string s, ref int pos)
    {
        var sb = new StringBuilder();
        pos++;
        while (pos < s.Length)
        {
            char c = s[pos++];
            if (c == '"')
            {
                return sb.ToString();
            }

            if (c != '\\')
            {
                sb.Append(c);
                continue;
            }

            if (pos >= s.Length)
            {
                break;
            }

            char e = s[pos++];
            switch (e)
            {
                case '"': sb.Append('"'); break;
                case '\\': sb.Append('\\'); break;
                case '/': sb.Append('/'); break;
                case 'b': sb.Append('\b'); break;
                case 'f': sb.Append('\f'); break;
                case 'n': sb.Append('\n'); break;
                case 'r': sb.Append('\r'); break;
                case 't': sb.Append('\t'); break;
                case 'u':
                    if (pos + 4 > s.Length
                        || !int.TryParse(s.Substring(pos, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out int code))
                    {
                        throw Error(s, pos, "a \\u escape needs 4 hex digits");
                    }

                    sb.Append((char)code);
                    pos += 4;
                    break;
                default:
                    throw Error(s, pos - 1, "unknown escape \\" + e);
            }
        }

        throw Error(s, pos, "the string is not closed");
    }

    private static JsonValue ParseNumber(string s, ref int pos)
    {
        int start = pos;
        while (pos < s.Length && "+-0123456789.eE".IndexOf(s[pos]) >= 0)
        {
            pos++;
        }

        if (pos == start
            || !double.TryParse(s.Substring(start, pos - start), NumberStyles.Float, CultureInfo.InvariantCulture, out double value))
        {
            throw Error(s, start, "a value was expected");
        }

        return new JsonValue(JsonKind.Number, number: value);
    }

    private static void Expect(string s, ref int pos, string word)
    {
        if (string.CompareOrdinal(s, pos, word, 0, word.Length) != 0)
        {
            throw Error(s, pos, "'" + word + "' was expected");
        }

        pos += word.Length;
    }

    private static void SkipSpace(string s, ref int pos)
    {
        while (pos < s.Length && (s[pos] == ' ' || s[pos] == '\t' || s[pos] == '\r' || s[pos] == '\n'))
        {
            pos++;
        }
    }

    private static FormatException Error(string s, int pos, string what) =>
        new FormatException("The facts are not valid JSON at character " + pos + " of " + s.Length + ": " + what + ".");
}
