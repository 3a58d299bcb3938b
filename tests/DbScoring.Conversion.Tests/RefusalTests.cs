using System.IO;
using System.Linq;
using Microsoft.ML;
using Xunit;

namespace DbScoring.Conversion.Tests
{
    /// <summary>What the converter cannot reproduce exactly it refuses, naming the ML.NET component.</summary>
    public sealed class RefusalTests
    {
        private static string Save(MLContext ml, ITransformer model, IDataView data, string name)
        {
            string folder = Path.Combine(Path.GetTempPath(), "dbscoring-refusal-" + System.Environment.ProcessId);
            Directory.CreateDirectory(folder);
            string path = Path.Combine(folder, name);
            ml.Model.Save(model, data.Schema, path);
            return path;
        }

        [Fact]
        public void Text_featurization_is_refused_by_name()
        {
            var ml = new MLContext(seed: 1);
            var data = ml.Data.LoadFromEnumerable(ChurnData.Generate(300, 1));
            var model = ml.Transforms.Text.FeaturizeText("Features", "Region")
                .Append(ml.BinaryClassification.Trainers.SdcaLogisticRegression("Churn")).Fit(data);
            string zip = Save(ml, model, data, "text.zip");

            var error = Assert.Throws<ModelConversionException>(() => ModelConverter.Convert(zip));

            Assert.NotNull(error.Component);
            Assert.Contains(error.Component!, error.Message);
            Assert.Contains("Text featurization", error.Message);
        }

        [Fact]
        public void A_clustering_model_is_refused_by_its_type_name()
        {
            var ml = new MLContext(seed: 1);
            var data = ml.Data.LoadFromEnumerable(ChurnData.Generate(300, 1));
            var model = ml.Transforms.Concatenate("Features", "Tenure", "Spend")
                .Append(ml.Clustering.Trainers.KMeans(numberOfClusters: 3)).Fit(data);
            string zip = Save(ml, model, data, "kmeans.zip");

            var error = Assert.Throws<ModelConversionException>(() => ModelConverter.Convert(zip));

            Assert.Contains("ClusteringPredictionTransformer", error.Message);
        }

        [Fact]
        public void A_file_that_is_not_an_MLNET_model_is_refused_clearly()
        {
            string path = Path.GetTempFileName();
            File.WriteAllText(path, "not a zip");

            var error = Assert.Throws<ModelConversionException>(() => ModelConverter.Convert(path));

            Assert.Contains("not a loadable ML.NET model", error.Message);
        }

        [Fact]
        public void Converting_the_same_model_twice_gives_the_same_bytes()
        {
            string zip = TrainedModels.TrainAndSave("trees-raw", "binary", "LightGbm");

            var first = ModelConverter.Convert(zip);
            var second = ModelConverter.Convert(zip);

            Assert.Equal(first.Blob, second.Blob);
            Assert.Equal(first.Model.ContentHashHex, second.Model.ContentHashHex);
        }

        [Fact]
        public void Only_the_columns_the_prediction_needs_become_inputs()
        {
            string zip = TrainedModels.TrainAndSave("logmeanvariance-binning", "binary", "FastTree");

            var result = ModelConverter.Convert(zip);

            var names = result.Model.Inputs.Select(i => i.Name).ToArray();
            Assert.Equal(new[] { "Age", "Tenure", "MonthlyCharges", "Plan" }, names);
            Assert.Equal(ChurnData.Plans, result.Model.Inputs[3].Categories.Where(c => c.Length > 0).OrderBy(c => System.Array.IndexOf(ChurnData.Plans, c)).ToArray());
        }
    }
}
