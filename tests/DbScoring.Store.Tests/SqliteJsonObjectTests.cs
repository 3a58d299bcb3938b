using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using DbScoring.Store.Sqlite;
using Microsoft.Data.Sqlite;
using Xunit;

namespace DbScoring.Store.Tests
{
    /// <summary>
    /// score-table builds the logged inputs' JSON in C# (SqliteJsonObject, SqliteRealText); it is stored, hashed and chained,
    /// so it must be byte for byte what SQLite's own json_object returns. Differential: the same values go to json_object
    /// in the SQLite library the store runs on and through SqliteJsonObject on the same statement row, and the bytes must
    /// be equal — many thousand random values from a fixed seed, and the edge cases by name.
    /// </summary>
    public sealed class SqliteJsonObjectTests : IDisposable
    {
        private const int PerRow = 16;
        private readonly SqliteConnection _connection = new SqliteConnection("Data Source=:memory:");

        public SqliteJsonObjectTests() => _connection.Open();

        public void Dispose() => _connection.Dispose();

        /// <summary>One value as SQLite holds it: null, long, double, a string, or text given as raw bytes (maybe not UTF-8).</summary>
        private sealed record Value(object? Held, byte[]? RawText = null)
        {
            public override string ToString() => RawText != null ? "text 0x" + Convert.ToHexString(RawText)
                : Held is double d ? "real " + d.ToString("R", System.Globalization.CultureInfo.InvariantCulture) + " (0x" + BitConverter.DoubleToInt64Bits(d).ToString("x16") + ")"
                : Held?.GetType().Name + " " + Held;
        }

        /// <summary>
        /// Binds each group of values to <c>SELECT json_object(?101, ?1, ?102, ?2, …), ?1, ?2, …</c> and compares SQLite's
        /// object with SqliteJsonObject's over the same row; returns how many values were compared.
        /// </summary>
        private int AssertSameAsSqlite(IReadOnlyList<string> labels, IEnumerable<Value> values)
        {
            int n = labels.Count;
            string sql = "SELECT json_object(" + string.Join(", ", Enumerable.Range(1, n).Select(i => $"?{100 + i}, ?{i}")) + ")" +
                         string.Concat(Enumerable.Range(1, n).Select(i => $", ?{i}"));
            using var statement = new SqliteRawStatement(_connection, sql);
            for (int i = 0; i < n; i++) statement.Bind(101 + i, labels[i]);
            var json = new SqliteJsonObject(labels);
            byte[] buffer = new byte[16];
            int compared = 0;
            foreach (var row in values.Chunk(n).Where(chunk => chunk.Length == n))
            {
                for (int i = 0; i < n; i++)
                {
                    if (row[i].RawText is { } bytes) statement.BindUtf8(1 + i, bytes, bytes.Length);
                    else statement.Bind(1 + i, row[i].Held);
                }
                Assert.True(statement.Step());
                byte[] expected = statement.Utf8(0).ToArray();
                int length = 0;
                for (int i = 0; i < n; i++)
                {
                    object? value = statement.Value(1 + i, out var text); // as score-table reads the row
                    if (value is string) Assert.Equal(statement.Value(1 + i), value); // the same string the scoring functions get
                    json.Append(ref buffer, ref length, i, value, text, "row");
                }
                json.Close(ref buffer, ref length);
                byte[] actual = buffer.AsSpan(0, length).ToArray();
                if (!expected.AsSpan().SequenceEqual(actual))
                    Assert.Fail($"json_object differs for the values {string.Join(", ", row.Select(v => v.ToString()))}:\nSQLite {Encoding.UTF8.GetString(expected)}\nC#     {Encoding.UTF8.GetString(actual)}");
                statement.Reset();
                compared += n;
            }
            return compared;
        }

        private static string[] Labels(int n) => Enumerable.Range(0, n).Select(i => "In" + i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();

        [Fact]
        public void Real_values_are_written_as_sqlite_writes_them_edge_cases()
        {
            var edges = new List<double>
            {
                0.0, -0.0, 1.0, -1.0, 2.0, 3.0, 10.0, 100.0, 0.1, 0.2, 0.3, 0.30000000000000004, 1.0 / 3, 2.0 / 3, 49.47, 123.456, -123.456,
                1e-4, 1e-5, 9.9999e-5, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22, 1e23, 1e100, 1e300, 1e-300, 1e308,
                1234567890123456.0, 12345678901234567.0, 123456789012345678.0, 9007199254740991.0, 9007199254740992.0, 9007199254740993.0,
                4503599627370496.5, 999999999999999.9, 9999999999999998.0, 0.9999999999999999, 0.999999999999999, 99.99999999999999,
                double.Epsilon, -double.Epsilon, 2 * double.Epsilon, 2.2250738585072014e-308, 2.2250738585072009e-308, 4.9406564584124654e-324,
                double.MaxValue, -double.MaxValue, double.MinValue, 1.7976931348623157e308, 5e-324, 1e-310, 1e-320,
                double.PositiveInfinity, double.NegativeInfinity, Math.PI, Math.E, 1e15 + 0.125, 1e15 + 0.3, 0.000123456789,
            };
            // Every power of ten and of two SQLite's tables and exponent thresholds reach, and their neighbours.
            for (int p = -324; p <= 308; p++)
            {
                double x = double.Parse("1e" + p.ToString(System.Globalization.CultureInfo.InvariantCulture), System.Globalization.CultureInfo.InvariantCulture);
                edges.AddRange(new[] { x, Math.BitIncrement(x), Math.BitDecrement(x), -x });
            }
            for (int e = -1074; e <= 1023; e++) edges.Add(Math.ScaleB(1.0, e));
            int compared = AssertSameAsSqlite(Labels(PerRow), edges.Select(x => new Value(x)));
            Assert.True(compared > 4000, $"only {compared} values compared");
        }

        [Fact]
        public void Real_values_are_written_as_sqlite_writes_them_random_doubles_from_a_fixed_seed()
        {
            var random = new Random(20261130);
            var values = new List<Value>();
            for (int i = 0; i < 120_000; i++)
            {
                double x = (i % 6) switch
                {
                    0 => BitConverter.Int64BitsToDouble(random.NextInt64() ^ ((long)random.Next() << 62)), // any bit pattern (NaN goes as NULL)
                    1 => Math.Round((random.NextDouble() - 0.5) * 2000, random.Next(0, 7)),                // data-like: a few decimals
                    2 => (random.NextDouble() - 0.5) * Math.Pow(10, random.Next(-30, 31)),
                    3 => random.NextInt64(-1_000_000_000_000_000_000, 1_000_000_000_000_000_000),           // whole numbers stored as REAL
                    4 => BitConverter.Int64BitsToDouble(random.NextInt64(1, 1L << 52)),                    // subnormals
                    _ => random.NextInt64(1, (long)Math.Pow(10, random.Next(1, 18))) / Math.Pow(10, random.Next(0, 21)),
                };
                values.Add(new Value(double.IsNaN(x) ? null : x));
            }
            Assert.Equal(120_000, AssertSameAsSqlite(Labels(PerRow), values));
        }

        [Fact]
        public void Integers_null_and_texts_are_written_as_sqlite_writes_them()
        {
            var random = new Random(7);
            var values = new List<Value>
            {
                new(long.MinValue), new(long.MaxValue), new(0L), new(-1L), new(null), new(""), new("\"quoted\" back\\slash /"), new("\u2028\u2029"),
                new("prémium ✓ 😀 \U0010FFFF"), new("tab\tnew\nline\rform\fback\bbell\a nul\0 esc\u001b del\u007f"),
                new(null, new byte[] { 0xff, 0x41, 0xc3, 0x28 }), new(null, new byte[] { 0xed, 0xa0, 0x80 }), new(null, new byte[] { 0x80, 0x22, 0x5c, 0x00, 0x1f }),
                new(new string('x', 5000) + "\"" + new string('\u0001', 300)),
            };
            values.AddRange(Enumerable.Range(0, 32).Select(c => new Value(((char)c).ToString())));
            for (int i = 0; i < 20_000; i++)
            {
                switch (i % 4)
                {
                    case 0: values.Add(new Value(random.NextInt64(long.MinValue, long.MaxValue) >> random.Next(0, 63))); break;
                    case 1: values.Add(new Value(new string(Enumerable.Range(0, random.Next(0, 40)).Select(_ => (char)random.Next(0, 0x3000)).Where(ch => !char.IsSurrogate(ch)).ToArray()))); break;
                    case 2:
                        var bytes = new byte[random.Next(0, 30)];
                        random.NextBytes(bytes);
                        values.Add(new Value(null, bytes)); // any bytes as TEXT, as a source column can hold them
                        break;
                    default: values.Add(new Value(random.Next(3) == 0 ? null : char.ConvertFromUtf32(random.Next(0x10000, 0x110000)) + "\"\\")); break;
                }
            }
            var labels = Labels(PerRow);
            labels[1] = "quote \" back \\ tab \t ✓";
            labels[2] = "";
            Assert.True(AssertSameAsSqlite(labels, values) > 20_000);
        }

        [Fact]
        public void An_object_without_inputs_and_a_blob_input_behave_as_json_object()
        {
            using (var empty = new SqliteRawStatement(_connection, "SELECT json_object()"))
            {
                Assert.True(empty.Step());
                byte[] buffer = new byte[1];
                int length = 0;
                new SqliteJsonObject(Array.Empty<string>()).Close(ref buffer, ref length);
                Assert.Equal(empty.Utf8(0).ToArray(), buffer.AsSpan(0, length).ToArray());
            }
            using var blob = new SqliteRawStatement(_connection, "SELECT x'0102'");
            Assert.True(blob.Step());
            byte[] b = new byte[8];
            int at = 0;
            var e = Assert.Throws<InvalidOperationException>(() => new SqliteJsonObject(new[] { "Photo" }).Append(ref b, ref at, 0, blob.Value(0), default, "42"));
            Assert.Contains("Input 'Photo' of the source row with key 42 holds a BLOB", e.Message, StringComparison.Ordinal);
            Assert.Throws<SqliteException>(() => Scalar("SELECT json_object('Photo', x'0102')")); // SQLite refuses it too
        }

        private object? Scalar(string sql)
        {
            using var command = _connection.CreateCommand();
            command.CommandText = sql;
            return command.ExecuteScalar();
        }
    }
}
