using System;
using System.Collections.Generic;
using System.Globalization;
using DbScoring.Conversion.Parity;
using DbScoring.Runtime;
using DbScoring.Runtime.Predictors;

namespace DbScoring.Conversion.Xgboost
{
    /// <summary>
    /// How one XGBoost objective turns the margins (base margin + Σ trees, per output group) into a prediction, and
    /// how its oracle outputs are compared. One instance per entry of <see cref="SupportedComponents.XgboostObjectives"/>.
    /// </summary>
    internal sealed class XgbObjective
    {
        private XgbObjective(string description, Func<float, float> baseMargin, Func<int, IReadOnlyList<ScoreFunction>, Predictor> predictor,
            Func<int, IReadOnlyList<string>> classLabels, Func<float[], float[], ExpectedOutput> expect, bool multiclass)
        {
            Description = description;
            BaseMargin = baseMargin;
            CreatePredictor = predictor;
            ClassLabels = classLabels;
            Expect = expect;
            Multiclass = multiclass;
        }

        /// <summary>What the prediction is, for the docs.</summary>
        public string Description { get; }

        /// <summary>base_score → the margin every row starts from (XGBoost's ObjFunction::ProbToMargin).</summary>
        public Func<float, float> BaseMargin { get; }

        /// <summary>Feature column and one score function per output group → the predictor.</summary>
        public Func<int, IReadOnlyList<ScoreFunction>, Predictor> CreatePredictor { get; }

        /// <summary>Group count → class labels ("False", "True" for binary, "0".."K−1" for multiclass, none for regression).</summary>
        public Func<int, IReadOnlyList<string>> ClassLabels { get; }

        /// <summary>XGBoost's margins and predictions for one row → what the runtime must produce.</summary>
        public Func<float[], float[], ExpectedOutput> Expect { get; }

        /// <summary>Whether the objective needs num_class ≥ 2 output groups.</summary>
        public bool Multiclass { get; }

        private static readonly IReadOnlyList<string> BinaryLabels = new[] { "False", "True" };

        private static float Identity(float baseScore) => baseScore;

        /// <summary>LogisticRegression::ProbToMargin: −logf(1/base_score − 1), in float (src/objective/regression_loss.h).</summary>
        private static float Logit(float baseScore)
        {
            if (!(baseScore > 0f && baseScore < 1f))
                throw new ModelConversionException($"base_score {baseScore.ToString("R", CultureInfo.InvariantCulture)} is not a probability in (0, 1), which a logistic objective needs.", "base_score");
            return -(float)Math.Log(1f / baseScore - 1f);
        }

        /// <summary>Poisson, gamma and Tweedie ProbToMargin: log(base_score), in float.</summary>
        private static float Log(float baseScore)
        {
            if (!(baseScore > 0f))
                throw new ModelConversionException($"base_score {baseScore.ToString("R", CultureInfo.InvariantCulture)} is not positive, which a log-link objective needs.", "base_score");
            return (float)Math.Log(baseScore);
        }

        private static IReadOnlyList<string> NoLabels(int groups) => Array.Empty<string>();

        private static IReadOnlyList<string> Binary(int groups) => BinaryLabels;

        private static IReadOnlyList<string> ClassIndices(int groups)
        {
            var labels = new string[groups];
            for (int k = 0; k < groups; k++) labels[k] = k.ToString(CultureInfo.InvariantCulture);
            return labels;
        }

        private static string Bool(bool value) => value ? "True" : "False";

        /// <summary>binary:logistic — Probability = sigmoid(margin); label = Probability &gt; 0.5 (XGBClassifier.predict).</summary>
        public static XgbObjective BinaryLogistic { get; } = new XgbObjective(
            "binary: Score = margin, Probability = sigmoid(margin), label = Probability > 0.5",
            Logit,
            (column, f) => new BinaryPredictor(column, f[0], new PlattCalibrator(-1, 0), 0.5f, thresholdOnProbability: true),
            Binary,
            (m, v) => new ExpectedOutput { Score = m[0], Probability = v[0], Label = Bool(v[0] > 0.5f) },
            multiclass: false);

        /// <summary>binary:logitraw — the margin only; label = margin &gt; 0.</summary>
        public static XgbObjective BinaryLogitRaw { get; } = new XgbObjective(
            "binary: Score = margin, label = margin > 0",
            Identity,
            (column, f) => new BinaryPredictor(column, f[0], null, 0f, thresholdOnProbability: false),
            Binary,
            (m, v) => new ExpectedOutput { Score = m[0], Label = Bool(m[0] > 0f) },
            multiclass: false);

        /// <summary>binary:hinge — XGBoost predicts 1 when margin &gt; 0, else 0 (HingeObj::PredTransform).</summary>
        public static XgbObjective BinaryHinge { get; } = new XgbObjective(
            "binary: Score = margin, label = margin > 0 (XGBoost's 0/1 prediction)",
            Identity,
            (column, f) => new BinaryPredictor(column, f[0], null, 0f, thresholdOnProbability: false),
            Binary,
            (m, v) => new ExpectedOutput { Score = m[0], Label = Bool(v[0] == 1f) },
            multiclass: false);

        /// <summary>Regression with the identity link: Score = margin.</summary>
        public static XgbObjective Regression { get; } = new XgbObjective(
            "regression: Score = margin",
            Identity,
            (column, f) => new RegressionPredictor(column, f[0], RegressionLink.Identity),
            NoLabels,
            (m, v) => new ExpectedOutput { Score = v[0] },
            multiclass: false);

        /// <summary>reg:logistic: Score = sigmoid(margin).</summary>
        public static XgbObjective RegressionLogistic { get; } = new XgbObjective(
            "regression: Score = sigmoid(margin)",
            Logit,
            (column, f) => new RegressionPredictor(column, f[0], RegressionLink.Logistic),
            NoLabels,
            (m, v) => new ExpectedOutput { Score = v[0] },
            multiclass: false);

        /// <summary>Log-link regression (Poisson, gamma, Tweedie): Score = exp(margin).</summary>
        public static XgbObjective RegressionExp { get; } = new XgbObjective(
            "regression: Score = exp(margin)",
            Log,
            (column, f) => new RegressionPredictor(column, f[0], RegressionLink.Exponential),
            NoLabels,
            (m, v) => new ExpectedOutput { Score = v[0] },
            multiclass: false);

        /// <summary>multi:softprob — class scores = softmax of the margins; label = the first most probable class.</summary>
        public static XgbObjective MultiSoftprob { get; } = new XgbObjective(
            "multiclass: class scores = softmax(margins), label = first most probable class",
            Identity,
            (column, f) => new OneVersusAllPredictor(column, f, new Calibrator?[f.Count], OneVersusAllMode.Softmax),
            ClassIndices,
            (m, v) => new ExpectedOutput { ClassScores = v, Label = ArgMax(v).ToString(CultureInfo.InvariantCulture) },
            multiclass: true);

        /// <summary>multi:softmax — XGBoost predicts the class index; class scores are the margins.</summary>
        public static XgbObjective MultiSoftmax { get; } = new XgbObjective(
            "multiclass: class scores = margins, label = XGBoost's predicted class",
            Identity,
            (column, f) => new OneVersusAllPredictor(column, f, new Calibrator?[f.Count], OneVersusAllMode.Raw),
            ClassIndices,
            (m, v) => new ExpectedOutput { ClassScores = m, Label = ((int)v[0]).ToString(CultureInfo.InvariantCulture) },
            multiclass: true);

        /// <summary>First index of the largest value (numpy.argmax, XGBClassifier.predict).</summary>
        private static int ArgMax(float[] values)
        {
            int best = 0;
            for (int k = 1; k < values.Length; k++)
                if (values[k] > values[best]) best = k;
            return best;
        }
    }
}
