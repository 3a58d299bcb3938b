using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.SqlServer.Dac.Model;

namespace DbScoring.SqlServer.Tests;

/// <summary>
/// Catalog facts, read from a DacFx model the way the procedures read them from sys.columns (scoring.Private_ColumnFacts):
/// base type, max_length in bytes (-1 = max), precision, scale, collation (the database's when none is declared).
/// </summary>
internal static class CatalogFacts
{
    /// <summary>The database collation of the test models (SQL Server's default).</summary>
    internal const string DatabaseCollation = "SQL_Latin1_General_CP1_CI_AS";

    /// <summary>The columns of table or view <paramref name="name"/> ("[dbo].[T]") as the facts' column array.</summary>
    internal static JsonArray Columns(TSqlModel model, string name)
    {
        TSqlObject? table = model.GetObjects(DacQueryScopes.UserDefined, Table.TypeClass).FirstOrDefault(o => o.Name.ToString() == name);
        if (table is not null)
        {
            return new JsonArray(table.GetReferenced(Table.Columns).Select(c => (JsonNode)ColumnObject(c, c.Name.Parts[^1])).ToArray());
        }

        TSqlObject view = model.GetObjects(DacQueryScopes.UserDefined, View.TypeClass).Single(o => o.Name.ToString() == name);
        // A view column's type is its source column's (the test views select plain columns, renamed or not).
        return new JsonArray(view.GetReferenced(View.Columns).Select(c =>
        {
            TSqlObject source = c.GetReferenced(Column.ExpressionDependencies).Single(d => d.ObjectType == Column.TypeClass);
            return (JsonNode)ColumnObject(source, c.Name.Parts[^1]);
        }).ToArray());
    }

    private static JsonObject ColumnObject(TSqlObject column, string name)
    {
        string type = column.GetReferenced(Column.DataType).Single().Name.Parts[^1].ToLowerInvariant();
        bool isMax = column.GetProperty<bool>(Column.IsMax);
        int length = column.GetProperty<int>(Column.Length);
        int precision = column.GetProperty<int>(Column.Precision);
        int scale = column.GetProperty<int>(Column.Scale);
        bool character = type is "char" or "varchar" or "nchar" or "nvarchar";
        int maxLength = isMax ? -1 : type switch
        {
            "nchar" or "nvarchar" => 2 * length,
            "char" or "varchar" or "binary" or "varbinary" => length,
            "tinyint" or "bit" => 1,
            "smallint" => 2,
            "int" or "real" or "smalldatetime" or "smallmoney" or "date" => 4,
            "bigint" or "float" or "datetime" or "money" => 8,
            "uniqueidentifier" => 16,
            "decimal" or "numeric" => precision <= 9 ? 5 : precision <= 19 ? 9 : precision <= 28 ? 13 : 17,
            "datetime2" => 8,
            "datetimeoffset" => 10,
            "time" => 5,
            _ => 8,
        };
        string? collation = character ? NullIfEmpty(column.GetProperty<string>(Column.Collation)) ?? DatabaseCollation : null;
        return new JsonObject
        {
            ["name"] = name,
            ["type"] = type,
            ["maxLength"] = maxLength,
            ["precision"] = precision,
            ["scale"] = scale,
            ["collation"] = collation,
            ["isNullable"] = column.GetProperty<bool>(Column.Nullable),
        };
    }

    private static string? NullIfEmpty(string? s) => string.IsNullOrEmpty(s) ? null : s;

    /// <summary>The model inputs array: (name, kind) in model order; kind 1 Number, 2 Text, 3 Boolean.</summary>
    internal static JsonArray Inputs(IEnumerable<(string Name, int Kind)> inputs, int maxCategoryChars = 12) =>
        new(inputs.Select((input, i) => (JsonNode)new JsonObject
        {
            ["index"] = i,
            ["name"] = input.Name,
            ["kind"] = input.Kind,
            ["maxCategoryChars"] = input.Kind == 2 ? maxCategoryChars : 0,
        }).ToArray());

    internal static string ToJson(JsonNode node) => node.ToJsonString(new JsonSerializerOptions { WriteIndented = false });
}
