using System;
using System.Text;
using DbScoring.Runtime.Format;

namespace DbScoring.Store.Sqlite
{
    /// <summary>
    /// A row's whole outcome as one value, for statements that need several outputs of a row (score-table's fill):
    /// <c>dbscoring_outcome(model_ref, 'Input1', value1, ...)</c> scores the row once and returns a BLOB holding either
    /// why the row cannot be scored (as dbscoring_error) or all its outputs; <c>dbscoring_outcome_field(outcome, 'score')</c>
    /// reads one of them ('error', 'label', 'class', 'score', 'probability', 'class_scores'), exactly the value the
    /// output function of that name returns. Each output function marshals every argument of the row again (SQLite hands
    /// a function its arguments one by one); the field function marshals one short BLOB.
    /// </summary>
    /// <remarks>
    /// The BLOB is a value inside one statement, never stored: 00 | UTF-8 error text, or 01 | f32 score | f32 probability |
    /// u8 has class | i64 class | label | class scores JSON, texts as <see cref="BlobWriter"/> writes them (u32 length,
    /// UTF-8) with a u8 presence byte before each.
    /// </remarks>
    internal sealed partial class SqliteScoringFunctions
    {
        private const byte OutcomeError = 0, OutcomeScored = 1;

        private readonly BlobWriter _outcome = new BlobWriter();

        /// <summary>dbscoring_outcome(model_ref, 'Input', value, ...).</summary>
        private byte[] Outcome(object?[] args)
        {
            _outcome.Clear();
            string? error = RowError(args);
            if (error != null)
            {
                _outcome.WriteByte(OutcomeError);
                _outcome.WriteBytes(Encoding.UTF8.GetBytes(error));
                return _outcome.ToArray();
            }
            var r = Score(args); // the row RowError just scored: the memo answers
            _outcome.WriteByte(OutcomeScored);
            _outcome.WriteSingle(r.Score);
            _outcome.WriteSingle(r.Probability);
            _outcome.WriteBoolean(r.Class.HasValue);
            _outcome.WriteInt64(r.Class ?? 0);
            WriteOptionalText(r.Label);
            WriteOptionalText(r.ClassScoresJson);
            return _outcome.ToArray();
        }

        /// <summary>
        /// What <c>dbscoring_outcome</c> holds, as values (score-table's batch pipeline scores in C# and needs no BLOB):
        /// the row's error, or its outputs exactly as the output functions return them.
        /// </summary>
        internal sealed class RowOutcome
        {
            internal string? Error;
            internal string? Label;
            internal long? Class;
            internal double? Score;
            internal double? Probability;
            internal string? ClassScores;
        }

        /// <summary>Scores a row given as dbscoring_outcome's arguments (model_ref, 'Input', value, ...) into <paramref name="into"/>.</summary>
        internal void Evaluate(object?[] args, RowOutcome into)
        {
            into.Error = RowError(args);
            if (into.Error != null)
            {
                into.Label = null; into.Class = null; into.Score = null; into.Probability = null; into.ClassScores = null;
                return;
            }
            var r = Score(args); // the row RowError just scored: the memo answers
            into.Label = r.Label;
            into.Class = r.Class;
            into.Score = (double?)Nullable(r.Score);
            into.Probability = (double?)Nullable(r.Probability);
            into.ClassScores = r.ClassScoresJson;
        }

        private void WriteOptionalText(string? text)
        {
            _outcome.WriteBoolean(text != null);
            if (text != null) _outcome.WriteString(text);
        }

        /// <summary>dbscoring_outcome_field(outcome, field): NULL for a NULL outcome (no row was scored there).</summary>
        private static object? OutcomeField(object?[] args)
        {
            if (args.Length != 2 || !(args[1] is string field))
                throw new ArgumentException("dbscoring_outcome_field takes an outcome (from dbscoring_outcome) and a field name.");
            if (args[0] == null || args[0] is DBNull) return null;
            if (!(args[0] is byte[] outcome) || outcome.Length == 0 || outcome[0] > OutcomeScored)
                throw new ArgumentException("The first argument of dbscoring_outcome_field must be a value returned by dbscoring_outcome.");
            if (outcome[0] == OutcomeError)
                return field == "error" ? Encoding.UTF8.GetString(outcome, 1, outcome.Length - 1) : null;
            var r = new BlobReader(outcome, 0, outcome.Length, "outcome");
            r.ReadByte();
            float score = r.ReadSingle(), probability = r.ReadSingle();
            bool hasClass = r.ReadBoolean();
            long @class = r.ReadInt64();
            string? label = r.ReadBoolean() ? r.ReadString() : null;
            string? classScores = r.ReadBoolean() ? r.ReadString() : null;
            return field switch
            {
                "error" => null,
                "score" => Nullable(score),
                "probability" => Nullable(probability),
                "label" => label,
                "class" => hasClass ? @class : (object?)null,
                "class_scores" => classScores,
                _ => throw new ArgumentException($"dbscoring_outcome_field: no field '{field}'; give error, label, class, score, probability or class_scores."),
            };
        }
    }
}
