using System;
using System.Collections.Generic;
using System.Globalization;
using DbScoring.Runtime.Monitoring;

namespace DbScoring.SqlClr;

/// <summary>Plain C# behind scoring.Private_SplitArm and Private_ShadowScorePsi: the runtime's rules, called from T-SQL.</summary>
internal static class Champions
{
    /// <summary>'B' (the challenger) when the key's bucket is below the split's threshold, else 'A'.</summary>
    /// <exception cref="System.ArgumentOutOfRangeException">The percentage is not above 0 and below 100.</exception>
    internal static string ArmOf(string modelName, string rowKey, double percent) =>
        SplitBucket.Of(SplitBucket.SaltOf(modelName), rowKey) < SplitBucket.Threshold(percent) ? "B" : "A";

    /// <summary>The PSI of the shadow's scores against the primary's, from "primary,shadow;…" text; null when there is no pair.</summary>
    /// <exception cref="FormatException">A pair is not two numbers.</exception>
    internal static double? ScorePsi(string scorePairs)
    {
        var primary = new List<double>();
        var shadow = new List<double>();
        foreach (string pair in scorePairs.Split(';'))
        {
            if (pair.Length == 0)
            {
                continue;
            }

            int comma = pair.IndexOf(',');
            if (comma < 0)
            {
                throw new FormatException("A score pair must be 'primary,shadow', not '" + pair + "'.");
            }

            primary.Add(double.Parse(pair.Substring(0, comma), NumberStyles.Float, CultureInfo.InvariantCulture));
            shadow.Add(double.Parse(pair.Substring(comma + 1), NumberStyles.Float, CultureInfo.InvariantCulture));
        }

        return ShadowScorePsi.Between(primary, shadow);
    }
}
