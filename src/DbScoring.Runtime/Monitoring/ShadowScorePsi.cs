using System;
using System.Collections.Generic;

namespace DbScoring.Runtime.Monitoring
{
    /// <summary>
    /// The PSI between a shadow version's scores and the primary's on the same rows: the primary's scores are binned by
    /// their deciles (<see cref="DistributionBuilder.Numeric"/>, as a training profile bins the Score), the shadow's scores
    /// are counted in those bins, and <see cref="Psi.Compute"/> compares the two. One place for both stores: the embedded
    /// store's audit compare and SQL Server's scoring.ShadowComparison (CLR) call it.
    /// </summary>
    public static class ShadowScorePsi
    {
        /// <summary>The PSI of <paramref name="shadow"/> against <paramref name="primary"/> (pairs of the same rows); null when there are none.</summary>
        public static double? Between(IReadOnlyList<double> primary, IReadOnlyList<double> shadow)
        {
            if (primary == null) throw new ArgumentNullException(nameof(primary));
            if (shadow == null) throw new ArgumentNullException(nameof(shadow));
            if (primary.Count != shadow.Count) throw new ArgumentException("The primary and shadow scores must come in pairs of the same rows.", nameof(shadow));
            if (primary.Count == 0) return null;
            Distribution bins = DistributionBuilder.Numeric("Score", primary, primary.Count);
            var counts = new DistributionCounts(bins);
            for (int i = 0; i < shadow.Count; i++) counts.AddNumber(shadow[i]);
            return Psi.Compute(bins.BucketCounts(), counts.Buckets);
        }
    }
}
