using System;
using System.Collections.Generic;
using System.Linq;
using DbScoring.Runtime.Predictors;
using Microsoft.ML.Trainers;
using Microsoft.ML.Trainers.FastTree;
using Microsoft.ML.Trainers.LightGbm;
using MlCalibrator = Microsoft.ML.Calibrators;

namespace DbScoring.Conversion
{
    public static partial class SupportedComponents
    {
        /// <summary>
        /// ML.NET model parameters → their translation. This table is the dispatch: PredictorTranslator looks a model's
        /// type up here (or its nearest listed base type: SDCA's LinearRegressionModelParameters and OLS's OlsModelParameters are
        /// RegressionModelParameters)
        /// and refuses any other by its type name; the README's table is generated from it.
        /// </summary>
        internal static IReadOnlyDictionary<Type, MlNetPredictor> MlNetPredictors { get; } = new Dictionary<Type, MlNetPredictor>
        {
            [typeof(LinearBinaryModelParameters)] = MlNetPredictor.Scoring<LinearBinaryModelParameters>("SDCA, L-BFGS logistic, AveragedPerceptron, LinearSvm, SGD", "Linear: w·x + b", PredictorTranslator.Linear),
            // The base of LinearRegressionModelParameters (SDCA, OnlineGradientDescent) and OlsModelParameters (OLS).
            [typeof(RegressionModelParameters)] = MlNetPredictor.Scoring<RegressionModelParameters>("SDCA, OnlineGradientDescent, OLS", "Linear: w·x + b", PredictorTranslator.Linear),
            [typeof(PoissonRegressionModelParameters)] = MlNetPredictor.Scoring<PoissonRegressionModelParameters>("", "Linear, prediction exp(w·x + b)", PredictorTranslator.Linear, RegressionLink.Exponential),
            [typeof(FastTreeBinaryModelParameters)] = MlNetPredictor.Scoring<FastTreeBinaryModelParameters>("", "TreeEnsemble: the trees' sum in double", PredictorTranslator.Trees),
            [typeof(FastTreeRegressionModelParameters)] = MlNetPredictor.Scoring<FastTreeRegressionModelParameters>("", "TreeEnsemble: the trees' sum in double", PredictorTranslator.Trees),
            [typeof(FastTreeTweedieModelParameters)] = MlNetPredictor.Scoring<FastTreeTweedieModelParameters>("", "TreeEnsemble, prediction exp(sum)", PredictorTranslator.Trees, RegressionLink.Exponential),
            [typeof(FastForestBinaryModelParameters)] = MlNetPredictor.Scoring<FastForestBinaryModelParameters>("", "TreeEnsemble: the trees' sum in double", PredictorTranslator.Trees),
            [typeof(FastForestRegressionModelParameters)] = MlNetPredictor.Scoring<FastForestRegressionModelParameters>("", "TreeEnsemble: the trees' mean", PredictorTranslator.Trees),
            [typeof(LightGbmBinaryModelParameters)] = MlNetPredictor.Scoring<LightGbmBinaryModelParameters>("", "TreeEnsemble: the trees' sum in double", PredictorTranslator.Trees),
            [typeof(LightGbmRegressionModelParameters)] = MlNetPredictor.Scoring<LightGbmRegressionModelParameters>("", "TreeEnsemble: the trees' sum in double", PredictorTranslator.Trees),
            [typeof(MaximumEntropyModelParameters)] = MlNetPredictor.Classes<MaximumEntropyModelParameters>("SDCA maximum entropy, L-BFGS maximum entropy", "MulticlassLinear: one w·x + b per class, softmax", PredictorTranslator.LinearMulticlass),
            [typeof(LinearMulticlassModelParameters)] = MlNetPredictor.Classes<LinearMulticlassModelParameters>("SDCA non-calibrated", "MulticlassLinear: one w·x + b per class, normalized", PredictorTranslator.LinearMulticlass),
            [typeof(OneVersusAllModelParameters)] = MlNetPredictor.Classes<OneVersusAllModelParameters>("OneVersusAll over a binary trainer, LightGbm multiclass", "OneVersusAll: a binary model per class (raw, probability-normalized or softmax)", PredictorTranslator.OneVersusAll),
        };

        /// <summary>ML.NET calibrators → their translation (the dispatch table of PredictorTranslator's calibrators).</summary>
        internal static IReadOnlyDictionary<Type, MlNetCalibrator> MlNetCalibrators { get; } = new Dictionary<Type, MlNetCalibrator>
        {
            [typeof(MlCalibrator.PlattCalibrator)] = MlNetCalibrator.Of<MlCalibrator.PlattCalibrator>("1 / (1 + exp(slope·s + offset)) in double",
                platt => new PlattCalibrator(platt.Slope, platt.Offset)),
            [typeof(MlCalibrator.NaiveCalibrator)] = MlNetCalibrator.Of<MlCalibrator.NaiveCalibrator>("the probability of the score's bin",
                naive => new NaiveCalibrator(naive.BinSize, naive.Min, naive.BinProbs.ToArray())),
            [typeof(MlCalibrator.IsotonicCalibrator)] = MlNetCalibrator.Of<MlCalibrator.IsotonicCalibrator>("the value of the score's step (pool-adjacent-violators)",
                isotonic => new IsotonicCalibrator(isotonic.Mins.ToArray(), isotonic.Maxes.ToArray(), isotonic.Values.ToArray())),
        };

        /// <summary>Predictors, by ML.NET model-parameters type name (with the trainers that produce them).</summary>
        public static IReadOnlyList<string> Predictors => MlNetPredictors.Select(p => p.Key.Name + (p.Value.Trainers.Length == 0 ? "" : " (" + p.Value.Trainers + ")")).ToList();

        /// <summary>Calibrators, by ML.NET type name.</summary>
        public static IReadOnlyList<string> Calibrators => MlNetCalibrators.Keys.Select(t => t.Name).ToList();

        /// <summary>The entry of <paramref name="table"/> for <paramref name="type"/>: its own, else its nearest listed base type's; null if none.</summary>
        internal static T? Find<T>(IReadOnlyDictionary<Type, T> table, Type type) where T : class
        {
            for (var t = type; t != null; t = t.BaseType)
                if (table.TryGetValue(t, out var entry)) return entry;
            return null;
        }
    }
}
