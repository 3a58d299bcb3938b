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
        catch (FormatException e)
        {
            return PredictionCodec.PackRefusal(e.Message);
        }
        catch (ArgumentException e)
        {
            return PredictionCodec.PackRefusal(e.Message);
        }
        catch (Exception e) when (!(e is OutOfMemoryException || e is System.Threading.ThreadAbortException || e is StackOverflowException))
        {
            return PredictionCodec.PackRefusal("The model failed on this row: " + e.Message);
        }
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
    internal PredictionRow(int predictedClass, string? predictedLabel, float score, float probability)
    {
        PredictedClass = predictedClass;
        PredictedLabel = predictedLabel;
        Score = score;
        Probability = probability;
    }

    /// <summary>Binary 0/1, multiclass index, regression -1.</summary>
    internal int PredictedClass { get; }

    /// <summary>Label; null for regression.</summary>
    internal string? PredictedLabel { get; }

    /// <summary>Raw score (regression: the prediction).</summary>
    internal float Score { get; }

    /// <summary>Calibrated probability; NaN when the model has none.</summary>
    internal float Probability { get; }
}
