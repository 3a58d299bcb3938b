using System;
using DbScoring.Runtime.Predictors;
using Microsoft.ML.Calibrators;

namespace DbScoring.Conversion
{
    /// <summary>
    /// How one ML.NET model-parameters type is converted; one instance per entry of
    /// <see cref="SupportedComponents.MlNetPredictors"/> (the dispatch table, as for transformers, ONNX operators and
    /// XGBoost objectives). A binary or regression model gives a raw score function (<see cref="Raw"/>), a multiclass
    /// model a predictor (<see cref="Multiclass"/>).
    /// </summary>
    internal sealed class MlNetPredictor
    {
        private MlNetPredictor(string trainers, string description, Func<object, int, ScoreFunction>? raw, RegressionLink link,
            Func<object, int, int, Func<int, Predictor>>? multiclass)
        {
            Trainers = trainers; Description = description; Raw = raw; Link = link; Multiclass = multiclass;
        }

        /// <summary>The ML.NET trainers that produce it, for the docs ("" when named after its trainer).</summary>
        public string Trainers { get; }

        /// <summary>What it becomes, for the docs.</summary>
        public string Description { get; }

        /// <summary>Binary and regression: the raw score function over that many features; null for a multiclass model.</summary>
        public Func<object, int, ScoreFunction>? Raw { get; }

        /// <summary>Regression: the link from score to prediction.</summary>
        public RegressionLink Link { get; }

        /// <summary>Multiclass: the predictor (feature count, class count → feature column → predictor); null otherwise.</summary>
        public Func<object, int, int, Func<int, Predictor>>? Multiclass { get; }

        public static MlNetPredictor Scoring<T>(string trainers, string description, Func<T, int, ScoreFunction> raw, RegressionLink link = RegressionLink.Identity) where T : class =>
            new MlNetPredictor(trainers, description, (model, features) => raw((T)model, features), link, null);

        public static MlNetPredictor Classes<T>(string trainers, string description, Func<T, int, int, Func<int, Predictor>> multiclass) where T : class =>
            new MlNetPredictor(trainers, description, null, RegressionLink.Identity, (model, features, classes) => multiclass((T)model, features, classes));
    }

    /// <summary>How one ML.NET calibrator is converted; one instance per entry of <see cref="SupportedComponents.MlNetCalibrators"/>.</summary>
    internal sealed class MlNetCalibrator
    {
        private MlNetCalibrator(string description, Func<ICalibrator, Runtime.Predictors.Calibrator> create)
        {
            Description = description; Create = create;
        }

        public string Description { get; }

        public Func<ICalibrator, Runtime.Predictors.Calibrator> Create { get; }

        public static MlNetCalibrator Of<T>(string description, Func<T, Runtime.Predictors.Calibrator> create) where T : class, ICalibrator =>
            new MlNetCalibrator(description, calibrator => create((T)calibrator));
    }
}
