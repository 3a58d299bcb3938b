using System;
using System.Linq;
using DbScoring.Runtime;
using DbScoring.SqlClr.Generation;
using Xunit;

namespace DbScoring.SqlClr.Tests;

/// <summary>The packed input format: one encoder, one decoder, and the packing arithmetic for wide models.</summary>
public class InputCodecTests
{
    [Fact]
    public void Encode_and_Decode_round_trip_numbers_text_booleans_and_missing_values()
    {
        object?[] values = { 1.5, null, "gold \"x\" ö", true, false, 42, -0.0, double.MaxValue, " " };
        object?[] decoded = InputCodec.Decode(InputCodec.Encode(values));
        Assert.Equal(new object?[] { 1.5, null, "gold \"x\" ö", 1.0, 0.0, 42.0, -0.0, double.MaxValue, " " }, decoded);
    }

    [Fact]
    public void Empty_text_is_packed_as_missing_by_the_encoder_and_the_SQL_expression()
    {
        Assert.Equal(new object?[] { null }, InputCodec.Decode(InputCodec.Encode(new object?[] { "" })));
        // The SQL test: DATALENGTH is 0 only for '' (and a char(n) column of spaces, which arrives RTRIMmed), NULL for NULL.
        Assert.StartsWith("CASE WHEN ISNULL(DATALENGTH(@x), 0) = 0 THEN 0x00 ELSE 0x02 ", InputCodec.SqlPackExpression("@x", InputKind.Text, 10));
    }

    [Fact]
    public void The_layout_is_the_documented_one_byte_for_byte()
    {
        // 0x01 header; 0x01 + big-endian double 1.1 (= CAST(CAST(1.1 AS float) AS binary(8)), sqlclr-notes.md); 0x00 missing;
        // 0x02 + length 4 big-endian + UTF-16LE "ab".
        byte[] packed = InputCodec.Encode(new object?[] { 1.1, null, "ab" });
        Assert.Equal("01" + "01" + "3FF199999999999A" + "00" + "02" + "0004" + "61006200", Convert.ToHexString(packed));
    }

    [Theory]
    [InlineData(0, 0, 4000)]
    [InlineData(3, 0, 4000)]
    [InlineData(2, 1, 3989)]
    [InlineData(300, 1, 2648)]
    [InlineData(888, 0, 4000)]
    [InlineData(889, 0, -1)]
    [InlineData(887, 1, 6)]
    [InlineData(888, 1, 2)]
    [InlineData(889, 1, -1)]
    [InlineData(0, 1599, 1)]
    [InlineData(0, 1600, -1)]
    public void TextChars_keeps_the_packed_row_within_8000_bytes_and_never_goes_negative(int numbers, int texts, int expected)
    {
        int chars = InputCodec.TextChars(numbers, texts);
        Assert.Equal(expected, chars);
        if (chars > 0)
        {
            Assert.True(InputCodec.MaxPackedLength(numbers, texts, chars) <= InputCodec.MaxPackedBytes);
            Assert.True(chars == InputCodec.MaxTextChars || texts == 0 || InputCodec.MaxPackedLength(numbers, texts, chars + 1) > InputCodec.MaxPackedBytes);
        }
    }

    [Fact]
    public void A_row_of_three_hundred_numbers_packs_and_scores_its_fields_in_order()
    {
        object?[] values = Enumerable.Range(0, 300).Select(i => (object?)(i * 0.5)).ToArray();
        byte[] packed = InputCodec.Encode(values);
        Assert.Equal(1 + (300 * InputCodec.NumberFieldBytes), packed.Length);
        Assert.Equal(values, InputCodec.Decode(packed));
    }

    [Fact]
    public void The_SQL_pack_expressions_write_the_same_tags_and_constants_as_the_encoder()
    {
        // The boolean constants are the encoder's own bytes for 1.0 and 0.0.
        string boolean = InputCodec.SqlPackExpression("@b", InputKind.Boolean, 10);
        Assert.Contains(Convert.ToHexString(InputCodec.Encode(new object?[] { true }).Skip(1).ToArray()), boolean);
        Assert.Contains(Convert.ToHexString(InputCodec.Encode(new object?[] { false }).Skip(1).ToArray()), boolean);
        Assert.Contains("AS nvarchar(10)", InputCodec.SqlPackExpression("@x", InputKind.Text, 10));
        Assert.StartsWith("CASE WHEN @n IS NULL THEN 0x00 ELSE 0x01 + CAST(CAST(@n AS float) AS binary(8))", InputCodec.SqlPackExpression("@n", InputKind.Number, 10));
    }

    [Fact]
    public void Malformed_rows_are_refused_by_the_decoder()
    {
        Assert.Throws<ArgumentException>(() => InputCodec.Decode(new byte[] { 9 }));
        Assert.Throws<ArgumentException>(() => InputCodec.Decode(new byte[] { 1, 1, 0x3F }));
        Assert.Throws<ArgumentException>(() => InputCodec.Decode(new byte[] { 1, 7 }));
        Assert.Throws<ArgumentException>(() => InputCodec.Encode(new object?[] { DateTime.Now }));
    }

    [Fact]
    public void The_facts_reader_parses_what_FOR_JSON_writes()
    {
        JsonValue facts = JsonValue.Parse("{\"a\":[1,2.5,-3e2],\"b\":\"x\\\"\\u00e9\\n\",\"c\":true,\"d\":null,\"e\":{\"f\":false}}");
        Assert.Equal(new[] { 1, 0, -300 }, facts["a"].Items.Select(i => i.AsInt()).ToArray());
        Assert.Equal("x\"é\n", facts["b"].AsString());
        Assert.True(facts["c"].AsBool());
        Assert.True(facts["d"].IsNull);
        Assert.True(facts["missing"].IsNull);
        Assert.False(facts["e"]["f"].AsBool(true));
        Assert.Throws<FormatException>(() => JsonValue.Parse("{\"a\":}"));
        Assert.Contains(StatementGenerator.Generate(ScoreTableGenerator.Name, "{not json").Problems(), p => p.Contains("not valid JSON"));
    }
}
