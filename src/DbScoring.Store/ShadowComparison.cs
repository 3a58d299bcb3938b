using System;
using System.Collections.Generic;
using System.Linq;
using DbScoring.Runtime.Monitoring;

namespace DbScoring.Store
{
    /// <summary>One row scored by both the primary (champion) and the shadow (challenger) of a run.</summary>
    public sealed record ShadowPair(string? PrimaryLabel, double? PrimaryScore, string? ShadowLabel, double? ShadowScore, long PrimaryVersionId, long ShadowVersionId);

    /// <summary>
    /// How a shadow version scored the rows of a run compared with the primary (scoring.ShadowComparison on SQL Server):
    /// rows, label agreement, the mean and largest |Δ score|, the PSI between the two score distributions (over the deciles
    /// of the primary's scores, <see cref="Psi"/>), and the label confusion table. Rows refused by either side are left out.
    /// </summary>
    public sealed class ShadowComparison
    {
        /// <summary>The run.</summary>
        public long RunId { get; init; }
        /// <summary>Model name.</summary>
        public string Model { get; init; } = "";
        /// <summary>The primary's (champion's) version.</summary>
        public int PrimaryVersion { get; init; }
        /// <summary>The shadow's (challenger's) version.</summary>
        public int ShadowVersion { get; init; }
        /// <summary>Rows scored by both.</summary>
        public long Rows { get; init; }
        /// <summary>Share of rows with the same predicted label; null for regression.</summary>
        public double? LabelAgreement { get; init; }
        /// <summary>Mean |shadow score − primary score| over rows where both have a score.</summary>
        public double? MeanAbsScoreDifference { get; init; }
        /// <summary>Largest |shadow score − primary score|.</summary>
        public double? MaxAbsScoreDifference { get; init; }
        /// <summary>PSI of the shadow's score distribution against the primary's (bins: the primary's deciles).</summary>
        public double? ScorePsi { get; init; }
        /// <summary>Rows per (primary label, shadow label), most frequent first; empty for regression.</summary>
        public IReadOnlyList<LabelPair> Confusion { get; init; } = Array.Empty<LabelPair>();

        /// <summary>Computes the comparison of <paramref name="pairs"/>.</summary>
        public static ShadowComparison Create(long runId, string model, int primaryVersion, int shadowVersion, IReadOnlyList<ShadowPair> pairs)
        {
            if (pairs == null) throw new ArgumentNullException(nameof(pairs));
            var withScores = pairs.Where(p => p.PrimaryScore.HasValue && p.ShadowScore.HasValue).ToList();
            var deltas = withScores.Select(p => Math.Abs(p.ShadowScore!.Value - p.PrimaryScore!.Value)).ToList();
            bool labelled = pairs.Any(p => p.PrimaryLabel != null);
            double? psi = ShadowScorePsi.Between(withScores.Select(p => p.PrimaryScore!.Value).ToArray(), withScores.Select(p => p.ShadowScore!.Value).ToArray());
            return new ShadowComparison
            {
                RunId = runId, Model = model, PrimaryVersion = primaryVersion, ShadowVersion = shadowVersion, Rows = pairs.Count,
                LabelAgreement = labelled && pairs.Count > 0 ? (double)pairs.Count(p => p.PrimaryLabel == p.ShadowLabel) / pairs.Count : null,
                MeanAbsScoreDifference = deltas.Count > 0 ? deltas.Average() : null,
                MaxAbsScoreDifference = deltas.Count > 0 ? deltas.Max() : null,
                ScorePsi = psi,
                Confusion = labelled
                    ? pairs.GroupBy(p => (p.PrimaryLabel, p.ShadowLabel)).Select(g => new LabelPair(g.Key.PrimaryLabel, g.Key.ShadowLabel, g.Count()))
                        .OrderByDescending(c => c.Rows).ThenBy(c => c.PrimaryLabel, StringComparer.Ordinal).ThenBy(c => c.ShadowLabel, StringComparer.Ordinal).ToList()
                    : Array.Empty<LabelPair>(),
            };
        }
    }

    /// <summary>One cell of the label confusion table: rows the primary labelled <see cref="PrimaryLabel"/> and the shadow <see cref="ShadowLabel"/>.</summary>
    public sealed record LabelPair(string? PrimaryLabel, string? ShadowLabel, long Rows);
}
