using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using Xunit;

namespace DbScoring.Conversion.Tests.Onnx
{
    /// <summary>ONNX Runtime's operator test cases (build_ort_cases.py), written once for the test class.</summary>
    [CollectionDefinition(OrtOperatorCases.Collection)]
    public sealed class OrtOperatorCasesCollection : ICollectionFixture<OrtOperatorCases>
    {
    }

    /// <summary>
    /// Writes ONNX Runtime's ai.onnx.ml operator cases as models with python3-onnx and reads their manifest (cases.json):
    /// per case the ORT file and test it transcribes, and per DbScoring model the rows, ORT's expected outputs and
    /// tolerance, or the words its refusal must contain.
    /// </summary>
    public sealed class OrtOperatorCases : IDisposable
    {
        public const string Collection = "ONNX Runtime operator cases";

        public OrtOperatorCases()
        {
            Folder = Path.Combine(Path.GetTempPath(), "dbscoring-ort-cases-" + Environment.ProcessId);
            if (!PythonScript.Run("build_ort_cases.py", Folder))
            {
                SkipReason = "No Python with onnx (Debian: apt-get install python3-onnx; .ci/run installs it).";
                return;
            }
            using var manifest = JsonDocument.Parse(System.IO.File.ReadAllText(File("cases.json")));
            Cases = manifest.RootElement.GetProperty("cases").EnumerateArray().Select(OrtCase.Read).ToList();
        }

        public string Folder { get; }
        public string? SkipReason { get; }
        public IReadOnlyList<OrtCase> Cases { get; } = new List<OrtCase>();
        public string File(string name) => Path.Combine(Folder, name);

        public void Dispose()
        {
            try { if (Directory.Exists(Folder)) Directory.Delete(Folder, recursive: true); } catch (IOException) { }
        }
    }

    /// <summary>One ORT test (its file under onnxruntime/test/providers/cpu/ml and its name) and the DbScoring models that check it.</summary>
    public sealed record OrtCase(string Name, string Source, string Test, string Note, IReadOnlyList<OrtCheck> Checks)
    {
        public static OrtCase Read(JsonElement e) => new(e.GetProperty("name").GetString()!, e.GetProperty("source").GetString()!,
            e.GetProperty("test").GetString()!, e.GetProperty("note").GetString()!, e.GetProperty("checks").EnumerateArray().Select(OrtCheck.Read).ToList());
    }

    /// <summary>
    /// One model of a case: converted with --target when given, its rows (DbScoring's inputs in order; null = missing)
    /// scored and compared with ORT's expected outputs within ORT's tolerance — or refused with the given words.
    /// <see cref="FloatRoundingRows"/>: rows (from 0) whose double input is not a float and whose rounding to float
    /// crosses a split, where DbScoring (which holds floats) cannot give ORT's double answer: the parity gate must
    /// refuse the model on exactly those rows, and pass without them.
    /// </summary>
    public sealed record OrtCheck(string Model, int? Target, IReadOnlyList<object?[]> Rows, double Tolerance, IReadOnlyList<string>? Refused,
        IReadOnlyList<string>? Labels, IReadOnlyList<double>? Scores, IReadOnlyList<double>? Probabilities, IReadOnlyList<double[]>? ClassScores,
        IReadOnlyList<int> FloatRoundingRows)
    {
        public static OrtCheck Read(JsonElement e) => new(
            e.GetProperty("model").GetString()!,
            e.GetProperty("target").ValueKind == JsonValueKind.Null ? null : e.GetProperty("target").GetInt32(),
            e.GetProperty("rows").EnumerateArray().Select(r => r.EnumerateArray().Select(Value).ToArray()).ToList(),
            e.GetProperty("tolerance").GetDouble(),
            Optional(e, "refused", a => a.EnumerateArray().Select(v => v.GetString()!).ToList()),
            Optional(e, "labels", a => a.EnumerateArray().Select(v => v.GetString()!).ToList()),
            Optional(e, "scores", Numbers),
            Optional(e, "probabilities", Numbers),
            Optional(e, "class_scores", a => a.EnumerateArray().Select(r => Numbers(r).ToArray()).ToList()),
            Optional(e, "float_rounding_rows", a => a.EnumerateArray().Select(v => v.GetInt32()).ToList()) ?? new List<int>());

        private static T? Optional<T>(JsonElement e, string name, Func<JsonElement, T> read) where T : class =>
            e.TryGetProperty(name, out var value) ? read(value) : null;

        private static List<double> Numbers(JsonElement array) => array.EnumerateArray().Select(v => (double)Value(v)!).ToList();

        /// <summary>A number, a text, null (missing), or the text "NaN" (JSON has no NaN) as NaN.</summary>
        private static object? Value(JsonElement v) => v.ValueKind switch
        {
            JsonValueKind.Null => null,
            JsonValueKind.Number => v.GetDouble(),
            _ => v.GetString() == "NaN" ? double.NaN : v.GetString(),
        };
    }
}
