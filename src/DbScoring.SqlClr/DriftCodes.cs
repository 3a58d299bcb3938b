using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using DbScoring.Runtime;
using DbScoring.Runtime.Monitoring;
using DbScoring.SqlClr.Generation;

namespace DbScoring.SqlClr;

/// <summary>
/// Drift on SQL Server, set-based: <see cref="OfRow"/> gives each scored row one drift code per input and output (the
/// runtime's <see cref="DriftCoder"/>), T-SQL counts the codes per batch with GROUP BY, <see cref="BatchCounts"/> turns
/// those counts into the per-bucket counts both stores keep (ScoringRunDriftCounts), and <see cref="RunDrift"/> sums a
/// run's stored batches into the PSI report (<see cref="StoredDriftCounts.Report"/>). None of them reads data.
/// </summary>
/// <remarks>
/// Row codes, version 1 (transient: produced and counted inside one batch): 2 bytes per distribution, big-endian, model
/// inputs in input order then the profile outputs in profile order; a code is a bucket index or
/// <see cref="Distribution.BelowCode"/>/<see cref="Distribution.AboveCode"/>. T-SQL reads code i as
/// <c>CONVERT(int, SUBSTRING(Codes, 2 * i + 1, 2))</c>.
/// </remarks>
internal static class DriftCodes
{
    /// <summary>Bytes per code.</summary>
    internal const int CodeBytes = 2;

    /// <summary>
    /// The drift codes of one scored row: its packed inputs (<see cref="InputCodec"/>) read as <see cref="InputCodec.Apply"/>
    /// gives them to the model, and its packed prediction (<see cref="PredictionCodec"/>). Null when the model has no profile.
    /// </summary>
    /// <exception cref="ArgumentException">The packed inputs or prediction are malformed.</exception>
    internal static byte[]? OfRow(CachedModel cached, byte[] packedInputs, byte[] packedPrediction)
    {
        DriftCoder? coder = cached.Drift;
        if (coder is null)
        {
            return null;
        }

        IReadOnlyList<InputColumn> inputs = cached.Model.Inputs;
        object?[] values = InputCodec.Decode(packedInputs);
        if (values.Length != inputs.Count)
        {
            throw new ArgumentException("The packed inputs carry " + values.Length + " fields; the model has " + inputs.Count + " inputs.", nameof(packedInputs));
        }

        var codes = new int[coder.CodesPerRow];
        for (int i = 0; i < inputs.Count; i++)
        {
            switch (values[i])
            {
                case null:
                    codes[i] = coder.InputMissing(i);
                    break;
                case double number:
                    // As InputCodec.Apply: a number sent to a text input is its round-trip text.
                    codes[i] = inputs[i].Kind == InputKind.Text ? coder.InputText(i, number.ToString("R", CultureInfo.InvariantCulture)) : coder.InputNumber(i, number);
                    break;
                default:
                    codes[i] = coder.InputText(i, (string)values[i]!);
                    break;
            }
        }

        PredictionRow prediction = PredictionCodec.Unpack(packedPrediction, out _);
        coder.Outputs(prediction.Score, prediction.Probability, prediction.PredictedLabel, codes, inputs.Count);
        var bytes = new byte[CodeBytes * codes.Length];
        for (int i = 0; i < codes.Length; i++)
        {
            bytes[2 * i] = (byte)(codes[i] >> 8);
            bytes[(2 * i) + 1] = (byte)codes[i];
        }

        return bytes;
    }

    /// <summary>
    /// One batch's code counts, as T-SQL aggregates them (JSON array of <c>{"d": distribution index, "c": code, "n": rows}</c>),
    /// turned into the bucket counts of every input and output (all of them, with zero rows where nothing was counted).
    /// </summary>
    /// <exception cref="ArgumentException">The model has no profile, or a count names no distribution or bucket of it.</exception>
    internal static List<StoredDriftCounts> BatchCounts(CachedModel cached, string codeCountsJson)
    {
        DriftCoder coder = cached.Drift ?? throw new ArgumentException("The model has no training profile: there are no drift counts.", nameof(cached));
        TrainingProfile profile = coder.Profile;
        var counts = new List<DistributionCounts>();
        foreach (Distribution d in profile.Inputs)
        {
            counts.Add(new DistributionCounts(d));
        }

        foreach (Distribution d in profile.Outputs)
        {
            counts.Add(new DistributionCounts(d));
        }

        foreach (JsonValue item in JsonValue.Parse(codeCountsJson).Items)
        {
            int index = item["d"].AsInt(-1);
            if (index < 0 || index >= counts.Count)
            {
                throw new ArgumentException("Drift count for distribution " + index + ": the profile has " + counts.Count + ".", nameof(codeCountsJson));
            }

            counts[index].AddCode(item["c"].AsInt(-1), item["n"].AsLong(-1));
        }

        var stored = new List<StoredDriftCounts>(counts.Count);
        for (int i = 0; i < counts.Count; i++)
        {
            stored.Add(StoredDriftCounts.Of(counts[i], i >= profile.Inputs.Count));
        }

        return stored;
    }

    /// <summary>
    /// The drift report of a run from its stored batches (JSON array of <c>{"isOutput", "name", "buckets": [...], "belowRange",
    /// "aboveRange"}</c>, as ScoringRunDriftCounts holds them) against the thresholds in force for the run.
    /// </summary>
    internal static DriftReport RunDrift(CachedModel cached, string storedJson, double warningPsi, double alertPsi)
    {
        DriftCoder coder = cached.Drift ?? throw new ArgumentException("The model has no training profile: there is no drift to report.", nameof(cached));
        var batches = new List<StoredDriftCounts>();
        foreach (JsonValue item in JsonValue.Parse(storedJson).Items)
        {
            IReadOnlyList<JsonValue> bucketItems = item["buckets"].Items;
            var buckets = new long[bucketItems.Count];
            for (int i = 0; i < buckets.Length; i++)
            {
                buckets[i] = bucketItems[i].AsLong();
            }

            batches.Add(new StoredDriftCounts(item["isOutput"].AsBool(), item["name"].AsString() ?? string.Empty, buckets,
                item["belowRange"].AsLong(), item["aboveRange"].AsLong()));
        }

        return StoredDriftCounts.Report(coder.Profile, batches, new DriftThresholds(warningPsi, alertPsi));
    }

    /// <summary>Bucket counts as the JSON array ScoringRunDriftCounts.Buckets holds: <c>[12,0,7]</c>.</summary>
    internal static string BucketsJson(long[] buckets)
    {
        var sb = new StringBuilder("[");
        for (int i = 0; i < buckets.Length; i++)
        {
            sb.Append(i == 0 ? string.Empty : ",").Append(buckets[i].ToString(CultureInfo.InvariantCulture));
        }

        return sb.Append(']').ToString();
    }
}
