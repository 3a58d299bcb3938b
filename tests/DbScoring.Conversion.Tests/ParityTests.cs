using System.Collections.Generic;
using DbScoring.Runtime;
using Xunit;

namespace DbScoring.Conversion.Tests
{
    /// <summary>
    /// Every supported trainer and transform, trained for real with ML.NET, converted, and checked by the parity gate
    /// on the training rows (as a CSV sample) plus synthetic edge rows (NaN, unseen and empty categories, extremes).
    /// </summary>
    public sealed class ParityTests
    {
        public static IEnumerable<object[]> Cases()
        {
            foreach (var trainer in new[] { "SdcaLogisticRegression", "LbfgsLogisticRegression", "AveragedPerceptron", "LinearSvm", "SdcaNonCalibrated", "AveragedPerceptron+Platt", "AveragedPerceptron+Naive", "AveragedPerceptron+Isotonic" })
                yield return new object[] { "onehot-normalize", "binary", trainer };
            foreach (var trainer in new[] { "FastTree", "FastForest", "LightGbm" })
                yield return new object[] { "trees-raw", "binary", trainer };
            yield return new object[] { "hash-meanvariance", "binary", "SdcaLogisticRegression" };
            yield return new object[] { "numeric-onehot", "binary", "LbfgsLogisticRegression" };
            yield return new object[] { "numeric-onehot", "binary", "LightGbm" };
            yield return new object[] { "logmeanvariance-binning", "binary", "LbfgsLogisticRegression" };
            yield return new object[] { "logmeanvariance-binning", "binary", "FastTree" };
            foreach (var trainer in new[] { "Sdca", "OnlineGradientDescent", "LbfgsPoissonRegression" })
                yield return new object[] { "onehot-normalize", "regression", trainer };
            foreach (var trainer in new[] { "FastTree", "FastTreeTweedie", "FastForest", "LightGbm" })
                yield return new object[] { "trees-raw", "regression", trainer };
            foreach (var trainer in new[] { "SdcaMaximumEntropy", "LbfgsMaximumEntropy", "SdcaNonCalibrated", "OneVersusAll" })
                yield return new object[] { "hash-meanvariance", "multiclass", trainer };
            foreach (var trainer in new[] { "LightGbm", "LightGbmSoftmax", "OneVersusAllRaw" })
                yield return new object[] { "trees-raw", "multiclass", trainer };
        }

        [Theory]
        [MemberData(nameof(Cases))]
        public void A_trained_model_converts_and_scores_as_MLNET_does(string features, string task, string trainer)
        {
            string zip = TrainedModels.TrainAndSave(features, task, trainer);
            string sample = TrainedModels.WriteSample(ChurnData.Generate(500, seed: 99));

            var result = ModelConverter.Convert(zip, new ConversionOptions { SamplePath = sample });

            Assert.True(result.Parity.Passed, result.Parity.ToString());
            Assert.Equal(0, result.Parity.LabelMismatches);
            Assert.True(result.Parity.Rows >= 700, $"only {result.Parity.Rows} rows checked");
            Assert.Equal(task switch { "binary" => PredictionKind.BinaryClassification, "regression" => PredictionKind.Regression, _ => PredictionKind.MulticlassClassification }, result.Model.Kind);
            Assert.Equal(result.Parity.Rows.ToString(System.Globalization.CultureInfo.InvariantCulture), result.Model.Metadata["parity.rows"]);
        }
    }
}
