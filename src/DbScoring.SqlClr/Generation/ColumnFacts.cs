using System;
using System.Collections.Generic;
using System.Globalization;
using DbScoring.Runtime;

namespace DbScoring.SqlClr.Generation;

/// <summary>
/// One column of a table or view as the catalog describes it (scoring.Private_Columns: sys.columns + the base
/// system type), and what the generators derive from it: its declaration, which model inputs it can feed, how
/// it becomes row-key text.
/// </summary>
internal sealed class ColumnFacts
{
    private ColumnFacts(string name, string type, int maxLength, int precision, int scale, string? collation, bool isNullable, bool maskedForCaller)
    {
        MaskedForCaller = maskedForCaller;
        Name = name;
        Type = type;
        MaxLength = maxLength;
        Precision = precision;
        Scale = scale;
        Collation = collation;
        IsNullable = isNullable;
    }

    /// <summary>Column name as stored (sys.columns.name).</summary>
    internal string Name { get; }

    /// <summary>Base system type name, lower case (int, nvarchar, datetime2 ...).</summary>
    internal string Type { get; }

    /// <summary>sys.columns.max_length: bytes, -1 for (max).</summary>
    internal int MaxLength { get; }

    /// <summary>sys.columns.precision.</summary>
    internal int Precision { get; }

    /// <summary>sys.columns.scale.</summary>
    internal int Scale { get; }

    /// <summary>Collation of a character column; null for other types.</summary>
    internal string? Collation { get; }

    /// <summary>sys.columns.is_nullable.</summary>
    internal bool IsNullable { get; }

    /// <summary>True when the caller reads the column through dynamic data masking (no UNMASK): its values are not the data.</summary>
    internal bool MaskedForCaller { get; }

    /// <summary>True for (max) types.</summary>
    internal bool IsMax => MaxLength == -1;

    /// <summary>True for char, varchar, nchar, nvarchar.</summary>
    internal bool IsCharacter => Type is "char" or "varchar" or "nchar" or "nvarchar";

    /// <summary>True for char and nchar: values carry trailing spaces that SQL comparisons ignore.</summary>
    internal bool IsFixedLengthCharacter => Type is "char" or "nchar";

    /// <summary>True for the integer types.</summary>
    internal bool IsInteger => Type is "tinyint" or "smallint" or "int" or "bigint";

    /// <summary>Reads one column object of the facts (<c>name, type, maxLength, precision, scale, collation, isNullable, maskedForCaller</c>).</summary>
    internal static ColumnFacts From(JsonValue json) => new ColumnFacts(
        json["name"].AsString() ?? string.Empty,
        (json["type"].AsString() ?? string.Empty).ToLowerInvariant(),
        json["maxLength"].AsInt(),
        json["precision"].AsInt(),
        json["scale"].AsInt(),
        json["collation"].AsString(),
        json["isNullable"].AsBool(fallback: true),
        json["maskedForCaller"].AsBool(fallback: false));

    /// <summary>
    /// Refuses, naming <paramref name="parameter"/>, a column the caller reads masked: scoring or recording its masked
    /// values (0, xxxx) would log plausible results computed from data nobody sent.
    /// </summary>
    internal void RefuseIfMasked(string parameter, string source, GeneratedSql output)
    {
        if (MaskedForCaller)
        {
            output.Problem("The value for the parameter " + parameter + " is not supported. Column " + SqlText.Quote(Name) + " of " + source
                + " is masked for you (dynamic data masking): its values would be read as the mask, not the data. Ask for UNMASK on it, or use another column.");
        }
    }

    /// <summary>Reads an array of column objects.</summary>
    internal static List<ColumnFacts> ListFrom(JsonValue array)
    {
        var list = new List<ColumnFacts>();
        foreach (JsonValue item in array.Items)
        {
            list.Add(From(item));
        }

        return list;
    }

    /// <summary>The column of <paramref name="columns"/> named <paramref name="name"/>: exact match first, then case-insensitive.</summary>
    internal static ColumnFacts? Find(IList<ColumnFacts> columns, string name)
    {
        ColumnFacts? caseless = null;
        foreach (ColumnFacts c in columns)
        {
            if (string.Equals(c.Name, name, StringComparison.Ordinal))
            {
                return c;
            }

            if (caseless is null && string.Equals(c.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                caseless = c;
            }
        }

        return caseless;
    }

    /// <summary>
    /// The type as written in CREATE TABLE (<c>nvarchar(40)</c>, <c>decimal(18, 2)</c>, ...); with
    /// <paramref name="withCollation"/>, character types carry <c>COLLATE</c> with the column's own collation so that
    /// a copy compares exactly like the original. rowversion/timestamp becomes binary(8) (a copy cannot be one).
    /// </summary>
    internal string Declaration(bool withCollation)
    {
        string length = IsMax ? "max" : (Type is "nchar" or "nvarchar" ? MaxLength / 2 : MaxLength).ToString(CultureInfo.InvariantCulture);
        string declaration = Type switch
        {
            "char" or "varchar" or "nchar" or "nvarchar" or "binary" or "varbinary" => Type + "(" + length + ")",
            "decimal" or "numeric" => Type + "(" + Precision.ToString(CultureInfo.InvariantCulture) + ", " + Scale.ToString(CultureInfo.InvariantCulture) + ")",
            "datetime2" or "time" or "datetimeoffset" => Type + "(" + Scale.ToString(CultureInfo.InvariantCulture) + ")",
            "timestamp" or "rowversion" => "binary(8)",
            _ => Type,
        };
        return withCollation && IsCharacter && SqlText.IsCollationName(Collation) ? declaration + " COLLATE " + Collation : declaration;
    }

    /// <summary>True when this column can feed a model input of <paramref name="kind"/> (docs/sql-reference.md, input rules).</summary>
    internal bool CanFeed(InputKind kind) => kind switch
    {
        // Text columns feed number and boolean inputs too: each value is parsed per row, and a row whose text is not a
        // value of the input's kind is refused (or scored by the fallback), as in the embedded store.
        InputKind.Number => IsInteger || IsCharacter || Type is "decimal" or "numeric" or "real" or "float" or "money" or "smallmoney" or "bit",
        InputKind.Text => IsCharacter || IsInteger,
        InputKind.Boolean => Type == "bit" || IsInteger || IsCharacter,
        _ => false,
    };

    /// <summary>Why this column cannot be a key column, or null when it can.</summary>
    internal string? KeyRefusal()
    {
        if (IsMax)
        {
            return "(max) types cannot be keys";
        }

        return Type switch
        {
            "text" or "ntext" or "image" or "xml" or "sql_variant" or "geography" or "geometry" or "hierarchyid"
                => Type + " values cannot be compared or ordered as keys",
            _ => null,
        };
    }

    /// <summary>The CONVERT style that writes this type as row-key text: ISO 8601 for dates, 17 digits for floats, 0x.. for binary.</summary>
    internal int KeyStyle => Type switch
    {
        "date" or "datetime" or "datetime2" or "smalldatetime" or "datetimeoffset" or "time" => 126,
        "float" or "real" => 3,
        "binary" or "varbinary" or "timestamp" or "rowversion" => 1,
        _ => 0,
    };

    /// <summary>Most characters of this column's row-key text (<see cref="KeyStyle"/>), or -1 when not known in advance.</summary>
    internal int KeyTextMaxChars => Type switch
    {
        "bit" => 1,
        "tinyint" => 3,
        "smallint" => 6,
        "int" => 11,
        "bigint" => 20,
        "decimal" or "numeric" => Precision + 2,
        "money" => 21,
        "smallmoney" => 12,
        "real" or "float" => 24,
        "uniqueidentifier" => 36,
        "date" => 10,
        "smalldatetime" => 19,
        "datetime" => 23,
        "datetime2" => 19 + (Scale > 0 ? Scale + 1 : 0),
        "time" => 8 + (Scale > 0 ? Scale + 1 : 0),
        "datetimeoffset" => 25 + (Scale > 0 ? Scale + 1 : 0),
        "char" or "varchar" => MaxLength,
        "nchar" or "nvarchar" => MaxLength / 2,
        "binary" or "varbinary" => 2 + (2 * MaxLength),
        "timestamp" or "rowversion" => 18,
        _ => -1,
    };

    /// <summary>Most bytes this column takes in an index key (for the 900-byte primary key limit).</summary>
    internal int KeyBytes => IsMax ? 8000 : MaxLength;
}
