using System;
using DbScoring.Runtime;

namespace DbScoring.SqlClr;

/// <summary>Plain C# behind the SQL entry points: score one packed row with a cached model.</summary>
internal static class Scoring
{
    /// <summary>Scores one packed input row and returns the packed prediction.</summary>
    internal static byte[] PredictPacked(CachedModel cached, byte[] packedInputs)
    {
        Scorer scorer = cached.Rent();
        try
        {
            var flags = new byte[cached.Model.Inputs.Count];
            InputCodec.Apply(packedInputs, cached, scorer, flags);
            return PredictionCodec.Pack(scorer.Predict(), flags);
        }
        finally
        {
            cached.Return(scorer);
        }
    }

    /// <summary>
    /// Scores one packed input row and returns the packed prediction, or — when this row cannot be scored — a refusal
    /// (<see cref="PredictionCodec.PackRefusal"/>) saying why, so that one bad row is recorded instead of failing the batch:
    /// a value of the wrong type or text that is not a value of its input's kind (the runtime's message, as the embedded
    /// store records it), or an error inside the model. Resource failures (out of memory, thread abort) still fail.
    /// </summary>
    internal static byte[] TryPredictPacked(CachedModel cached, byte[] packedInputs)
    {
        try
        {
            return PredictPacked(cached, packedInputs);
        }
        catch (Exception e) when (IsRowFault(e))
        {
            return PredictionCodec.PackRefusal(RefusalReason(e));
        }
    }

    /// <summary>
    /// As <see cref="TryPredictPacked"/>, as a typed row: the prediction, or a row whose <see cref="PredictionRow.Reason"/>
    /// says why it could not be scored — the same reason ScoreTable records (replay compares the two).
    /// </summary>
    internal static PredictionRow TryPredictRow(CachedModel cached, byte[] packedInputs)
    {
        try
        {
            return PredictRow(cached, packedInputs);
        }
        catch (Exception e) when (IsRowFault(e))
        {
            return PredictionRow.Refused(RefusalReason(e));
        }
    }

    /// <summary>A failure of this row (its values, or the model on them), not of the server: resource failures still fail.</summary>
    private static bool IsRowFault(Exception e) => !(e is OutOfMemoryException || e is System.Threading.ThreadAbortException || e is StackOverflowException);

    /// <summary>
    /// Why a row could not be scored, cut at <see cref="PredictionCodec.MaxReasonChars"/>: the runtime's message for a value of the
    /// wrong type or text that is not a value of its input's kind (as the embedded store records it), else the model's error.
    /// </summary>
    private static string RefusalReason(Exception e)
    {
        string reason = e is FormatException || e is ArgumentException ? e.Message : "The model failed on this row: " + e.Message;
        return reason.Length > PredictionCodec.MaxReasonChars ? reason.Substring(0, PredictionCodec.MaxReasonChars) : reason;
    }

    /// <summary>Scores one packed input row and copies the prediction (the scorer's object is reused).</summary>
    internal static PredictionRow PredictRow(CachedModel cached, byte[] packedInputs)
    {
        Scorer scorer = cached.Rent();
        try
        {
            InputCodec.Apply(packedInputs, cached, scorer, new byte[cached.Model.Inputs.Count]);
            Prediction p = scorer.Predict();
            return new PredictionRow(p.PredictedClass, p.PredictedLabel, p.Score, p.Probability);
        }
        finally
        {
            cached.Return(scorer);
        }
    }
}

/// <summary>An immutable copy of one prediction, for the table-valued function's row.</summary>
internal sealed class PredictionRow
{
    internal PredictionRow(int predictedClass, string? predictedLabel, float score, float probability, string? reason = null)
    {
        PredictedClass = predictedClass;
        PredictedLabel = predictedLabel;
        Score = score;
        Probability = probability;
        Reason = reason;
    }

    /// <summary>A row that could not be scored: no outputs, only why.</summary>
    internal static PredictionRow Refused(string reason) => new PredictionRow(0, null, float.NaN, float.NaN, reason);

    /// <summary>Why the row could not be scored; null when it was scored.</summary>
    internal string? Reason { get; }

    /// <summary>Binary 0/1, multiclass index, regression -1.</summary>
    internal int PredictedClass { get; }

    /// <summary>Label; null for regression.</summary>
    internal string? PredictedLabel { get; }

    /// <summary>Raw score (regression: the prediction).</summary>
    internal float Score { get; }

    /// <summary>Calibrated probability; NaN when the model has none.</summary>
    internal float Probability { get; }
}
