using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using DbScoring.Runtime;
using DbScoring.Runtime.Explanations;

namespace DbScoring.Store.Sqlite
{
    /// <summary>
    /// The runtime as SQL functions on one SQLite connection (docs/embedded-store.md):
    /// <code>
    /// dbscoring_predict(model_ref, 'Input1', value1, 'Input2', value2, ...)      -- JSON text: model, version, label, class, score, probability[, classScores]
    /// dbscoring_score(...), dbscoring_probability(...), dbscoring_label(...), dbscoring_class(...), dbscoring_class_scores(...)
    /// dbscoring_explain(model_ref, n, 'Input1', value1, ...)                      -- JSON reason codes: the n strongest (NULL or 0: all)
    /// dbscoring_sha256(text or blob)                                               -- 64 hex digits
    /// </code>
    /// model_ref is 'churn@production', 'churn:3' or 'churn' (= churn@production). Every model input must be named
    /// exactly once (case-insensitive); NULL means missing. An alias is resolved at its first use on the connection and
    /// stays resolved until the store moves an alias or <c>SELECT dbscoring_refresh()</c>, so one statement never mixes
    /// versions. SQLite calls functions on the connection's thread, so one <see cref="Scorer"/> per model per connection
    /// is enough. The last row's prediction is kept, so that several output functions over the same arguments in one
    /// SELECT score the row once.
    /// This file is binding-free: the store registers <see cref="Definitions"/> through Microsoft.Data.Sqlite
    /// (SqliteScoringFunctions.Registration.cs) and the loadable extension (src/DbScoring.SqliteExtension) through the
    /// host's sqlite3 API, so both give the same results and the same error texts.
    /// </summary>
    internal sealed partial class SqliteScoringFunctions
    {
        /// <summary>Every function, as both bindings register it.</summary>
        internal static readonly IReadOnlyList<SqliteFunctionDefinition> Definitions = new[]
        {
            new SqliteFunctionDefinition("dbscoring_predict", -1, true, (f, args) => f.PredictJson(args)),
            new SqliteFunctionDefinition("dbscoring_score", -1, true, (f, args) => Nullable(f.Score(args).Score)),
            new SqliteFunctionDefinition("dbscoring_probability", -1, true, (f, args) => Nullable(f.Score(args).Probability)),
            new SqliteFunctionDefinition("dbscoring_label", -1, true, (f, args) => f.Score(args).Label),
            new SqliteFunctionDefinition("dbscoring_class", -1, true, (f, args) => f.Score(args).Class),
            new SqliteFunctionDefinition("dbscoring_class_scores", -1, true, (f, args) => f.Score(args).ClassScoresJson),
            new SqliteFunctionDefinition("dbscoring_explain", -1, true, (f, args) => f.ExplainJson(args)),
            new SqliteFunctionDefinition("dbscoring_error", -1, true, (f, args) => f.RowError(args)),
            new SqliteFunctionDefinition("dbscoring_outcome", -1, true, (f, args) => f.Outcome(args)),
            new SqliteFunctionDefinition("dbscoring_outcome_field", 2, true, (f, args) => OutcomeField(args)),
            new SqliteFunctionDefinition("dbscoring_split_bucket", -1, true, (f, args) => SplitBucketOf(args)),
            new SqliteFunctionDefinition("dbscoring_sha256", 1, true, (f, args) => Sha256(args[0])),
            new SqliteFunctionDefinition("dbscoring_refresh", 0, false, (f, args) => { f.Invalidate(); return 1L; }),
        };

        private readonly Func<ModelRef, ResolvedModel> _resolve;
        private readonly Dictionary<string, Entry> _entries = new Dictionary<string, Entry>(StringComparer.Ordinal);
        private Entry? _last;

        /// <summary>Function state for one connection; <paramref name="resolve"/> resolves and loads a model reference.</summary>
        internal SqliteScoringFunctions(Func<ModelRef, ResolvedModel> resolve) { _resolve = resolve; }

        /// <summary>Forgets alias resolutions (loaded models stay cached in the catalog).</summary>
        internal void Invalidate()
        {
            _entries.Clear();
            _last = null;
        }

        /// <summary>Resolves a reference now and keeps it (ScoreTable does this before its statements run).</summary>
        internal ResolvedModel Preload(string modelRef, ResolvedModel resolved)
        {
            var entry = new Entry(resolved) { Ref = modelRef };
            _entries[modelRef] = entry;
            _last = entry;
            return resolved;
        }

        private static object? Nullable(float value) => float.IsNaN(value) ? null : (double)value;

        /// <summary>SHA-256 of text (its UTF-8 bytes) or of a blob's bytes, as 64 lowercase hex digits; NULL for NULL.</summary>
        internal static string? Sha256(object? value) => value switch
        {
            null or DBNull => null,
            string text => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text))),
            byte[] bytes => Convert.ToHexStringLower(SHA256.HashData(bytes)),
            _ => throw new ArgumentException("dbscoring_sha256 takes text or a blob; for a number, hash CAST(value AS TEXT)."),
        };

        private string PredictJson(object?[] args)
        {
            var entry = Bind(args);
            var r = Score(args, entry);
            using var stream = new MemoryStream();
            using (var w = new Utf8JsonWriter(stream))
            {
                w.WriteStartObject();
                w.WriteString("model", entry.Resolved.Model);
                w.WriteNumber("version", entry.Resolved.Version);
                if (r.Label != null) w.WriteString("label", r.Label); else w.WriteNull("label");
                if (r.Class.HasValue) w.WriteNumber("class", r.Class.Value); else w.WriteNull("class");
                WriteFloat(w, "score", r.Score);
                WriteFloat(w, "probability", r.Probability);
                if (r.ClassScores.Length > 0)
                {
                    w.WritePropertyName("classScores");
                    WriteArray(w, r.ClassScores);
                }
                w.WriteEndObject();
            }
            return Encoding.UTF8.GetString(stream.GetBuffer(), 0, (int)stream.Length);
        }

        /// <summary>A JSON array of floats, NaN as null (written by hand: no reflection, so it runs under Native AOT).</summary>
        internal static string ClassScoresJson(float[] values) => ArrayJson(values);

        private static string ArrayJson(float[] values)
        {
            using var stream = new MemoryStream();
            using (var w = new Utf8JsonWriter(stream)) WriteArray(w, values);
            return Encoding.UTF8.GetString(stream.GetBuffer(), 0, (int)stream.Length);
        }

        private static void WriteArray(Utf8JsonWriter w, float[] values)
        {
            w.WriteStartArray();
            foreach (float v in values) { if (float.IsNaN(v) || float.IsInfinity(v)) w.WriteNullValue(); else w.WriteNumberValue(v); }
            w.WriteEndArray();
        }

        private static void WriteFloat(Utf8JsonWriter w, string name, float value)
        {
            if (float.IsNaN(value) || float.IsInfinity(value)) w.WriteNull(name); else w.WriteNumber(name, value);
        }

        private Result Score(object?[] args) => Score(args, Bind(args));

        /// <summary>
        /// dbscoring_error(model_ref, 'Input', value, ...): NULL when the row scores, else why it cannot — a value of the wrong
        /// type, text that is not a value of its input's kind, or an error inside the model — so that one bad row is recorded
        /// instead of failing the statement. A wrong model reference or input list is still an error of the statement.
        /// </summary>
        private string? RowError(object?[] args)
        {
            var entry = Bind(args);
            entry.Map(args);
            try
            {
                Score(args, entry);
                return null;
            }
            catch (FormatException e)
            {
                return e.Message;
            }
            catch (ArgumentException e)
            {
                return e.Message;
            }
            catch (Exception e) when (!(e is OutOfMemoryException))
            {
                return $"Model '{entry.Resolved.Model}' version {entry.Resolved.Version} failed on this row: {e.Message}";
            }
        }

        /// <summary>dbscoring_split_bucket(salt, row_key): 0 … 9,999, see <see cref="Runtime.Monitoring.SplitBucket"/>.</summary>
        private static object SplitBucketOf(object?[] args)
        {
            if (args.Length != 2 || !(args[0] is string salt) || args[1] == null || args[1] is DBNull)
                throw new ArgumentException("dbscoring_split_bucket takes a salt and a row key, both text.");
            string key = args[1] as string ?? Convert.ToString(args[1], CultureInfo.InvariantCulture)!;
            return (long)Runtime.Monitoring.SplitBucket.Of(salt, key);
        }

        private Entry Bind(object?[] args)
        {
            if (args.Length == 0 || !(args[0] is string modelRef))
                throw new ArgumentException("The first argument of a dbscoring_ function is the model reference as text ('churn@production' or 'churn:3').");
            if ((args.Length - 1) % 2 != 0)
                throw new ArgumentException($"After the model reference, dbscoring_ functions take 'InputName', value pairs; {args.Length - 1} arguments is an odd number.");
            var last = _last;
            if (last != null && string.Equals(last.Ref, modelRef, StringComparison.Ordinal)) return last;
            if (!_entries.TryGetValue(modelRef, out var entry))
            {
                entry = new Entry(_resolve(ModelRef.Parse(modelRef))) { Ref = modelRef };
                _entries[modelRef] = entry;
            }
            entry.Ref = modelRef;
            _last = entry;
            return entry;
        }

        /// <summary>
        /// dbscoring_explain(model_ref, n, 'Input1', value1, ...): the row's reason codes as <see cref="ExplanationJson"/>,
        /// the n strongest (NULL or 0: all inputs). A model that cannot be explained fails the statement with the reason.
        /// </summary>
        internal string ExplainJson(object?[] args)
        {
            if (args.Length < 2)
                throw new ArgumentException("dbscoring_explain takes the model reference, the number of reasons (NULL or 0 for all), then 'InputName', value pairs.");
            int top = args[1] switch
            {
                null or DBNull => 0,
                long n when n >= 0 && n <= int.MaxValue => (int)n,
                _ => throw new ArgumentException($"The second argument of dbscoring_explain is the number of reasons: a whole number ≥ 0 (0 or NULL for all), not {args[1]}."),
            };
            var pairs = new object?[args.Length - 1];
            pairs[0] = args[0];
            Array.Copy(args, 2, pairs, 1, args.Length - 2);
            var entry = Bind(pairs);
            string? refusal = entry.Resolved.ScoringModel.ExplanationRefusal;
            if (refusal != null) throw new ArgumentException($"Model '{entry.Resolved.Model}' version {entry.Resolved.Version}: {refusal}");
            SetInputs(pairs, entry);
            entry.Explanation ??= new Explanation(entry.Resolved.ScoringModel);
            entry.Scorer.Explain(entry.Explanation);
            return ExplanationJson.Write(entry.Explanation, top);
        }

        private static Result Score(object?[] args, Entry entry)
        {
            if (entry.MemoArgs != null && SameArgs(entry.MemoArgs, args)) return entry.Memo;
            SetInputs(args, entry);
            var p = entry.Scorer.Predict();
            var memo = entry.Memo;
            memo.Score = p.Score;
            memo.Probability = p.Probability;
            memo.Label = p.PredictedLabel;
            memo.Class = entry.Resolved.ScoringModel.Kind == PredictionKind.Regression ? null : p.PredictedClass;
            if (memo.ClassScores.Length != p.ClassScores.Length) memo.ClassScores = new float[p.ClassScores.Length];
            Array.Copy(p.ClassScores, memo.ClassScores, p.ClassScores.Length);
            memo.ClassScoresJson = memo.ClassScores.Length == 0 ? null : ArrayJson(memo.ClassScores);
            if (entry.MemoArgs == null || entry.MemoArgs.Length != args.Length) entry.MemoArgs = new object?[args.Length];
            Array.Copy(args, entry.MemoArgs, args.Length);
            return memo;
        }

        /// <summary>Sets the scorer's inputs from the name/value pairs after the model reference.</summary>
        private static void SetInputs(object?[] args, Entry entry)
        {
            int[] map = entry.Map(args);
            for (int i = 0; i < map.Length; i++) SetValue(entry.Scorer, map[i], args[2 + 2 * i]);
        }

        /// <summary>
        /// Sets input <paramref name="input"/> from an SQLite value (NULL, integer, real, text), as every dbscoring_
        /// function does — and as replay does with the logged inputs, so that a replay sets exactly what scoring set.
        /// </summary>
        internal static void SetValue(Scorer scorer, int input, object? value)
        {
            var inputs = scorer.Model.Inputs;
            switch (value)
            {
                case null: case DBNull _: scorer.SetMissing(input); break;
                case long l:
                    if (inputs[input].Kind == InputKind.Text) scorer.SetText(input, l.ToString(CultureInfo.InvariantCulture));
                    else scorer.SetNumber(input, l);
                    break;
                case double d:
                    if (inputs[input].Kind == InputKind.Text) scorer.SetText(input, d.ToString("R", CultureInfo.InvariantCulture));
                    else scorer.SetNumber(input, d);
                    break;
                case string s: scorer.SetText(input, s); break;
                default:
                    throw new ArgumentException($"Input '{inputs[input].Name}' was given a {value.GetType().Name}; give a number, text or NULL.");
            }
        }

        private static bool SameArgs(object?[] a, object?[] b)
        {
            if (a.Length != b.Length) return false;
            for (int i = 1; i < a.Length; i++)
                if (!Equals(a[i], b[i])) return false;
            return true;
        }

        /// <summary>The outputs of the last scored row.</summary>
        private sealed class Result
        {
            internal float Score;
            internal float Probability;
            internal string? Label;
            internal long? Class;
            internal float[] ClassScores = Array.Empty<float>();
            internal string? ClassScoresJson;
        }

        /// <summary>One resolved model reference on this connection: its scorer and the last name → input map.</summary>
        private sealed class Entry
        {
            private string[] _names = Array.Empty<string>();
            private int[] _map = Array.Empty<int>();

            internal Entry(ResolvedModel resolved)
            {
                Resolved = resolved;
                Scorer = resolved.ScoringModel.CreateScorer();
            }

            internal string Ref = "";
            internal ResolvedModel Resolved { get; }
            internal Scorer Scorer { get; }
            internal Result Memo { get; } = new Result();
            internal object?[]? MemoArgs;
            internal Explanation? Explanation; // created on the first dbscoring_explain call

            /// <summary>Input index for each name/value pair; checked once per distinct list of names.</summary>
            internal int[] Map(object?[] args)
            {
                int pairs = (args.Length - 1) / 2;
                if (pairs == _names.Length)
                {
                    bool same = true;
                    for (int i = 0; i < pairs && same; i++)
                        same = args[1 + 2 * i] is string n && string.Equals(n, _names[i], StringComparison.Ordinal);
                    if (same) return _map;
                }
                var model = Resolved.ScoringModel;
                var names = new string[pairs];
                var map = new int[pairs];
                var seen = new bool[model.Inputs.Count];
                var problems = new List<string>();
                for (int i = 0; i < pairs; i++)
                {
                    if (!(args[1 + 2 * i] is string name))
                        throw new ArgumentException($"Argument {2 + 2 * i} must be an input name as text.");
                    names[i] = name;
                    int index = model.FindInput(name);
                    if (index < 0) problems.Add($"it has no input '{name}'");
                    else if (seen[index]) problems.Add($"input '{name}' is given twice");
                    else seen[index] = true;
                    map[i] = index;
                }
                var missing = new List<string>();
                for (int i = 0; i < seen.Length; i++) if (!seen[i]) missing.Add(model.Inputs[i].Name);
                if (missing.Count > 0) problems.Add("inputs not given: " + string.Join(", ", missing) + " (pass NULL for a missing value)");
                if (problems.Count > 0)
                    throw new ArgumentException($"Model '{Resolved.Model}' version {Resolved.Version}: " + string.Join("; ", problems) + ".");
                _names = names;
                _map = map;
                return map;
            }
        }
    }
}
