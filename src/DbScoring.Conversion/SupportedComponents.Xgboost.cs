using System;
using System.Collections.Generic;
using System.Linq;
using DbScoring.Conversion.Xgboost;

namespace DbScoring.Conversion
{
    public static partial class SupportedComponents
    {
        /// <summary>
        /// XGBoost objectives → their translation (base margin, output, oracle comparison). This table is the dispatch:
        /// the converter looks an objective up here and refuses any other by name; the README's list is checked against it.
        /// </summary>
        internal static IReadOnlyDictionary<string, XgbObjective> XgboostObjectives { get; } = new Dictionary<string, XgbObjective>(StringComparer.Ordinal)
        {
            ["binary:logistic"] = XgbObjective.BinaryLogistic,
            ["binary:logitraw"] = XgbObjective.BinaryLogitRaw,
            ["binary:hinge"] = XgbObjective.BinaryHinge,
            ["reg:squarederror"] = XgbObjective.Regression,
            ["reg:linear"] = XgbObjective.Regression,
            ["reg:squaredlogerror"] = XgbObjective.Regression,
            ["reg:pseudohubererror"] = XgbObjective.Regression,
            ["reg:absoluteerror"] = XgbObjective.Regression,
            ["reg:logistic"] = XgbObjective.RegressionLogistic,
            ["reg:gamma"] = XgbObjective.RegressionExp,
            ["reg:tweedie"] = XgbObjective.RegressionExp,
            ["count:poisson"] = XgbObjective.RegressionExp,
            ["multi:softprob"] = XgbObjective.MultiSoftprob,
            ["multi:softmax"] = XgbObjective.MultiSoftmax,
        };

        /// <summary>XGBoost boosters → the translation of their parameters into one score function per output group.</summary>
        internal static IReadOnlyDictionary<string, XgbBooster> XgboostBoosters { get; } = new Dictionary<string, XgbBooster>(StringComparer.Ordinal)
        {
            ["gbtree"] = XgbBooster.Trees,
            ["dart"] = XgbBooster.WeightedTrees,
            ["gblinear"] = XgbBooster.Linear,
        };

        /// <summary>Public view of the XGBoost tables, by name.</summary>
        public static class Xgboost
        {
            /// <summary>Objectives converted, by XGBoost name.</summary>
            public static IReadOnlyList<string> Objectives => XgboostObjectives.Keys.ToList();

            /// <summary>Boosters converted, by XGBoost name.</summary>
            public static IReadOnlyList<string> Boosters => XgboostBoosters.Keys.ToList();
        }

        /// <summary>The refusal for an XGBoost objective that is not in <see cref="XgboostObjectives"/>.</summary>
        internal static ModelConversionException RefuseXgboostObjective(string objective, string source)
        {
            string hint = objective.StartsWith("rank:", StringComparison.Ordinal) ? " Ranking models score groups of rows, not single rows." :
                objective.StartsWith("survival:", StringComparison.Ordinal) ? " Survival objectives are not supported yet." : "";
            return new ModelConversionException(
                $"{source}: the XGBoost objective '{objective}' is not supported by DbScoring, so the model was not converted.{hint} " +
                $"Supported objectives: {string.Join(", ", Xgboost.Objectives)}.", "objective " + objective);
        }

        /// <summary>The refusal for an XGBoost booster that is not in <see cref="XgboostBoosters"/>.</summary>
        internal static ModelConversionException RefuseXgboostBooster(string booster, string source) =>
            new ModelConversionException(
                $"{source}: the XGBoost booster '{booster}' is not supported by DbScoring, so the model was not converted. " +
                $"Supported boosters: {string.Join(", ", Xgboost.Boosters)}.", "booster " + booster);
    }
}
